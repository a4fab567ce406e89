"""The nightly refresh of the database's query-planner statistics (SQLite only; see core.db_statistics)."""

from __future__ import annotations

from atrium.core.db_statistics import analyse


def database_statistics_refresh() -> list[str]:
    """ANALYZE every table on SQLite; answers the tables analysed (none on PostgreSQL)."""
    return analyse()
