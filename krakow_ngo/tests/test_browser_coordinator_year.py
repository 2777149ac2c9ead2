"""The coordinator's year without a shell, in Chromium (issue 11).

Start 2031–2033 from the demo 2028–2030 cycle, invite a moderator by e-mail (read from
a real SMTP server), the moderator signs up from the link and adds a member found by
search, the coordinator edits two sections in the document editor and publishes
version 1. Screenshots at 1280 and 360 px (SCREENSHOT_DIR) and axe-core on each new page.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from consultations.models import DraftVersion
from consultations.tests.smtp import smtp_server
from core.testing import CHROMIUM_ARGS, axe_violations, screenshot_dir
from krakow_ngo.seed.loader import DEMO_PASSWORDS
from krakow_ngo.seed.testing import seed_for_transactional_test
from programmes.models import Programme
from teams.models import Membership
from teams.tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

NEW_SLUG = "wpw-2031-2033"
TEAM_SLUG = "wykluczenie-spoleczne-2031-2033"
assert CHROMIUM_ARGS  # the shared launch flags (conftest's browser fixture uses them)


@pytest.fixture
def smtp(settings: Any) -> Any:
    with smtp_server() as (port, mailbox):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_USE_SSL = False
        yield mailbox


def _shot(browser: Any, page: Any, name: str) -> None:
    """Full-page screenshots of the page as it is, at 1280 and at 360 px."""
    shots = screenshot_dir()
    if shots is None:
        return
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(shots / f"coord11-{name}-1280.png"), full_page=True)
    page.set_viewport_size({"width": 360, "height": 740})
    page.screenshot(path=str(shots / f"coord11-{name}-360.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def _no_axe_violations(page: Any) -> None:
    assert axe_violations(page) == [], page.url


def _log_in(page: Any, base: str, login: str, password: str) -> None:
    page.goto(base + reverse("account_login"))
    page.locator('input[name="login"]').fill(login)
    page.locator('input[name="password"]').fill(password)
    page.locator('form.auth-form button[type="submit"]').click()
    page.wait_for_load_state()


def test_the_coordinators_year_without_a_shell(live_server, browser, smtp):
    seed_for_transactional_test(demo=True)
    demo = Programme.objects.get(is_current=True)
    assert demo.period_display == "2028–2030"
    UserFactory(first_name="Tadeusz", last_name="Nowakowski", email="tadeusz@example.org")
    base = live_server.url

    coordinator = browser.new_context(locale="en-GB", timezone_id="Europe/Warsaw")
    coordinator.add_cookies([{"name": "django_language", "value": "en", "url": base}])
    page = coordinator.new_page()
    page.set_default_timeout(20_000)
    page.set_viewport_size({"width": 1280, "height": 900})

    # 1. From the home page to the archive and the programme, then "Start the next programme".
    _log_in(page, base, "demo-koordynator", DEMO_PASSWORDS["demo-koordynator"])
    page.goto(base + "/")
    page.get_by_role("link", name="Programmes", exact=True).first.click()
    page.wait_for_url(re.compile(r".*/programmes/$"))
    _shot(browser, page, "archive")
    _no_axe_violations(page)
    page.get_by_role("link", name=demo.title).click()
    page.get_by_role("link", name="Start the next programme from this one").click()
    page.wait_for_url(re.compile(r".*/next/$"))
    assert page.locator("#id_first_year").input_value() == "2031"
    assert page.locator("#id_slug").input_value() == NEW_SLUG
    _shot(browser, page, "start-next")
    _no_axe_violations(page)
    page.get_by_role("button", name="Start the programme").click()
    page.wait_for_url(re.compile(rf".*/programmes/{NEW_SLUG}/drafts/1/review/$"))
    assert page.locator("mark").count() > 0
    _shot(browser, page, "review")
    _no_axe_violations(page)

    # 2. Invite a moderator to the carried-over team; the e-mail arrives by SMTP.
    page.goto(base + reverse("teams:team_invitations", args=[TEAM_SLUG]))
    page.locator("#id_email").fill("nowy.moderator@example.org")
    page.locator("#id_role").select_option("moderator")
    page.get_by_role("button", name="Send the invitation").click()
    page.get_by_text("An invitation was sent to nowy.moderator@example.org").wait_for()
    _shot(browser, page, "invitations")
    _no_axe_violations(page)
    messages = [m for m in smtp.messages() if "nowy.moderator@example.org" in m["To"]]
    assert len(messages) == 1
    body = messages[0].get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"http://\S+/invitations/\S+/", body).group(0)

    # 3. The moderator signs up from the link (no second confirmation) and joins.
    moderator = browser.new_context(locale="en-GB", timezone_id="Europe/Warsaw")
    moderator.add_cookies([{"name": "django_language", "value": "en", "url": base}])
    mpage = moderator.new_page()
    mpage.set_default_timeout(20_000)
    mpage.goto(base + "/invitations/" + link.split("/invitations/", 1)[1])
    _shot(browser, mpage, "accept-anonymous")
    _no_axe_violations(mpage)
    mpage.get_by_role("link", name="Sign up and join").click()
    assert mpage.locator("#id_email").input_value() == "nowy.moderator@example.org"
    mpage.locator("#id_password1").fill("Moderator-Nowy-2031!")
    mpage.locator("#id_password2").fill("Moderator-Nowy-2031!")
    mpage.locator('form.auth-form button[type="submit"]').click()
    mpage.wait_for_url(re.compile(r".*/invitations/\S+/$"))
    mpage.get_by_role("button", name="Join the team").click()
    mpage.wait_for_url(re.compile(rf".*/teams/{TEAM_SLUG}/$"))
    assert (
        Membership.objects.get(team__slug=TEAM_SLUG, user__email="nowy.moderator@example.org").role
        == "moderator"
    )

    # 4. The moderator adds a member found by full name (a fragment finds nobody).
    mpage.get_by_role("link", name="People and invitations").click()
    mpage.locator("#id_q").fill("Nowakowski")
    mpage.get_by_role("button", name="Find").click()
    mpage.get_by_text("Nobody found").wait_for()
    mpage.locator("#id_q").fill("Tadeusz Nowakowski")
    mpage.get_by_role("button", name="Find").click()
    mpage.get_by_role("button", name="Add to the team").click()
    mpage.get_by_text("Tadeusz Nowakowski was added to the team.").wait_for()
    _shot(browser, mpage, "people-moderator")
    assert Membership.objects.filter(
        team__slug=TEAM_SLUG, user__email="tadeusz@example.org"
    ).exists()
    moderator.close()

    # 5. The coordinator edits two sections in the editor (htmx) and publishes version 1.
    page.goto(base + reverse("consultations:draft_edit", args=[NEW_SLUG, 1]))
    version = DraftVersion.objects.get(programme__slug=NEW_SLUG, number=1)
    period = version.sections.get(kind="period").paragraphs.get(number=1)
    funds = version.sections.get(kind="funds").paragraphs.get(number=1)
    for paragraph, text in (
        (period, "Program realizowany jest od dnia 1 stycznia 2031 r. do dnia 31 grudnia 2033 r."),
        (funds, "Na realizację programu przeznacza się nie mniej niż 200 000 000 zł."),
    ):
        area = page.locator(f"#text-{paragraph.pk}")
        area.fill(text)
        page.locator(f"#edit-p-{paragraph.pk}").get_by_role("button", name="Save").click()
        page.locator(f"#text-{paragraph.pk}").filter(has_text=text).wait_for()
        paragraph.refresh_from_db()
        assert paragraph.text == text
    _shot(browser, page, "editor")
    _no_axe_violations(page)
    page.goto(base + reverse("consultations:draft_review", args=[NEW_SLUG, 1]))
    page.get_by_role("button", name="Publish this version").click()
    page.wait_for_url(re.compile(rf".*/programmes/{NEW_SLUG}/drafts/1/$"))
    version.refresh_from_db()
    assert version.is_published
    assert "2031" in page.content()
    coordinator.close()
