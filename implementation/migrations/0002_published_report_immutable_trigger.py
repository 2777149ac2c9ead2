"""A published annual report is immutable at the database layer too.

The same pattern as consultations' 0005 (published draft versions): services refuse
first; the trigger makes a stray ``save()`` or ``update()`` raise on PostgreSQL and
SQLite. A user deletion nulling ``prepared_by``/``published_by`` is let through.
"""

from django.db import migrations

CHANGED = """
    NEW.programme_id {ne} OLD.programme_id OR NEW.year {ne} OLD.year
    OR NEW.status {ne} OLD.status OR NEW.summary {ne} OLD.summary
    OR NEW.non_financial {ne} OLD.non_financial OR NEW.teams_activity {ne} OLD.teams_activity
    OR NEW.conclusions {ne} OLD.conclusions OR NEW.content {ne_json} OLD.content
    OR NEW.prepared_at {ne} OLD.prepared_at OR NEW.published_at {ne} OLD.published_at
    OR (NEW.prepared_by_id {ne} OLD.prepared_by_id AND NEW.prepared_by_id IS NOT NULL)
    OR (NEW.published_by_id {ne} OLD.published_by_id AND NEW.published_by_id IS NOT NULL)
"""
TABLE = "implementation_annualreport"
NAME = f"{TABLE}_immutable"
MESSAGE = "a published annual report is immutable"


def create_trigger(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        # jsonb has equality; compare as jsonb so key order does not matter.
        changed = CHANGED.format(ne="IS DISTINCT FROM", ne_json="::jsonb IS DISTINCT FROM")
        changed = changed.replace("OLD.content", "OLD.content::jsonb")
        for sql in [
            f"""
            CREATE OR REPLACE FUNCTION {NAME}() RETURNS trigger AS $$
            BEGIN
                IF OLD.status = 'published' AND ({changed}) THEN
                    RAISE EXCEPTION '{MESSAGE} (%% %%)', TG_TABLE_NAME, OLD.id
                        USING ERRCODE = 'integrity_constraint_violation';
                END IF;
                RETURN NEW;
            END
            $$ LANGUAGE plpgsql;
            """,
            f"DROP TRIGGER IF EXISTS {NAME} ON {TABLE};",
            f"CREATE TRIGGER {NAME} BEFORE UPDATE ON {TABLE} FOR EACH ROW EXECUTE FUNCTION {NAME}();",
        ]:
            schema_editor.execute(sql)
    elif vendor == "sqlite":
        changed = CHANGED.format(ne="IS NOT", ne_json="IS NOT")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {NAME};")
        schema_editor.execute(
            f"""
            CREATE TRIGGER {NAME} BEFORE UPDATE ON {TABLE}
            FOR EACH ROW WHEN OLD.status = 'published' AND ({changed})
            BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
            """
        )
    else:
        raise RuntimeError(f"No immutability trigger written for {vendor}.")


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {NAME} ON {TABLE};")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {NAME}();")
    else:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {NAME};")


class Migration(migrations.Migration):
    dependencies = [("implementation", "0001_implementation_records_reports_surveys")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
