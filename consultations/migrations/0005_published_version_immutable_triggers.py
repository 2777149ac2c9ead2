"""A published draft version is immutable at the database layer too.

Services and the admin refuse changes first; these triggers make a stray
``save()`` or ``QuerySet.update()`` raise as well, on both engines the suite runs
on (PostgreSQL in CI and production, SQLite in the zero-setup mode). Updates that
write the same values, and user deletions that null ``created_by``/``published_by``
(``on_delete=SET_NULL``), are let through. Inserts and deletes are guarded by the
services and the admin only: the test-database flush deletes rows one by one on SQLite.
"""

from django.db import migrations

VERSION_CHANGED = """
    NEW.programme_id {ne} OLD.programme_id OR NEW.number {ne} OLD.number
    OR NEW.title {ne} OLD.title OR NEW.status {ne} OLD.status
    OR NEW.change_note {ne} OLD.change_note OR NEW.created_at {ne} OLD.created_at
    OR NEW.published_at {ne} OLD.published_at
    OR (NEW.created_by_id {ne} OLD.created_by_id AND NEW.created_by_id IS NOT NULL)
    OR (NEW.published_by_id {ne} OLD.published_by_id AND NEW.published_by_id IS NOT NULL)
"""
SECTION_CHANGED = """
    NEW.version_id {ne} OLD.version_id OR NEW.position {ne} OLD.position
    OR NEW.kind {ne} OLD.kind OR NEW.title {ne} OLD.title
"""
PARAGRAPH_CHANGED = """
    NEW.section_id {ne} OLD.section_id OR NEW.number {ne} OLD.number OR NEW.text {ne} OLD.text
"""
SECTION_PUBLISHED = """
    EXISTS (SELECT 1 FROM consultations_draftversion v
            WHERE v.id IN (OLD.version_id, NEW.version_id) AND v.status = 'published')
"""
PARAGRAPH_PUBLISHED = """
    EXISTS (SELECT 1 FROM consultations_section s
            JOIN consultations_draftversion v ON v.id = s.version_id
            WHERE s.id IN (OLD.section_id, NEW.section_id) AND v.status = 'published')
"""
MESSAGE = "a published draft version is immutable: make a new version"

GUARDS = [
    ("consultations_draftversion", "OLD.status = 'published'", VERSION_CHANGED),
    ("consultations_section", SECTION_PUBLISHED, SECTION_CHANGED),
    ("consultations_paragraph", PARAGRAPH_PUBLISHED, PARAGRAPH_CHANGED),
]


def _postgresql(table: str, published: str, changed: str) -> list[str]:
    name = f"{table}_immutable"
    return [
        f"""
        CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
        BEGIN
            IF ({published}) AND ({changed.format(ne="IS DISTINCT FROM")}) THEN
                RAISE EXCEPTION '{MESSAGE} (%% %%)', TG_TABLE_NAME, OLD.id
                    USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RETURN NEW;
        END
        $$ LANGUAGE plpgsql;
        """,
        f"DROP TRIGGER IF EXISTS {name} ON {table};",
        f"CREATE TRIGGER {name} BEFORE UPDATE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {name}();",
    ]


def _sqlite(table: str, published: str, changed: str) -> list[str]:
    name = f"{table}_immutable"
    return [
        f"DROP TRIGGER IF EXISTS {name};",
        f"""
        CREATE TRIGGER {name} BEFORE UPDATE ON {table}
        FOR EACH ROW WHEN ({published}) AND ({changed.format(ne="IS NOT")})
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
        """,
    ]


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table, published, changed in GUARDS:
        if vendor == "postgresql":
            statements = _postgresql(table, published, changed)
        elif vendor == "sqlite":
            statements = _sqlite(table, published, changed)
        else:
            raise RuntimeError(f"No immutability trigger written for {vendor}.")
        for sql in statements:
            # The schema editor always passes params, so PostgreSQL's % is written %%.
            schema_editor.execute(sql)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table, _published, _changed in GUARDS:
        name = f"{table}_immutable"
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table};")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}();")
        else:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name};")


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0004_renderedpdf"),
    ]

    operations = [
        migrations.RunPython(create_triggers, drop_triggers),
    ]
