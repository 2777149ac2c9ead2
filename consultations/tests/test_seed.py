from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.core.management import call_command

from consultations.models import MANDATORY_SECTION_KINDS, DraftVersion
from krakow_ngo.seed.loader import SEED_SLUG, demo_first_year, seed_krakow
from programmes.models import Phase, Programme

pytestmark = pytest.mark.django_db

COUNTED = [
    m for m in apps.get_models() if m._meta.app_label in {"teams", "swot", "consultations", "auth"}
]


def _counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in COUNTED}


def test_seeding_twice_gives_the_same_counts():
    call_command("seed_krakow", "--demo", "--today", "2026-11-28")
    first = _counts()
    call_command("seed_krakow", "--demo", "--today", "2026-11-28")
    assert _counts() == first
    report = seed_krakow(demo=True, today=dt.date(2026, 11, 28))
    assert report.created == {}


def test_seed_loads_the_2011_world():
    seed_krakow()
    programme = Programme.objects.get(slug=SEED_SLUG)
    assert programme.adoption_deadline == dt.date(2011, 11, 30)
    assert programme.teams.sector().count() == 7
    assert programme.teams.coordinating().count() == 1
    assert programme.priority_areas.count() == 4
    version = programme.versions.get(number=1)
    assert [s.kind for s in version.sections.all()] == list(MANDATORY_SECTION_KINDS)
    assert all(s.paragraphs.exists() for s in version.sections.all())
    meeting = programme.teams.get(slug="wykluczenie-spoleczne").meetings.get()
    assert meeting.agenda_items.count() == 3
    assert meeting.swot_sessions.count() == 2
    final = programme.phases.get(kind=Phase.Kind.FINAL_CONSULTATION)
    assert final.ends_at.date() == dt.date(2011, 9, 30)
    for phase in programme.phases.all():
        phase.full_clean()  # the seed obeys its own rules
    for org in apps.get_model("teams", "Organisation").objects.all():
        org.full_clean()


def test_demo_cycle_is_open_for_comments_on_the_day_it_is_loaded():
    today = dt.date(2026, 11, 28)
    report = seed_krakow(demo=True, today=today)
    demo = report.demo_programme
    assert demo is not None
    assert demo.is_current
    assert demo.first_year == 2028
    noon = dt.datetime(2026, 11, 28, 12, tzinfo=dt.UTC)
    assert Phase.objects.for_programme(demo).open_for_comments(noon).exists()
    for phase in demo.phases.all():
        phase.full_clean()
    assert DraftVersion.objects.filter(programme=demo).published().count() == 1
    assert {u for u, _, _ in report.demo_logins} == {
        "demo-koordynator",
        "demo-moderator",
        "demo-czlonek",
    }


@pytest.mark.parametrize(
    ("today", "year"),
    [(dt.date(2026, 1, 10), 2027), (dt.date(2026, 9, 1), 2027), (dt.date(2026, 11, 28), 2028)],
)
def test_demo_picks_the_next_deadline_with_room(today, year):
    assert demo_first_year(today) == year


def test_demo_is_refused_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(RuntimeError, match="refused in production"):
        seed_krakow(demo=True)
