"""Start the next programme from the previous one (issue 11, item 2)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations import services
from consultations.models import DraftVersion
from consultations.templatetags.review_tags import highlight_dates, mentions_dates
from core.dates import WARSAW
from core.testing import TEAM_ROLES, client_as
from programmes.models import Phase, Programme
from programmes.services import phases_propose
from teams.models import Membership, SectorTeam
from teams.services import carried_slug

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 28)  # the demo cycle is then 2028–2030


@pytest.fixture
def demo(demo_seed_class: Any, db: Any) -> Programme:
    """The demo as of TODAY, loaded once for the class (conftest.py)."""
    return Programme.objects.get(slug="wpw-2028-2030")


def _phases(programme: Programme, first_year: int) -> list[services.PhaseData]:
    return [
        services.PhaseData(p.kind, p.name, p.starts_at, p.ends_at, p.accepts_comments)
        for p in phases_propose(
            previous=programme, first_year=first_year, min_days=programme.consultation_min_days
        )
    ]


def test_team_slugs_carry_the_new_years():
    assert carried_slug("edukacja", first_year=2031, last_year=2033) == "edukacja-2031-2033"
    assert carried_slug("edukacja-2028-2030", first_year=2031, last_year=2033) == (
        "edukacja-2031-2033"
    )
    assert len(carried_slug("x" * 100, first_year=2031, last_year=2033)) == 100


def test_without_a_previous_timeline_a_plan_is_laid_back_from_30_november(db):
    from consultations.tests.factories import ProgrammeFactory

    empty = ProgrammeFactory(first_year=2028, last_year=2030)
    proposals = phases_propose(previous=empty, first_year=2031, min_days=21)
    assert [p.kind for p in proposals] == ["team_work", "consultation", "summary", "adoption"]
    assert proposals[-1].ends_at.astimezone(WARSAW).date() == dt.date(2030, 11, 30)
    comment = proposals[1]
    assert (comment.ends_at.date() - comment.starts_at.date()).days + 1 >= 21


def test_years_and_dates_are_highlighted_for_review():
    text = "od 1 stycznia 2012 r. do 31 grudnia 2014 r.; We wrześniu 2011 r. <b>"
    html = highlight_dates(text)
    assert "<mark>1 stycznia</mark>" in html
    assert "<mark>2012 r.</mark>" in html
    assert "<mark>We wrześniu</mark>" in html
    assert "&lt;b&gt;" in html
    assert not mentions_dates("Program współpracy z organizacjami.")


# ------------------------------------------------------------------------------
# Views for every role
# ------------------------------------------------------------------------------
COORDINATOR_ONLY_GET = dict(zip(TEAM_ROLES, (302, 403, 403, 403, 403, 200), strict=True))
REVIEW_GET = dict(zip(TEAM_ROLES, (302, 404, 404, 404, 404, 200), strict=True))


@pytest.mark.parametrize("role", TEAM_ROLES)
def test_the_next_programme_page_is_for_coordinators(request, client, programme, role):
    client_as(request, client, role)
    url = reverse("consultations:programme_start_next", args=[programme.slug])
    assert client.get(url).status_code == COORDINATOR_ONLY_GET[role]


@pytest.mark.parametrize("role", TEAM_ROLES)
def test_the_review_page_is_for_coordinators(request, client, programme, role):
    DraftVersion.objects.create(programme=programme, number=1, title="Projekt")
    client_as(request, client, role)
    url = reverse("consultations:draft_review", args=[programme.slug, 1])
    assert client.get(url).status_code == REVIEW_GET[role]
    response = client.post(reverse("consultations:draft_publish", args=[programme.slug, 1]))
    expected = {302: 302, 404: 404, 200: 302}[REVIEW_GET[role]]
    assert response.status_code == expected
    # An empty version is refused (mandatory sections), never published.
    assert not DraftVersion.objects.get(programme=programme, number=1).is_published


class TestOnTheSeededDemo:
    """Tests that start from the demo, seeded once for the class (conftest.py, demo_seed_module)."""

    def test_phases_are_moved_by_whole_years_and_end_by_the_new_30_november(self, demo):
        proposals = phases_propose(previous=demo, first_year=2031, min_days=14)
        old = list(Phase.objects.for_programme(demo).order_by("starts_at"))
        assert len(proposals) == len(old)
        deadline_end = dt.datetime(2030, 12, 1, tzinfo=WARSAW)
        for proposal, phase in zip(proposals, old, strict=True):
            assert proposal.ends_at < deadline_end
            assert proposal.starts_at.astimezone(WARSAW).year - phase.starts_at.astimezone(
                WARSAW
            ).year in (3, 2)
            if proposal.accepts_comments:
                days = (proposal.ends_at.date() - proposal.starts_at.date()).days + 1
                assert days >= 14

    def test_starting_2031_2033_copies_teams_links_text_and_timeline(self, demo, coordinator):
        last_published = demo.versions.published().order_by("-number").first()
        new = services.programme_start_next(
            previous=demo,
            first_year=2031,
            last_year=2033,
            title="Wieloletni program współpracy na lata 2031–2033",
            slug="wpw-2031-2033",
            make_current=True,
            phases=_phases(demo, 2031),
            by=coordinator,
            now=timezone.now(),
        )
        assert Programme.objects.get(is_current=True) == new
        assert set(new.priority_areas.all()) == set(demo.priority_areas.all())
        assert set(new.strategy_goals.all()) == set(demo.strategy_goals.all())
        old_teams = list(SectorTeam.objects.filter(programme=demo).order_by("position", "name"))
        new_teams = list(SectorTeam.objects.filter(programme=new).order_by("position", "name"))
        assert [(t.name, t.kind, t.scope) for t in new_teams] == [
            (t.name, t.kind, t.scope) for t in old_teams
        ]
        carried = Membership.objects.filter(team__programme=new)
        assert carried.count() == Membership.objects.filter(team__programme=demo).count()
        assert not carried.filter(to_confirm=False).exists()
        version = new.versions.get()
        assert (version.number, version.status) == (1, DraftVersion.Status.DRAFT)
        assert str(last_published.number) in version.change_note
        old_text = [p.text for s in last_published.sections.all() for p in s.paragraphs.all()]
        new_text = [p.text for s in version.sections.all() for p in s.paragraphs.all()]
        assert new_text == old_text
        assert new.phases.count() == demo.phases.count()

    def test_a_bad_phase_is_refused_and_nothing_is_created(self, demo, coordinator):
        phases = _phases(demo, 2031)
        late = phases[-1]
        phases[-1] = services.PhaseData(
            late.kind, late.name, late.starts_at, dt.datetime(2030, 12, 5, tzinfo=WARSAW), False
        )
        with pytest.raises(Exception, match="30"):
            services.programme_start_next(
                previous=demo,
                first_year=2031,
                last_year=2033,
                title="X",
                slug="wpw-2031-2033",
                make_current=False,
                phases=phases,
                by=coordinator,
                now=timezone.now(),
            )
        assert not Programme.objects.filter(slug="wpw-2031-2033").exists()

    def test_the_coordinator_starts_2031_2033_through_the_page(self, client, coordinator, demo):
        client.force_login(coordinator)
        url = reverse("consultations:programme_start_next", args=[demo.slug])
        page = client.get(url)
        form = page.context["form"]
        assert form.initial["first_year"] == 2031
        assert form.initial["slug"] == "wpw-2031-2033"
        phases = page.context["phases"]
        data = {
            "first_year": 2031,
            "last_year": 2033,
            "title": form.initial["title"],
            "slug": "wpw-2031-2033",
            "make_current": "on",
            "phases-TOTAL_FORMS": len(phases.forms),
            "phases-INITIAL_FORMS": len(phases.forms),
        }
        for i, f in enumerate(phases.forms):
            for name in ("kind", "name", "accepts_comments"):
                if f.initial.get(name) not in (None, False):
                    data[f"phases-{i}-{name}"] = (
                        "on" if f.initial[name] is True else f.initial[name]
                    )
            for name in ("starts_at", "ends_at"):
                data[f"phases-{i}-{name}"] = f.initial[name].strftime("%Y-%m-%dT%H:%M")
        response = client.post(url, data)
        assert response.status_code == 302, response.context and response.context["form"].errors
        assert response["Location"] == reverse(
            "consultations:draft_review", args=["wpw-2031-2033", 1]
        )
        review = client.get(response["Location"])
        assert review.status_code == 200
        assert "<mark>" in review.content.decode()

    def test_a_carried_member_confirms_with_one_click(self, client, demo, coordinator):
        new = services.programme_start_next(
            previous=demo,
            first_year=2031,
            last_year=2033,
            title="P",
            slug="wpw-2031-2033",
            make_current=False,
            phases=_phases(demo, 2031),
            by=coordinator,
            now=timezone.now(),
        )
        membership = Membership.objects.filter(team__programme=new).select_related("team").first()
        client.force_login(membership.user)
        team_url = membership.team.get_absolute_url()
        assert "Yes, I stay" in client.get(team_url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        client.post(
            reverse("teams:membership_confirm", args=[membership.team.slug]), {"stay": "yes"}
        )
        membership.refresh_from_db()
        assert not membership.to_confirm
