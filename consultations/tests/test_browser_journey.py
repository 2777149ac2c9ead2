"""The consultation loop in real Chromium: sign up, comment, answer, read the answer.

Also axe-core (WCAG 2.1 A/AA) on every page of the loop, in Polish and English,
and the phone width (360 px).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from consultations.models import Comment
from consultations.tests.conftest import build_version
from consultations.tests.factories import PhaseFactory, ProgrammeFactory
from core.testing import axe_violations, screenshot_dir
from krakow_ngo.seed.loader import DEMO_PASSWORDS
from krakow_ngo.seed.testing import seed_for_transactional_test
from teams.services import coordinators_group_sync
from teams.tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

COORDINATOR_PASSWORD = "Koordynator-Testowy-2026"


@pytest.fixture
def open_consultation(transactional_db):
    """A programme whose comment phase is open now (the browser keeps real time)."""
    now = timezone.now()
    programme = ProgrammeFactory(is_current=True, first_year=now.year + 2, last_year=now.year + 4)
    PhaseFactory(
        programme=programme,
        starts_at=now - dt.timedelta(days=2),
        ends_at=now + dt.timedelta(days=20),
    )
    version = build_version(programme)
    coordinator = UserFactory(username="koordynatorka", is_staff=True)
    coordinator.set_password(COORDINATOR_PASSWORD)
    coordinator.save()
    coordinator.groups.add(coordinators_group_sync())
    return version


def _shot(page, name: str) -> None:
    if (shots := screenshot_dir()) is not None:
        page.screenshot(path=str(shots / f"{name}.png"), full_page=True)


def test_a_new_member_comments_and_the_public_reads_the_published_answer(
    live_server, open_consultation, page
):
    version = open_consultation
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    # 1. Sign up; the confirmation link comes by e-mail.
    page.goto(live_server.url + reverse("account_signup"))
    page.locator("#id_email").fill("nowa.czlonkini@example.org")
    page.locator("#id_password1").fill("Dluga-Haslo-2026!")
    page.locator("#id_password2").fill("Dluga-Haslo-2026!")
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_url(re.compile(r".*/accounts/confirm-email/$"))
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(live_server.url + "/accounts/" + link.split("/accounts/", 1)[1])
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(re.compile(r".*/me/organisation/$"))
    # 2. Register the organisation (KRS without leading zeros, NIP with dashes).
    page.locator("#id_new-name").fill("Stowarzyszenie Przeglądarkowe")
    page.locator("#id_new-krs").fill("765432")
    page.locator("#id_new-nip").fill("856-734-62-15")
    page.locator("#id_new-regon").fill("192598184")
    page.locator("#id_new-address").fill("ul. Testowa 5, 30-001 Kraków")
    page.get_by_role("button", name="Register the organisation").click()
    page.get_by_text("is registered and you speak for it").wait_for()
    # 3. Comment on paragraph 1.2 from the draft.
    page.goto(live_server.url + version.get_absolute_url())
    page.locator("#p-1-2").get_by_role("link", name="Comment").click()
    page.wait_for_url(re.compile(r".*/comment/\?paragraph=1-2$"))
    assert "Treść paragrafu 1.2" in page.locator("#id_current_wording").input_value()
    page.locator("#id_proposed_wording").fill("Proponujemy nowe brzmienie z przeglądarki.")
    page.locator("#id_justification").fill("Tak będzie czytelniej.")
    page.get_by_role("button", name="Send the comment").click()
    page.wait_for_load_state()
    receipt = page.locator(".receipt-number").inner_text()
    comment = Comment.objects.get()
    assert receipt == comment.receipt_number
    assert comment.organisation.name == "Stowarzyszenie Przeglądarkowe"
    assert any(receipt in m.subject for m in mail.outbox)
    _shot(page, "journey-receipt")
    # 4. The coordinator answers and publishes in the admin.
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(live_server.url + reverse("admin:login"))
    page.locator("#id_username").fill("koordynatorka")
    page.locator("#id_password").fill(COORDINATOR_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server.url + reverse("admin:consultations_comment_change", args=[comment.pk]))
    page.locator("#id_answer").select_option("partly_accepted")
    page.locator("#id_answer_justification").fill("Uwzględniamy w części.")
    page.get_by_role("button", name="Save", exact=True).click()
    # Answers are published after the comment phase ends (issue 10, item 8): time passes.
    from programmes.models import Phase

    Phase.objects.filter(programme=version.programme).update(
        ends_at=timezone.now() - dt.timedelta(minutes=1)
    )
    page.goto(
        live_server.url + reverse("admin:consultations_comment_changelist") + "?answered=draft"
    )
    page.locator(f'input[name="_selected_action"][value="{comment.pk}"]').check()
    page.locator('select[name="action"]').select_option("publish_answers")
    page.get_by_role("button", name="Go").click()
    page.get_by_text("Published 1 answers.").wait_for()
    # The statement "I speak for Stowarzyszenie Przeglądarkowe" is pending until confirmed
    # (issue 10); the coordinator confirms it, and only then the report names it.
    from django.contrib.auth import get_user_model

    from teams.models import Representative
    from teams.services import representation_confirm

    representation_confirm(
        representative=Representative.objects.get(organisation=comment.organisation),
        by=get_user_model().objects.get(username="koordynatorka"),
        note="Sprawdzono w KRS i telefonicznie.",
        now=timezone.now(),
    )
    # 5. An anonymous visitor sees the answer on the draft and in the report.
    page.context.clear_cookies()
    page.goto(live_server.url + version.get_absolute_url() + "#p-1-2")
    # The answers load in place (htmx) from the paragraph's answers page.
    page.locator("#p-1-2 .answers a").click()
    page.locator("#p-1-2").get_by_text("Uwzględniamy w części.").wait_for()
    assert page.url.endswith(version.get_absolute_url() + "#p-1-2")
    page.goto(live_server.url + reverse("consultations:report", args=[version.programme.slug]))
    row = page.locator(".report-table tbody tr").first
    assert "Proponujemy nowe brzmienie z przeglądarki." in row.inner_text()
    assert "Uwzględniamy w części." in row.inner_text()
    assert "Stowarzyszenie Przeglądarkowe" in row.inner_text()


@pytest.fixture
def seeded(transactional_db):
    return seed_for_transactional_test(demo=True)


def _log_in_demo_member(page, base: str) -> None:
    page.goto(base + reverse("account_login"))
    page.locator('input[name="login"]').fill("demo-czlonek")
    page.locator('input[name="password"]').fill(DEMO_PASSWORDS["demo-czlonek"])
    page.locator('form.auth-form button[type="submit"]').click()
    page.wait_for_load_state()


def _loop_pages(report) -> dict[str, str]:
    demo = report.demo_programme
    return {
        "draft": reverse("consultations:draft_detail", args=[demo.slug, 1]),
        "comment-form": reverse("consultations:comment_create", args=[demo.slug, 1])
        + "?paragraph=2-1",
        "my-comments": reverse("consultations:my_comments"),
        "report": reverse("consultations:report", args=["wpw-2012-2014"]),
        "drafts": reverse("consultations:draft_list", args=[demo.slug]),
        "organisation": reverse("teams:organisation_statement"),
    }


@pytest.mark.parametrize("language", ["pl", "en"])
def test_the_loop_pages_have_no_wcag_violations(live_server, seeded, page, language):
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page.goto(live_server.url + reverse("account_signup"))
    assert page.locator("html").get_attribute("lang") == language
    assert axe_violations(page) == [], "sign-up"
    _shot(page, f"{language}-signup")
    _log_in_demo_member(page, live_server.url)
    for name, path in _loop_pages(seeded).items():
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == language
        assert axe_violations(page) == [], name
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 1280, f"{name} scrolls sideways on a desktop ({width}px)"
        _shot(page, f"{language}-{name}")


def test_the_comment_form_with_errors_has_no_wcag_violations(live_server, seeded, page):
    _log_in_demo_member(page, live_server.url)
    page.goto(live_server.url + _loop_pages(seeded)["comment-form"])
    page.locator('button[type="submit"].btn-primary').last.click()
    page.wait_for_load_state()
    assert page.locator(".invalid-feedback").count() >= 2
    assert axe_violations(page) == []
    _shot(page, "pl-comment-form-errors")


def test_the_loop_pages_fit_a_phone(live_server, seeded, phone_page):
    _log_in_demo_member(phone_page, live_server.url)
    for name, path in _loop_pages(seeded).items():
        phone_page.goto(live_server.url + path)
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{name} scrolls sideways on a phone ({width}px)"
        _shot(phone_page, f"phone-{name}")
