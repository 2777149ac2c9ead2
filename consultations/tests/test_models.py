from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from consultations.tests.factories import PhaseFactory, ProgrammeFactory
from core.dates import WARSAW
from programmes.models import Phase
from swot.tests.factories import ActionFactory, GoalFactory
from teams.tests.factories import SectorTeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Rules are asserted on their English source messages; pl is tested in views."""
    with translation.override("en"):
        yield


def test_deadline_of_a_2012_2014_programme_is_30_november_2011():
    programme = ProgrammeFactory.build(first_year=2012, last_year=2014)
    assert programme.adoption_deadline == dt.date(2011, 11, 30)
    assert programme.adoption_deadline_end == dt.datetime(2011, 12, 1, tzinfo=WARSAW)


def test_deadline_of_a_2025_annual_programme_is_30_november_2024():
    programme = ProgrammeFactory.build(first_year=2025, last_year=2025, kind="annual")
    assert programme.adoption_deadline == dt.date(2024, 11, 30)


def test_an_annual_programme_covers_one_year():
    programme = ProgrammeFactory.build(first_year=2025, last_year=2026, kind="annual")
    with pytest.raises(ValidationError, match="single year"):
        programme.full_clean()


def _phase(programme, start, end, **kw):
    return Phase(
        programme=programme,
        kind=kw.pop("kind", Phase.Kind.CONSULTATION),
        name=kw.pop("name", "Konsultacje"),
        starts_at=dt.datetime.combine(start, dt.time.min, tzinfo=WARSAW),
        ends_at=dt.datetime.combine(end, dt.time(23, 59, 59), tzinfo=WARSAW),
        accepts_comments=kw.pop("accepts_comments", True),
    )


def test_overlapping_comment_phases_are_refused_with_the_other_phase_named(programme):
    PhaseFactory(programme=programme, name="Konsultacje letnie")
    phase = _phase(programme, dt.date(2011, 8, 20), dt.date(2011, 9, 10))
    with pytest.raises(ValidationError, match="overlaps “Konsultacje letnie”"):
        phase.full_clean()


def test_a_phase_without_comments_may_overlap(programme):
    PhaseFactory(programme=programme)
    _phase(
        programme, dt.date(2011, 8, 20), dt.date(2011, 9, 10), accepts_comments=False
    ).full_clean()


def test_a_phase_after_the_adoption_deadline_is_refused(programme):
    phase = _phase(programme, dt.date(2011, 11, 20), dt.date(2011, 12, 5), accepts_comments=False)
    with pytest.raises(ValidationError, match=r"30 listopada 2011|30 November 2011"):
        phase.full_clean()


def test_a_phase_ending_on_30_november_is_accepted(programme):
    _phase(
        programme, dt.date(2011, 10, 1), dt.date(2011, 11, 30), accepts_comments=False
    ).full_clean()


@pytest.mark.parametrize(("days", "ok"), [(13, False), (14, True)])
def test_a_comment_phase_lasts_at_least_the_minimum(programme, days, ok):
    start = dt.date(2011, 9, 1)
    phase = _phase(programme, start, start + dt.timedelta(days=days - 1))
    if ok:
        phase.full_clean()
    else:
        with pytest.raises(ValidationError, match="at least 14 days"):
            phase.full_clean()


def test_the_minimum_is_configurable_per_programme():
    programme = ProgrammeFactory(consultation_min_days=21)
    phase = _phase(programme, dt.date(2011, 9, 1), dt.date(2011, 9, 14))
    with pytest.raises(ValidationError, match="at least 21 days"):
        phase.full_clean()


def test_open_for_comments_includes_both_bounds(programme):
    phase = PhaseFactory(programme=programme)
    qs = Phase.objects.for_programme(programme)
    assert list(qs.open_for_comments(phase.starts_at)) == [phase]
    assert list(qs.open_for_comments(phase.ends_at)) == [phase]
    assert not qs.open_for_comments(phase.ends_at + dt.timedelta(seconds=1)).exists()


def test_action_years_must_lie_within_the_programme_period():
    team = SectorTeamFactory(programme=ProgrammeFactory(first_year=2012, last_year=2014))
    action = ActionFactory.build(goal=GoalFactory(team=team), first_year=2011, last_year=2015)
    with pytest.raises(ValidationError) as exc:
        action.full_clean()
    assert "2012–2014" in str(exc.value.message_dict["first_year"])
    assert "last_year" in exc.value.message_dict
