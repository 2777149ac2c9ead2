"""Reminder pages and the reminder e-mail in real Chromium: phone width, WCAG 2.1 AA."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from consultations.tests.factories import DraftVersionFactory, ProgrammeFactory
from core.dates import WARSAW
from core.testing import axe_violations, screenshot_dir
from reminders.emails import ChunkContext, build_message
from reminders.models import ReminderDelivery, ReminderKind
from reminders.tokens import unsubscribe_token
from teams.tests.factories import UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.browser,
]


def _log_in(page: Any, live_server: Any, user: Any, language: str) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            },
            {"name": "django_language", "value": language, "url": live_server.url},
        ]
    )


def _shoot(page: Any, name: str) -> None:
    if (shots := screenshot_dir()) is not None:
        page.screenshot(path=str(shots / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("language", ["pl", "en"])
def test_reminder_pages_have_no_wcag_violations_and_fit_a_phone(
    live_server: Any, phone_page: Any, page: Any, language: str
) -> None:
    user = UserFactory()
    token = unsubscribe_token(user.pk, ReminderKind.COMMENT_PHASE)
    for browser_page, width in ((phone_page, 360), (page, 1280)):
        _log_in(browser_page, live_server, user, language)
        for name, path in (
            ("preferences", "/me/reminders/"),
            ("unsubscribe", f"/reminders/unsubscribe/{token}/"),
        ):
            browser_page.goto(live_server.url + path)
            assert browser_page.locator("html").get_attribute("lang") == language
            assert axe_violations(browser_page) == [], (name, width)
            if width == 360:
                assert browser_page.evaluate("document.documentElement.scrollWidth") <= 360
            _shoot(browser_page, f"reminders-{name}-{language}-{width}")


@pytest.mark.parametrize("language", ["pl", "en"])
def test_the_reminder_email_reads_well_on_a_phone_and_passes_axe(
    phone_page: Any, page: Any, language: str
) -> None:
    programme = ProgrammeFactory(
        first_year=2027,
        last_year=2029,
        title="Wieloletni Program Współpracy Miasta Krakowa z organizacjami pozarządowymi na lata 2027–2029",
    )
    DraftVersionFactory(
        programme=programme, number=3, published_at=dt.datetime(2026, 10, 30, tzinfo=WARSAW)
    )
    user = UserFactory(first_name="Zofia")
    delivery = ReminderDelivery.objects.create(
        user=user,
        programme=programme,
        kind=ReminderKind.COMMENT_PHASE,
        deadline_key="phase:1",
        deadline_label="Upublicznienie wypracowanych dokumentów i konsultacje",
        due_on=dt.date(2026, 11, 30),
        offset_days=7,
    )
    message = build_message(
        delivery,
        address=user.email,
        language=language,
        now=dt.datetime(2026, 11, 23, 7, tzinfo=WARSAW),
        cache=ChunkContext(),
    )
    html = message.alternatives[0][0]
    for browser_page, width in ((phone_page, 360), (page, 1280)):
        browser_page.set_content(html)
        assert axe_violations(browser_page) == [], width
        if width == 360:
            assert browser_page.evaluate("document.documentElement.scrollWidth") <= 360
        _shoot(browser_page, f"reminder-email-{language}-{width}")
