"""The composed text reads as a legal act: headings as headings, the tense of the moment."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from consultations import services
from consultations.models import SectionKind
from consultations.tests.factories import PhaseFactory, PriorityAreaFactory
from core.dates import WARSAW
from swot.tests.factories import GoalFactory
from teams.tests.factories import SectorTeamFactory

pytestmark = pytest.mark.django_db


def _paragraphs(version, kind):
    return list(version.sections.get(kind=kind).paragraphs.order_by("number"))


def test_teams_and_priority_areas_are_headings_not_numbered_provisions(
    client, programme, coordinator
):
    team = SectorTeamFactory(programme=programme, name="Zespół Branżowy ds. kultury")
    area = PriorityAreaFactory(name="Kultura w dzielnicach")
    programme.priority_areas.add(area)
    GoalFactory(team=team, title="Więcej kultury").priority_areas.set([area])
    version = services.version_compose(
        programme=programme, by=coordinator, now=dt.datetime(2011, 9, 1, tzinfo=WARSAW)
    )
    rows = [(p.text, p.is_heading) for p in _paragraphs(version, SectionKind.PRIORITY_TASKS)]
    assert ("Zespół Branżowy ds. kultury", True) in rows
    assert (f"Obszar priorytetowy {area.number}) Kultura w dzielnicach", True) in rows
    assert any(text.startswith("Cel: Więcej kultury") and not h for text, h in rows)
    # The coordinator reads it as a heading on the version's page (no § number).
    client.force_login(coordinator)
    html = client.get(
        reverse("consultations:draft_detail", args=[programme.slug, version.number])
    ).content.decode()
    assert '<h3 class="h5 mt-3"' in html
    assert ">Zespół Branżowy ds. kultury</h3>" in html
    # A later composition carries the heading marks over.
    again = services.version_compose(programme=programme, by=coordinator)
    assert [p.is_heading for p in _paragraphs(again, SectionKind.PRIORITY_TASKS)] == [
        h for _t, h in rows
    ]


@pytest.mark.parametrize(
    ("now", "phrase"),
    [
        (dt.datetime(2011, 7, 15, tzinfo=WARSAW), "Uwagi do projektu będzie można zgłaszać"),
        (dt.datetime(2011, 8, 15, tzinfo=WARSAW), "Uwagi do projektu można zgłaszać w okresie"),
        (dt.datetime(2011, 9, 15, tzinfo=WARSAW), "Uwagi do projektu można było zgłaszać"),
    ],
)
def test_the_consultation_is_told_in_the_tense_of_the_moment(programme, coordinator, now, phrase):
    PhaseFactory(programme=programme)  # comments 1–31 August 2011
    version = services.version_compose(programme=programme, by=coordinator, now=now)
    text = " ".join(p.text for p in _paragraphs(version, SectionKind.PREPARATION))
    assert phrase in text
    others = {
        "Uwagi do projektu będzie można zgłaszać",
        "Uwagi do projektu można zgłaszać w okresie",
        "Uwagi do projektu można było zgłaszać",
    } - {phrase}
    assert not any(o in text for o in others)
