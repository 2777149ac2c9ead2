"""The programme page from the cache (docs/architecture.md, "Caching").

Rendered once per programme, language, revisions (programme, organisations), day (the
countdowns count days) and number of phase starts and ends passed; the coordinators'
links, the reminder links and the hooks of higher apps are put in per request.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultations.tests.conftest import DURING
from core import revisions
from core.testing import revisions_committed
from krakow_ngo.seed.grouping_demo import comments_generate
from teams import services as team_services
from teams.tests.factories import MembershipFactory, SectorTeamFactory, UserFactory

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _main(response: Any) -> str:
    """The page's own part (the layout around it carries a per-request CSRF token)."""
    match = re.search(r'<main id="main".*?</main>', response.content.decode(), re.S)
    assert match
    return match.group(0)


def _get(client: Any, url: str, **extra: Any) -> tuple[Any, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **extra)
    return response, len(ctx.captured_queries)


def _url(programme: Any) -> str:
    return reverse("consultations:programme_detail", args=[programme.slug])


def test_a_hit_serves_the_same_bytes_with_fewer_queries(client, programme, version, during, team):
    revisions_committed()
    first, miss = _get(client, _url(programme))
    second, hit = _get(client, _url(programme))
    assert first.status_code == second.status_code == 200
    assert _main(first) == _main(second)
    assert team.name in _main(second)
    # A hit: the programme with its local government, the implementation hook's
    # adoption check, the layout's local government; three cache reads.
    assert (miss, hit) == (14, 3)


def test_a_logged_in_hit(client, programme, version, during, member):
    client.force_login(member)
    revisions_committed()
    _, miss = _get(client, _url(programme))
    _, hit = _get(client, _url(programme))
    # The hit: session, user and four the programme page reads per request. Who
    # coordinates is kept (teams.rules.coordinator_ids): the miss reads it and its revision.
    assert (miss, hit) == (18, 5)


def test_anonymous_readers_revalidate_with_a_304(client, programme, version, during):
    revisions_committed()
    response = client.get(_url(programme))
    etag = response["ETag"]
    assert response["Last-Modified"]
    assert "no-cache" in response["Cache-Control"]
    again, queries = _get(client, _url(programme), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert not again.content
    assert queries == 2  # the programme, the hook's adoption check
    assert client.get(_url(programme), HTTP_IF_NONE_MATCH=etag, **EN).status_code == 200


def test_the_countdown_follows_the_day_without_any_change(client, programme, version):
    with time_machine.travel(DURING, tick=False):
        today = _main(client.get(_url(programme), **EN))
        assert "16 days left" in today  # to 31 August
    with time_machine.travel(DURING + dt.timedelta(days=1), tick=False):
        tomorrow = _main(client.get(_url(programme), **EN))
    assert "15 days left" in tomorrow


def test_the_timeline_marks_the_phase_by_the_clock(client, programme, phase):
    before_start = phase.starts_at - dt.timedelta(hours=1)
    with time_machine.travel(before_start, tick=False):
        assert "is-current" not in _main(client.get(_url(programme)))
    with time_machine.travel(phase.starts_at + dt.timedelta(hours=1), tick=False):
        assert "is-current" in _main(client.get(_url(programme)))


@pytest.mark.parametrize("change", ["team edit", "new team", "membership", "phase", "comments"])
def test_each_change_renews_the_page(client, programme, version, during, coordinator, change):
    team = SectorTeamFactory(programme=programme, name="Zespół pierwszy")
    revisions.bump(revisions.programme_scope(programme.pk))  # whatever the factories wrote
    before = client.get(_url(programme), **EN)
    etag = before["ETag"]
    shown = ""
    if change == "team edit":
        team.name = "Zespół przemianowany"
        team.save()
        shown = "Zespół przemianowany"
    elif change == "new team":
        SectorTeamFactory(programme=programme, name="Zespół nowy")
        shown = "Zespół nowy"
    elif change == "membership":
        moderator = MembershipFactory(team=team, role="moderator", organisation=None).user
        user = UserFactory()
        MembershipFactory(team=team, user=user)  # speaks for an organisation
        team_services.membership_delete(membership=team.memberships.get(user=user), by=moderator)
        MembershipFactory(team=team)
        shown = "1 organisation"
    elif change == "phase":
        phase = programme.phases.get()
        phase.name = "Konsultacje przedłużone"
        phase.save()
        shown = "Konsultacje przedłużone"
    elif change == "comments":
        comments_generate(
            version=version, n=3, author=coordinator, starts=DURING - dt.timedelta(days=1)
        )
    after = client.get(_url(programme), HTTP_IF_NONE_MATCH=etag, **EN)
    assert after.status_code == 200, change
    assert after["ETag"] != etag
    if shown:
        assert shown not in _main(before)
        assert shown in _main(after)


# ------------------------------------------------------------------------------
# Nothing personal crosses between readers
# ------------------------------------------------------------------------------
ROLES = ["anonymous", "member", "other_team_member", "moderator", "coordinator"]


@pytest.mark.parametrize("warm", ROLES)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_is_unchanged_whoever_warmed_the_cache(
    client, as_role, programme, version, during, warm, role
):
    as_role(warm)
    client.get(_url(programme))
    client.logout()
    as_role(role)
    html = client.get(_url(programme)).content.decode()
    start_next = reverse("consultations:programme_start_next", args=[programme.slug])
    assert (start_next in html) == (role == "coordinator")
    assert ("Dla koordynatorów" in html) == (role == "coordinator")
    assert (reverse("reminders:preferences") in html) == (role != "anonymous")


def test_a_coordinator_sees_unpublished_versions_others_never(
    client, programme, version, coordinator, member
):
    from consultations.tests.factories import version_with_sections

    draft = version_with_sections(programme, number=2, published=False)
    edit = reverse("consultations:draft_edit", args=[programme.slug, draft.number])
    client.force_login(coordinator)
    assert edit in client.get(_url(programme)).content.decode()
    client.force_login(member)
    assert edit not in client.get(_url(programme)).content.decode()
    client.logout()
    assert edit not in client.get(_url(programme)).content.decode()


def test_the_page_is_in_the_warsaw_day(client, programme, version):
    # 23:30 UTC on 15 August is already 16 August in Warsaw: one day fewer.
    with time_machine.travel(dt.datetime(2011, 8, 15, 23, 30, tzinfo=dt.UTC), tick=False):
        html = _main(client.get(_url(programme), **EN))
    assert "15 days left" in html
