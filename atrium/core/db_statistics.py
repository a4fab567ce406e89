"""The query planner's statistics on SQLite. PostgreSQL keeps its own (autovacuum analyses tables as they change);
SQLite has none until ``ANALYZE`` runs, and a migration that rebuilds a table drops that table's. Without them
SQLite guesses: a list of 100,000 customers that takes 25 ms with statistics took 130–200 ms a page without
(it walked the wrong index). So:

- after every ``migrate``, the tables that have no statistics are analysed (a rebuilt or new table; an empty
  table costs nothing), so an upgrade does not leave the lists slow;
- every night the worker analyses every table (``maintenance``'s job), so the statistics follow the data as
  it grows (an import of 100,000 rows into a new install).
"""

from __future__ import annotations

from django.db import connections


def _tables(connection) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'"
        )
        return [row[0] for row in cursor.fetchall()]


def tables_with_statistics(connection) -> set[str]:
    """The tables SQLite holds statistics of (none before the first ANALYZE)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return set()
        cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
        return {row[0] for row in cursor.fetchall()}


def _has_rows(connection, table: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT 1 FROM "{table}" LIMIT 1')  # names read from sqlite_master
        return cursor.fetchone() is not None


def analyse(using: str = "default", *, only_missing: bool = False) -> list[str]:
    """Run ANALYZE on SQLite (every table, or only those holding rows but no statistics); answers the tables
    analysed. Does nothing on other databases."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return []
    if not only_missing:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return _tables(connection)
    known = tables_with_statistics(connection)
    missing = [t for t in _tables(connection) if t not in known and _has_rows(connection, t)]
    with connection.cursor() as cursor:
        for table in missing:
            cursor.execute(f'ANALYZE "{table}"')
    return missing
