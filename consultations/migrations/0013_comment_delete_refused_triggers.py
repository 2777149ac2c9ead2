"""A comment, once received, is never deleted: the database refuses DELETE too.

The consultation report is a public, legal record numbered 1..N (docs/record.md);
the admin and services offer no deletion, and these triggers make a stray
``QuerySet.delete()`` or a hand-written ``DELETE`` fail as well, on PostgreSQL and
SQLite (as 0005 does for published versions). Withdrawn comments and comments set
aside as "not a comment on this document" keep their row and number.

Emptying the whole database stays possible: on PostgreSQL ``flush`` uses TRUNCATE,
which row triggers do not see; on SQLite ``flush`` deletes row by row, so the
trigger asks ``consultations_deletes_allowed()``, a function our connections
register (consultations/db.py) that answers 1 only inside our ``flush`` command.
A connection without it (the sqlite3 shell) gets "no such function": refused too.
"""

from django.db import migrations

MESSAGE = "a received comment is never deleted: withdraw it or mark it as not a comment"


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = [
            f"""
            CREATE OR REPLACE FUNCTION consultations_comment_never_deleted() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION '{MESSAGE} (No. %%)', OLD.number
                    USING ERRCODE = 'integrity_constraint_violation';
            END
            $$ LANGUAGE plpgsql;
            """,
            "DROP TRIGGER IF EXISTS consultations_comment_never_deleted ON consultations_comment;",
            "CREATE TRIGGER consultations_comment_never_deleted BEFORE DELETE "
            "ON consultations_comment FOR EACH ROW "
            "EXECUTE FUNCTION consultations_comment_never_deleted();",
        ]
    elif vendor == "sqlite":
        statements = [
            "DROP TRIGGER IF EXISTS consultations_comment_never_deleted;",
            f"""
            CREATE TRIGGER consultations_comment_never_deleted BEFORE DELETE
            ON consultations_comment FOR EACH ROW WHEN NOT consultations_deletes_allowed()
            BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
            """,
        ]
    else:
        raise RuntimeError(f"No comment deletion trigger written for {vendor}.")
    for sql in statements:
        schema_editor.execute(sql)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "DROP TRIGGER IF EXISTS consultations_comment_never_deleted ON consultations_comment;"
        )
        schema_editor.execute("DROP FUNCTION IF EXISTS consultations_comment_never_deleted();")
    else:
        schema_editor.execute("DROP TRIGGER IF EXISTS consultations_comment_never_deleted;")


class Migration(migrations.Migration):
    dependencies = [
        ('consultations', '0012_comment_not_a_comment'),
    ]

    operations = [
        migrations.RunPython(create_triggers, drop_triggers),
    ]
