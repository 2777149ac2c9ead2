"""A database made at the previous main migrates forward with every row intact.

The programme models moved from ``consultations`` to ``programmes`` and the reminder models
to ``reminders`` by state only (docs/architecture.md, "Moving models"): the tables keep
their ``consultations_*`` names and the content types change app, so permissions, groups
and admin log entries follow. This test builds a fresh PostgreSQL database at the old
migration state, fills every table of that state through the historical models, migrates
to the latest migrations and reads every row back through today's models.

It runs in its own database (created and dropped here) so that it neither sees nor
disturbs the test database of the other tests.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps as current_apps
from django.apps import apps as django_apps
from django.contrib.contenttypes.models import ContentType
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.migration

# The previous main's leaves of the apps that changed; programmes and reminders did not exist.
OLD_NODES = [
    ("consultations", "0008_reminder_defaults_and_beat_entry"),
    ("teams", "0002_organisation_representatives"),
    ("swot", "0001_initial"),
]
MOVED_APPS = ("consultations", "teams", "swot")
NEW_APPS = ("programmes", "reminders")
MOVED_MODELS = {
    "programmes": ("programme", "phase", "strategydocument", "strategygoal", "priorityarea"),
    "reminders": ("reminderoffset", "reminderpreferences", "reminderdelivery"),
}
WHEN = dt.datetime(2011, 7, 6, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def fresh_database(django_db_blocker: Any) -> Iterator[BaseDatabaseWrapper]:
    """Point the default connection at a new, empty PostgreSQL database for one test."""
    connection = connections["default"]
    if connection.vendor != "postgresql":
        pytest.skip(
            "The forward migration is checked on PostgreSQL only: the production "
            "database, with its triggers (set DATABASE_URL to a PostgreSQL server)."
        )
    original = connection.settings_dict["NAME"]
    name = f"{original}_fwd_{os.getpid()}"[-63:]
    with django_db_blocker.unblock():
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}"')
        connection.close()
        connection.settings_dict["NAME"] = name
        ContentType.objects.clear_cache()
        try:
            yield connection
        finally:
            connection.close()
            connection.settings_dict["NAME"] = original
            ContentType.objects.clear_cache()
            with connection._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _is_ours(config: Any) -> bool:
    """An app of this repository (not a package installed in the virtualenv)."""
    return "site-packages" not in str(config.path)


def _old_targets(executor: MigrationExecutor) -> list[tuple[str, str]]:
    """The old nodes, plus the leaves of the third-party apps (ours came later or moved)."""
    ours = {config.label for config in django_apps.get_app_configs() if _is_ours(config)}
    untouched = [node for node in executor.loader.graph.leaf_nodes() if node[0] not in ours]
    return OLD_NODES + untouched


def _tables(old_apps: Any) -> list[str]:
    """Every table of the moved apps in the old state, auto-created M2M tables included."""
    tables = set()
    for model in old_apps.get_models(include_auto_created=True):
        if model._meta.app_label in MOVED_APPS:
            tables.add(model._meta.db_table)
    return sorted(tables)


def _columns(connection: BaseDatabaseWrapper, table: str) -> list[str]:
    with connection.cursor() as cursor:
        return [c.name for c in connection.introspection.get_table_description(cursor, table)]


def _rows(
    connection: BaseDatabaseWrapper, table: str, columns: list[str] | None = None
) -> list[tuple[Any, ...]]:
    """The rows, in the old state's columns (later migrations may add columns)."""
    names = ", ".join(f'"{c}"' for c in columns) if columns else "*"
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT {names} FROM "{table}" ORDER BY 1')  # noqa: S608 - our own table names
        return cursor.fetchall()


def _fill_old_state(old: Any) -> dict[str, Any]:
    """One or more rows in every table of the old state, through its historical models."""

    def model(label: str) -> Any:
        return old.get_model(label)

    user_model = model("auth.User")
    coordinator = user_model.objects.create(username="koordynator", email="k@example.org")
    member = user_model.objects.create(username="czlonek", email="c@example.org")

    strategy = model("consultations.StrategyDocument").objects.create(
        title="Strategia Rozwoju Krakowa", short_name="SRK", first_year=2005, last_year=2020
    )
    goal = model("consultations.StrategyGoal").objects.create(
        document=strategy, code="I-8", title="Rozwój sektora pozarządowego"
    )
    area = model("consultations.PriorityArea").objects.create(
        document=strategy, number=1, name="Przeciwdziałanie wykluczeniu"
    )
    programme = model("consultations.Programme").objects.create(
        slug="wpw-2012-2014",
        title="Wieloletni Program Współpracy 2012–2014",
        municipality="Gmina Miejska Kraków",
        first_year=2012,
        last_year=2014,
        legal_basis="Art. 5a ustawy o działalności pożytku publicznego i o wolontariacie",
    )
    programme.priority_areas.add(area)
    programme.strategy_goals.add(goal)
    phase = model("consultations.Phase").objects.create(
        programme=programme,
        kind="consultation",
        name="Konsultacje projektu",
        starts_at=WHEN,
        ends_at=WHEN + dt.timedelta(days=14),
        accepts_comments=True,
    )

    organisation = model("teams.Organisation").objects.create(
        name="Stowarzyszenie Przykładowe", krs="0000123456", nip="8567346215", address="Kraków"
    )
    team = model("teams.SectorTeam").objects.create(
        programme=programme, name="Wykluczenie społeczne", slug="wykluczenie"
    )
    team.priority_areas.add(area)
    model("teams.Membership").objects.create(
        user=member, team=team, organisation=organisation, role="member"
    )
    model("teams.Representative").objects.create(user=member, organisation=organisation)
    meeting = model("teams.Meeting").objects.create(
        team=team, title="Spotkanie zespołu", starts_at=WHEN
    )
    model("teams.HistoricalMeeting").objects.create(
        id=meeting.pk,
        team=team,
        title=meeting.title,
        starts_at=WHEN,
        history_date=WHEN,
        history_type="+",
        history_user=coordinator,
    )
    model("teams.AgendaItem").objects.create(meeting=meeting, title="Analiza SWOT")
    model("teams.Attendance").objects.create(meeting=meeting, user=member)

    session = model("swot.SwotSession").objects.create(meeting=meeting, topic="Współpraca")
    item = model("swot.SwotItem").objects.create(
        session=session, quadrant="S", text="Aktywne organizacje", author=member
    )
    model("swot.SwotItem").objects.create(
        session=session, quadrant="S", text="Aktywne NGO", author=member, merged_into=item
    )
    model("swot.SwotVote").objects.create(item=item, voter=member)
    team_goal = model("swot.Goal").objects.create(
        team=team, title="Lepsza współpraca", created_by=member
    )
    team_goal.priority_areas.add(area)
    team_goal.swot_items.add(item)
    model("swot.ProposedSolution").objects.create(goal=team_goal, text="Wspólne szkolenia")
    model("swot.Action").objects.create(
        goal=team_goal,
        title="Szkolenia",
        responsible_party="MOWIS",
        cooperation_form="joint_teams",
        first_year=2012,
        last_year=2014,
    )

    version = model("consultations.DraftVersion").objects.create(
        programme=programme,
        number=1,
        title="Projekt programu",
        status="published",
        published_at=WHEN,
        created_by=coordinator,
        published_by=coordinator,
    )
    section = model("consultations.Section").objects.create(
        version=version, position=1, kind="goals", title="Cel główny"
    )
    paragraph = model("consultations.Paragraph").objects.create(
        section=section, number=1, text="Celem programu jest…"
    )
    comment = model("consultations.Comment").objects.create(
        version=version,
        paragraph=paragraph,
        number=1,
        author=member,
        organisation=organisation,
        proposed_wording="Celem programu jest partnerstwo.",
        justification="Zasada partnerstwa (art. 5 ust. 3).",
        answer="accepted",
        answer_justification="Uwzględniono.",
        answered_by=coordinator,
        answered_at=WHEN,
    )
    model("consultations.HistoricalComment").objects.create(
        id=comment.pk,
        version=version,
        paragraph=paragraph,
        number=1,
        author=member,
        organisation=organisation,
        proposed_wording=comment.proposed_wording,
        justification=comment.justification,
        history_date=WHEN,
        history_type="+",
        history_user=member,
    )
    model("consultations.RenderedPdf").objects.create(
        programme=programme, version=version, kind="draft", fingerprint="abc", file="x.pdf"
    )
    # ReminderOffset rows come from migration 0008 itself (the default offsets).
    model("consultations.ReminderPreferences").objects.create(user=member, comment_phase=False)
    model("consultations.ReminderDelivery").objects.create(
        user=member,
        programme=programme,
        kind="comment_phase",
        deadline_key=f"phase:{phase.pk}",
        due_on=dt.date(2011, 7, 20),
        offset_days=7,
        status="sent",
        sent_at=WHEN,
        email="c@example.org",
    )

    # What post_migrate made on the old main: content types and permissions under
    # "consultations", a group holding one of them and a user holding another.
    old_content_type = model("contenttypes.ContentType")
    old_permission = model("auth.Permission")
    old_group = model("auth.Group")
    permissions = {}
    for new_app, names in MOVED_MODELS.items():
        for name in names:
            content_type = old_content_type.objects.create(app_label="consultations", model=name)
            permissions[(new_app, name)] = old_permission.objects.create(
                content_type=content_type, codename=f"change_{name}", name=f"Can change {name}"
            ).pk
    group = old_group.objects.create(name="Koordynatorzy")
    group.permissions.add(permissions[("programmes", "programme")])
    coordinator.user_permissions.add(permissions[("reminders", "reminderdelivery")])
    return {"permissions": permissions, "coordinator": coordinator.pk}


def test_a_database_at_the_previous_main_migrates_forward_with_every_row(
    fresh_database: BaseDatabaseWrapper,
) -> None:
    connection = fresh_database
    executor = MigrationExecutor(connection)
    targets = _old_targets(executor)
    executor.migrate(targets)
    old_apps = executor.loader.project_state(targets).apps
    assert not {"programmes", "reminders"} & {
        app for app, _ in executor.recorder.applied_migrations()
    }

    made = _fill_old_state(old_apps)
    tables = _tables(old_apps)
    columns = {table: _columns(connection, table) for table in tables}
    before = {table: _rows(connection, table, columns[table]) for table in tables}
    empty = [table for table, rows in before.items() if not rows]
    assert not empty, f"the test left tables of the old state empty: {empty}"

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    executor = MigrationExecutor(connection)  # a new loader reads what is applied now
    assert not executor.migration_plan(executor.loader.graph.leaf_nodes())

    # Every row of every old table is still there, unchanged, under the same table name.
    # Columns that later migrations turned into something else (the municipality's name
    # became a link to its record: programmes/tests/test_municipality_migration.py checks
    # that step) are compared in the columns both states share.
    for table in tables:
        now = set(_columns(connection, table))
        kept = [i for i, name in enumerate(columns[table]) if name in now]
        old = [tuple(row[i] for i in kept) for row in before[table]]
        shared = [columns[table][i] for i in kept]
        assert _rows(connection, table, shared) == old, table

    # Today's models read every row of their table (the moved ones included).
    for config_label in (*MOVED_APPS, *NEW_APPS):
        for model in current_apps.get_app_config(config_label).get_models():
            table = model._meta.db_table
            if table in before:
                objects = list(model._default_manager.all())
                assert len(objects) == len(before[table]), table
                assert all(str(obj) for obj in objects)

    from consultations.models import Comment
    from programmes.models import Programme
    from reminders.models import ReminderDelivery, ReminderPreferences
    from swot.models import Goal
    from teams.models import SectorTeam

    programme = Programme.objects.get(slug="wpw-2012-2014")
    assert programme.phases.get().accepts_comments
    assert [g.code for g in programme.strategy_goals.all()] == ["I-8"]
    team = SectorTeam.objects.get(slug="wykluczenie")
    assert team.programme == programme
    assert list(team.priority_areas.all()) == list(programme.priority_areas.all())
    assert Goal.objects.get().priority_areas.get().document.goals.get().code == "I-8"
    comment = Comment.objects.select_related("version__programme").get()
    assert comment.version.programme == programme
    assert comment.history.count() == 1
    assert ReminderDelivery.objects.get().programme == programme
    assert not ReminderPreferences.objects.get().comment_phase

    # The content types changed app and kept their primary keys, so permissions, groups
    # and users keep what they were given.
    from django.contrib.auth.models import Group, Permission, User

    for app_label, names in MOVED_MODELS.items():
        for name in names:
            permission = Permission.objects.get(pk=made["permissions"][(app_label, name)])
            assert (permission.content_type.app_label, permission.content_type.model) == (
                app_label,
                name,
            )
    assert not ContentType.objects.filter(
        app_label="consultations", model__in=[m for ms in MOVED_MODELS.values() for m in ms]
    ).exists()
    assert Group.objects.get().permissions.get().content_type.app_label == "programmes"
    coordinator = User.objects.get(pk=made["coordinator"])
    assert coordinator.has_perm("reminders.change_reminderdelivery")
