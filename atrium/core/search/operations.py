"""The migration operation that creates a search kind's index tables (SQLite FTS5 or PostgreSQL GIN).

In the migration of the app that registers the kind::

    from atrium.core.search.operations import CreateSearchIndex

    operations = [CreateSearchIndex("customer")]

Existing records are not indexed by the migration (it cannot use the current models): run ``rebuild_index``.
"""

from __future__ import annotations

from django.db.migrations.operations.base import Operation

from atrium.core.search import storage
from atrium.core.search.registry import index_table


class CreateSearchIndex(Operation):
    reversible = True
    reduces_to_sql = True

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.table = index_table(kind)

    def deconstruct(self):
        return ("atrium.core.search.operations.CreateSearchIndex", [self.kind], {})

    def state_forwards(self, app_label, state) -> None:
        """The index tables are not models: the migration state does not change."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state) -> None:
        for statement in storage.create_statements(schema_editor.connection.vendor, self.table):
            schema_editor.execute(statement)

    def database_backwards(self, app_label, schema_editor, from_state, to_state) -> None:
        for statement in storage.drop_statements(schema_editor.connection.vendor, self.table):
            schema_editor.execute(statement)

    def describe(self) -> str:
        return f"Create the search index of {self.kind}"

    @property
    def migration_name_fragment(self) -> str:
        return f"search_index_{self.kind}"
