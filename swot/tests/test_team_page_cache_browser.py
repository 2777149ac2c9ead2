"""The cached team and programme pages in Chromium, against a live server with committed
revisions (docs/architecture.md, "Caching"): an anonymous reader warms the cache, then the
person with a carried-over membership gets their own question and nobody else does."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from core.testing import screenshot_dir
from swot.tests.browser import logged_in_page
from swot.tests.factories import GoalFactory, SwotItemFactory, SwotSessionFactory
from teams.tests.factories import MeetingFactory, MembershipFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.mark.parametrize("width", [360, 1280])
def test_the_cached_team_page_adds_only_the_readers_own_question(
    browser: Any, live_server: Any, team: Any, member: Any, width: int
) -> None:
    meeting = MeetingFactory(team=team, title="Spotkanie otwierające")
    session = SwotSessionFactory(meeting=meeting, topic="Wolontariat", closed_at=meeting.starts_at)
    SwotItemFactory.create_batch(3, session=session)
    GoalFactory(team=team, title="Więcej wolontariuszy")
    carried = MembershipFactory(team=team, to_confirm=True).user
    url = live_server.url + reverse("teams:team_detail", args=[team.slug])
    shots = screenshot_dir()
    for who, user in (("anonymous", None), ("carried", carried), ("member", member)):
        page = logged_in_page(browser, live_server, user, width=width, language="pl")
        page.goto(url)
        expect(page.get_by_role("heading", name=team.name, level=1)).to_be_visible()
        expect(page.get_by_text("Więcej wolontariuszy")).to_be_visible()
        stay = page.get_by_role("button", name="Tak, zostaję")
        if who == "carried":
            expect(stay).to_be_visible()
        else:
            expect(stay).to_have_count(0)
        if shots:
            page.screenshot(path=str(shots / f"team-{who}-{width}.png"), full_page=True)
        page.context.close()
    programme_url = live_server.url + reverse(
        "consultations:programme_detail", args=[team.programme.slug]
    )
    page = logged_in_page(browser, live_server, None, width=width, language="pl")
    page.goto(programme_url)
    expect(page.get_by_role("link", name=team.name)).to_be_visible()
    if shots:
        page.screenshot(path=str(shots / f"programme-{width}.png"), full_page=True)
    page.context.close()
