"""Done-when check: the seeded social-exclusion team's 6 July 2011 meeting run end to end
in the browser — SWOT on both topics, goals with solutions, actions, minutes — and
the result on the team page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from core.testing import axe_violations, screenshot_dir
from krakow_ngo.seed.loader import seed_krakow
from swot.models import Goal, SwotItem, SwotSession
from swot.tests.browser import logged_in_page
from teams.models import Meeting

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def pages(browser: Any, live_server: Any) -> Any:
    made: list[Any] = []

    def make(username: str, **kwargs: Any) -> Any:
        user = get_user_model().objects.get(username=username)
        page = logged_in_page(browser, live_server, user, **kwargs)
        made.append(page)
        return page

    yield make
    for page in made:
        page.context.close()


def test_the_seeded_2011_meeting_runs_end_to_end_in_the_browser(live_server, pages):
    seed_krakow()
    meeting = Meeting.objects.get(
        team__slug="wykluczenie-spoleczne", starts_at__date=dt.date(2011, 7, 6)
    )
    moderator = pages("mzielinska")  # the seed's moderator of this team
    member = pages("pnowakowski", width=360)  # a member, on a phone
    site = live_server.url

    moderator.goto(site + reverse("teams:team_detail", args=["wykluczenie-spoleczne"]))
    moderator.get_by_role("link", name=meeting.title).first.click()
    expect(moderator.get_by_role("heading", name="SWOT boards")).to_be_visible()
    topics = list(meeting.swot_sessions.order_by("position"))
    assert len(topics) == 2

    # I. SWOT on both topics: open, members add and vote live, close.
    for n, session in enumerate(topics):
        moderator.goto(site + reverse("teams:meeting_detail", args=[meeting.pk]))
        moderator.get_by_role("link", name=session.topic).click()
        moderator.get_by_role("button", name="Reopen the board").click()
        expect(moderator.locator("[data-board-state]")).to_have_attribute(
            "data-board-state", "open"
        )

        member.goto(site + reverse("swot:board", args=[session.pk]))
        form = member.locator("#item-form")
        form.get_by_label("Quadrant").select_option("O")
        form.get_by_label("Your point").fill(f"Wieloletnie umowy na usługi ciągłe — temat {n + 1}")
        form.get_by_role("button", name="Add to the board").click()

        new_item = moderator.locator("li.swot-item").filter(
            has=moderator.locator(".item-text", has_text=f"temat {n + 1}")
        )
        expect(new_item).to_be_visible(timeout=10_000)  # arrives by polling
        member_item = member.locator("li.swot-item").filter(
            has=member.locator(".item-text", has_text=f"temat {n + 1}")
        )
        member_item.get_by_role("button", name="Vote").click()
        expect(new_item.locator("[data-votes]")).to_have_attribute(
            "data-votes", "1", timeout=10_000
        )
        moderator.get_by_role("button", name="Close the board").click()
        expect(moderator.locator("[data-board-state]")).to_have_attribute(
            "data-board-state", "closed"
        )
        expect(member.locator("[data-board-state]")).to_have_attribute(
            "data-board-state", "closed", timeout=10_000
        )
    assert SwotSession.objects.filter(meeting=meeting, closed_at__isnull=False).count() == 2

    # II. A goal from the new items of both boards, aligned with a priority area.
    moderator.get_by_role("link", name="Make a goal from SWOT items").click()
    moderator.locator("#id_title").fill("Stabilne finansowanie usług ciągłych")
    moderator.get_by_label("temat 1").check()
    moderator.get_by_label("temat 2").check()
    moderator.get_by_label("Obszar zagrożenia ubóstwem").check()
    moderator.get_by_role("button", name="Save the goal").click()
    moderator.locator("#solution_text").fill("Umowy wieloletnie na zadania ciągłe")
    moderator.get_by_role("button", name="Add the solution").click()

    # III. A concrete action for the goal; years outside 2012–2014 are refused first.
    def fill_action(last_year: str) -> None:
        moderator.locator("#action_title").fill("Wieloletni konkurs na schroniska")
        moderator.get_by_label("Responsible party").fill("MOPS w Krakowie")
        moderator.get_by_label("Form of cooperation").select_option("commissioning")
        moderator.get_by_label("From year").fill("2012")
        moderator.get_by_label("To year").fill(last_year)
        moderator.get_by_label("Indicator").fill("liczba umów wieloletnich")
        moderator.get_by_label("Planned funds (PLN)").fill("250 000,00")
        moderator.get_by_role("button", name="Add the action").click()

    fill_action("2016")
    expect(moderator.get_by_text("within the programme period 2012–2014").first).to_be_visible()
    expect(moderator.locator("#action_title")).to_have_value("Wieloletni konkurs na schroniska")
    fill_action("2014")
    expect(moderator.get_by_text("The action was added.")).to_be_visible()

    # Minutes after the meeting, with their PDF.
    moderator.goto(site + reverse("teams:meeting_detail", args=[meeting.pk]))
    moderator.get_by_text("Write and publish the minutes").click()
    moderator.locator("#id_minutes").fill("Przeprowadzono analizę SWOT i ustalono cele.")
    moderator.get_by_role("button", name="Publish the minutes").click()
    expect(moderator.get_by_role("link", name="Download the minutes (PDF)")).to_be_visible()

    goal = Goal.objects.get(title="Stabilne finansowanie usług ciągłych")
    assert set(goal.swot_items.values_list("text", flat=True)) == {
        f"Wieloletnie umowy na usługi ciągłe — temat {n}" for n in (1, 2)
    }
    assert SwotItem.objects.filter(session__meeting=meeting, votes__isnull=False).exists()

    # What the meeting produced, on the public team page.
    public = pages("mzielinska")
    public.context.clear_cookies()
    public.goto(site + reverse("teams:team_detail", args=["wykluczenie-spoleczne"]))
    article = public.locator(f"#goal-{goal.pk}")
    expect(article).to_contain_text("Stabilne finansowanie usług ciągłych")
    expect(article).to_contain_text("Umowy wieloletnie na zadania ciągłe")
    expect(article).to_contain_text("Wieloletni konkurs na schroniska")
    expect(article).to_contain_text("2012–2014")
    expect(article).to_contain_text("250\xa0000,00 zł")
    expect(article).to_contain_text("Obszar zagrożenia ubóstwem")
    if (shots := screenshot_dir()) is not None:
        public.screenshot(path=str(shots / "seeded-team-after-meeting.png"), full_page=True)
    assert axe_violations(public) == []
