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


def sqlite_triggers_kept(*trigger_migrations: str) -> tuple[Any, Any]:
    """Two operations to put around table changes that SQLite makes by rebuilding tables.

    SQLite alters a column by creating a new table, copying the rows, dropping the old one
    and renaming: the triggers *on* a rebuilt table are dropped with it, and a trigger on
    another table that names it makes the rename fail ("error in trigger …"). The first
    operation drops the triggers the named migrations created, the second creates them
    again; each reverses the other. PostgreSQL alters tables in place: nothing is done there.
    ``trigger_migrations`` are dotted module names whose ``create_trigger(s)`` and
    ``drop_trigger(s)`` functions are reused, so a trigger's text is written once.
    """
    import importlib

    def _call(kind: str) -> Any:
        def run(apps: Any, schema_editor: Any) -> None:
            if schema_editor.connection.vendor != "sqlite":
                return
            for name in trigger_migrations:
                module = importlib.import_module(name)
                function = getattr(module, f"{kind}_triggers", None) or getattr(
                    module, f"{kind}_trigger"
                )
                function(apps, schema_editor)

        return run

    drop, create = _call("drop"), _call("create")
    return migrations.RunPython(drop, create), migrations.RunPython(create, drop)
