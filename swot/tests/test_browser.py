"""The live SWOT board, the meeting page and its timer in real Chromium."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from core.testing import axe_violations, screenshot_dir
from swot.models import SwotItem, SwotVote
from swot.tests.browser import logged_in_page
from swot.tests.factories import (
    ActionFactory,
    GoalFactory,
    ProposedSolutionFactory,
    SwotItemFactory,
    SwotSessionFactory,
    SwotVoteFactory,
)
from teams.tests.factories import MeetingFactory, MembershipFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def new_page(browser: Any, live_server: Any) -> Any:
    """``new_page(user, width=...)``: its own context; all closed when the test ends."""
    pages: list[Any] = []

    def make(user: Any, **kwargs: Any) -> Any:
        page = logged_in_page(browser, live_server, user, **kwargs)
        pages.append(page)
        return page

    yield make
    # Closed before the live server stops, so no poll hits a torn-down database.
    for page in pages:
        page.context.close()


@pytest.fixture
def board(team: Any) -> Any:
    return SwotSessionFactory(
        meeting=MeetingFactory(team=team), topic="Współpraca z Miastem", votes_per_member=3
    )


def _shoot(page: Any, name: str) -> None:
    if (shots := screenshot_dir()) is not None:
        page.screenshot(path=str(shots / f"{name}.png"), full_page=True)


def _add(page: Any, quadrant: str, text: str) -> None:
    form = page.locator("#item-form")
    form.get_by_label("Quadrant").select_option(quadrant)
    form.get_by_label("Your point").fill(text)
    form.get_by_role("button", name="Add to the board").click()
    expect(page.locator("#item-form [role=status]")).to_be_visible()


def _item(page: Any, text: str) -> Any:
    # Match the item's own text, not a merge option that quotes it.
    return page.locator("li.swot-item").filter(has=page.locator(".item-text", has_text=text))


def test_two_members_see_each_others_items_live_and_the_moderator_merges(
    new_page, live_server, team, board, moderator
):
    anna = MembershipFactory(team=team).user
    bartek = MembershipFactory(team=team).user
    url = live_server.url + reverse("swot:board", args=[board.pk])
    a = new_page(anna, width=360)
    b = new_page(bartek)
    m = new_page(moderator)
    for page in (a, b, m):
        page.goto(url)
        # Set on the live document: a reload would wipe it.
        page.evaluate("window.__noReload = true")

    _add(a, "S", "Doświadczenie organizacji w pracy z osobami bezdomnymi")
    _add(b, "W", "Roczny tryb finansowania zadań")
    _add(b, "S", "Doświadczenie organizacji (duplikat)")

    expect(_item(a, "Roczny tryb finansowania")).to_be_visible(timeout=10_000)
    expect(_item(b, "w pracy z osobami bezdomnymi")).to_be_visible(timeout=10_000)
    expect(_item(m, "(duplikat)")).to_be_visible(timeout=10_000)

    # Dot votes: Anna on the original, Bartek on both the original and the duplicate.
    _item(a, "w pracy z osobami").get_by_role("button", name="Vote").click()
    expect(_item(a, "w pracy z osobami").locator("[data-votes]")).to_have_attribute(
        "data-votes", "1"
    )
    _item(b, "w pracy z osobami").get_by_role("button", name="Vote").click()
    expect(_item(b, "w pracy z osobami").get_by_role("button", name="Voted")).to_be_visible()
    _item(b, "(duplikat)").get_by_role("button", name="Vote").click()
    expect(b.locator("[data-votes-left]")).to_have_attribute("data-votes-left", "1")

    # The moderator merges the duplicate into the original.
    original = SwotItem.objects.get(text__startswith="Doświadczenie organizacji w pracy")
    duplicate = _item(m, "(duplikat)")
    expect(duplicate.locator("[data-votes]")).to_have_attribute("data-votes", "1", timeout=10_000)
    strengths = m.locator("section", has=m.locator("#q-S-heading"))
    strengths.locator("summary", has_text="Merge duplicates").click()
    strengths.get_by_label("Duplicate").select_option(
        str(SwotItem.objects.get(text__endswith="(duplikat)").pk)
    )
    strengths.get_by_label("Merge into").select_option(str(original.pk))
    strengths.get_by_role("button", name="Merge (votes carry over)").click()
    expect(_item(m, "(duplikat)")).to_have_count(0)
    # Anna + Bartek: Bartek voted on both and keeps one vote.
    expect(_item(m, "w pracy z osobami").locator("[data-votes]")).to_have_attribute(
        "data-votes", "2"
    )

    # Everyone else's board follows within a few seconds, with no reload.
    for page in (a, b):
        expect(_item(page, "(duplikat)")).to_have_count(0, timeout=10_000)
        expect(_item(page, "w pracy z osobami").locator("[data-votes]")).to_have_attribute(
            "data-votes", "2", timeout=10_000
        )
        assert page.evaluate("window.__noReload") is True
    # Bartek's vote on the duplicate came back to him.
    expect(b.locator("[data-votes-left]")).to_have_attribute("data-votes-left", "2", timeout=10_000)
    assert SwotVote.objects.filter(item=original).count() == 2

    for page, name in ((a, "board-open-360"), (m, "board-moderator-1280")):
        _shoot(page, name)
    assert axe_violations(a) == []
    assert axe_violations(m) == []


def test_board_is_usable_on_a_phone(new_page, live_server, team, board):
    member = MembershipFactory(team=team).user
    for i in range(8):
        SwotItemFactory(session=board, quadrant="SWOT"[i % 4], text=f"Punkt analizy numer {i}")
    page = new_page(member, width=360)
    page.goto(live_server.url + reverse("swot:board", args=[board.pk]))
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.mark.parametrize("width", [360, 1280])
def test_closed_board_is_public_ordered_and_accessible(new_page, live_server, team, board, width):
    few = SwotItemFactory(session=board, text="Mniej głosów", position=0)
    many = SwotItemFactory(session=board, text="Najwięcej głosów", position=1)
    for _ in range(2):
        SwotVoteFactory(item=many, voter=MembershipFactory(team=team).user)
    SwotVoteFactory(item=few, voter=MembershipFactory(team=team).user)
    board.closed_at = board.meeting.starts_at
    board.save()
    page = new_page(None, width=width)
    page.goto(live_server.url + reverse("swot:board", args=[board.pk]))
    texts = page.locator("[data-quadrant=S] .item-text").all_inner_texts()
    assert texts == ["Najwięcej głosów", "Mniej głosów"]
    expect(page.get_by_role("link", name="Download CSV")).to_be_visible()
    assert page.locator("#item-form").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    _shoot(page, f"board-closed-{width}")
    assert axe_violations(page) == []


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("role", ["anonymous", "moderator"])
def test_meeting_and_team_pages_have_no_wcag_violations(
    new_page, live_server, request, team, board, role, width
):
    user = request.getfixturevalue(role)
    goal = GoalFactory(team=team, title="Stabilne finansowanie usług")
    goal.swot_items.add(SwotItemFactory(session=board))
    ProposedSolutionFactory(goal=goal)
    ActionFactory(goal=goal, first_year=2012, last_year=2014, planned_funds="1234567.50")
    page = new_page(user, width=width)
    for name, url in (
        ("meeting", reverse("teams:meeting_detail", args=[board.meeting.pk])),
        ("team", reverse("teams:team_detail", args=[team.slug])),
    ):
        page.goto(live_server.url + url)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, name
        _shoot(page, f"{name}-{role}-{width}")
        assert axe_violations(page) == [], name


def test_the_speaking_timer_works_by_keyboard_alone(new_page, live_server, team, moderator):
    meeting = MeetingFactory(team=team, speaker_time_limit_seconds=2)
    page = new_page(moderator)
    page.goto(live_server.url + reverse("teams:meeting_detail", args=[meeting.pk]))
    timer = page.locator("[data-timer]")
    expect(timer.locator("[data-timer-display]")).to_have_text("0:02")

    # Reach the Start button with Tab only.
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.hasAttribute('data-timer-start')"):
            break
    else:
        pytest.fail("Start is not reachable with the Tab key")
    page.keyboard.press("Enter")
    expect(timer).to_have_attribute("data-state", "running")
    # Focus moved to Pause; Space pauses.
    assert page.evaluate("document.activeElement.hasAttribute('data-timer-pause')")
    page.keyboard.press("Space")
    expect(timer).to_have_attribute("data-state", "paused")
    # Enter on the focused Start resumes; the limit runs out and is announced.
    page.keyboard.press("Enter")
    status = timer.locator("[data-timer-status]")
    expect(status).to_have_attribute("aria-live", "assertive")
    expect(status).to_have_text("Time is up.", timeout=10_000)
    expect(timer).to_have_class("timer p-3 text-center is-over")
    # The R shortcut resets it for the next speaker.
    page.keyboard.press("r")
    expect(timer).to_have_attribute("data-state", "stopped")
    expect(timer.locator("[data-timer-display]")).to_have_text("0:02")
    expect(status).to_have_text("Timer reset.")
    _shoot(page, "meeting-timer-1280")
