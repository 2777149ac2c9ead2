"""Migration operations shared by the apps (docs/operations.md, "Bounded input")."""

from __future__ import annotations

from typing import Any

from django.db import migrations


class AddConstraintNotValid(migrations.AddConstraint):
    """Add a CHECK constraint that new writes must meet, keeping rows already stored.

    On PostgreSQL the constraint is added ``NOT VALID``: inserts and updates are
    checked from now on, but a database that already holds, say, a meeting dated
    0001-01-01 still migrates, and the coordinator corrects the row in the admin (an
    update must then meet the constraint). Public records are never rewritten by a
    migration. Other databases (SQLite for development) add it the ordinary way.
    """

    def database_forwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        operation: Any = self  # django-stubs omit AddConstraint's attributes
        model = to_state.apps.get_model(app_label, operation.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        if schema_editor.connection.vendor != "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)
            return
        statement = operation.constraint.create_sql(model, schema_editor)
        schema_editor.execute(f"{statement} NOT VALID")
