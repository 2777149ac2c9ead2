"""The Content-Security-Policy in real Chromium: key pages raise no violation (issue 16, item 6).

Each page is opened with a listener for ``securitypolicyviolation`` events (installed
before any page script runs) and with the console watched; the policy forbids inline
scripts and styles, so any leftover ``style=""``, inline ``<script>``, htmx's injected
indicator style or an ``eval`` would show up here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from consultations.models import Comment, DraftVersion
from core.testing import screenshot_dir
from implementation.models import AnnualReport
from krakow_ngo.seed.testing import seed_for_transactional_test
from swot.models import SwotSession
from teams.models import SectorTeam

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber} ${e.sample}`);
});
"""


def _as(context: Any, live_server: Any, username: str) -> None:
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def _violations(page: Any, console: list[str]) -> list[str]:
    page.wait_for_timeout(300)  # events are dispatched asynchronously
    return list(page.evaluate("window.__csp")) + [m for m in console if "Content Security" in m]


@pytest.fixture
def demo(transactional_db: Any) -> dict[str, str]:
    seed_for_transactional_test(demo=True)
    version = DraftVersion.objects.filter(
        programme__is_current=True, status=DraftVersion.Status.PUBLISHED
    ).latest("number")
    slug, number = version.programme.slug, version.number
    board = SwotSession.objects.filter(closed_at__isnull=True).order_by("pk").first()
    assert board is not None
    # The demo's open board belongs to a meeting in two days: open it now.
    SwotSession.objects.filter(pk=board.pk).update(opens_at=timezone.now() - dt.timedelta(hours=1))
    report = AnnualReport.objects.published().select_related("programme").first()
    assert report is not None
    team = SectorTeam.objects.order_by("pk").first()
    assert team is not None
    comment = Comment.objects.order_by("pk").first()
    assert comment is not None
    return {
        "home": "/",
        "draft": f"/programmes/{slug}/drafts/{number}/",
        "comment form": f"/programmes/{slug}/drafts/{number}/comment/",
        "board": f"/swot/{board.pk}/",
        "report with charts": f"/programmes/{report.programme.slug}/implementation/{report.year}/",
        "consultation report": f"/programmes/{slug}/report/",
        "admin change form": f"/admin/teams/sectorteam/{team.pk}/change/",
        "admin list": "/admin/teams/sectorteam/",
        "admin history": f"/admin/consultations/comment/{comment.pk}/history/",
        "api docs": "/api/v1/docs",
    }


def _open(browser: Any, live_server: Any, username: str | None) -> tuple[Any, Any, list[str]]:
    context = browser.new_context(locale="pl-PL", timezone_id="Europe/Warsaw")
    if username:
        _as(context, live_server, username)
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.set_default_timeout(15_000)
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    return context, page, console


@pytest.mark.parametrize(
    ("name", "username"),
    [
        ("home", None),
        ("draft", None),
        ("comment form", "demo-czlonek"),
        ("report with charts", None),
        ("consultation report", None),
        ("admin change form", "demo-koordynator"),
        ("admin list", "demo-koordynator"),
        ("admin history", "demo-koordynator"),
        ("api docs", None),
    ],
)
def test_key_pages_raise_no_csp_violation(live_server, browser, demo, name, username):
    context, page, console = _open(browser, live_server, username)
    response = page.goto(live_server.url + demo[name])
    assert response.status == 200, demo[name]
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    assert _violations(page, console) == [], name
    if (shots := screenshot_dir()) is not None:
        page.screenshot(path=str(shots / f"csp-{name.replace(' ', '-')}.png"), full_page=True)
    context.close()


def test_the_swot_board_polls_and_votes_with_htmx_under_the_policy(live_server, browser, demo):
    context, page, console = _open(browser, live_server, "demo-moderator")
    page.goto(live_server.url + demo["board"])
    # htmx's poll (every 3 s) swaps the items in: an htmx request under the policy.
    with page.expect_response(lambda r: "/items/" in r.url, timeout=10_000) as polled:
        pass
    assert polled.value.status in (200, 286)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("typeof htmx") == "object"
    # htmx did not inject its indicator <style> (which the policy would block).
    assert page.evaluate("document.querySelectorAll('head style:not([nonce])').length") == 0
    assert _violations(page, console) == []
    context.close()


def test_a_violation_would_be_seen(live_server, browser, demo):
    """The listener works: an inline style attribute added by markup is reported."""
    context, page, console = _open(browser, live_server, None)
    page.goto(live_server.url + "/")
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color:red\">x</p>')")
    assert _violations(page, console) != []
    context.close()
