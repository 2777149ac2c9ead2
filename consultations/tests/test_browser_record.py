"""Issue 10 in Chromium: from open comments to an adopted programme, as a coordinator.

A posted comment is registered, a comment is linked by the picker to a paragraph that
version 2 deleted, a representation is confirmed, answers are published after the
phase, and the adoption is recorded; the public then sees the adopted programme.
Screenshots at 1280 and 360 px go to SCREENSHOT_DIR.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from consultations.models import Adoption, Comment, DraftVersion
from consultations.tests.conftest import build_version
from consultations.tests.factories import (
    CommentFactory,
    ParagraphFactory,
    PhaseFactory,
    ProgrammeFactory,
    SectionFactory,
)
from core.testing import axe_violations, screenshot_dir
from programmes.models import Phase
from teams import services as team_services
from teams.models import Representative
from teams.services import coordinators_group_sync
from teams.tests.factories import OrganisationFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PASSWORD = "Koordynator-Testowy-2026"


def _shot(page, name: str) -> None:
    if (shots := screenshot_dir()) is not None:
        page.screenshot(path=str(shots / f"{name}.png"), full_page=True)


def _save(page) -> None:
    """Save the admin form and wait for the page it redirects to: the row is read from the
    database next, and on a busy machine the click returns before the POST is answered."""
    with page.expect_navigation():
        page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("ul.messagelist li.success")).to_be_visible()


@pytest.fixture
def cycle(transactional_db):
    """A current programme with its comment phase open; version 2 drops § 1.2."""
    now = timezone.now()
    programme = ProgrammeFactory(
        is_current=True,
        first_year=now.year + 2,
        last_year=now.year + 4,
        title="Wieloletni program współpracy na lata próbne",
    )
    PhaseFactory(
        programme=programme,
        starts_at=now - dt.timedelta(days=3),
        ends_at=now + dt.timedelta(days=20),
    )
    v1 = build_version(programme, number=1, sections=2, paragraphs=2)
    v2 = DraftVersion.objects.create(programme=programme, number=2, title="Projekt", status="draft")
    for s in (1, 2):
        section = SectionFactory(version=v2, position=s, title=f"Rozdział {s}")
        ParagraphFactory(section=section, number=1, text=f"Treść paragrafu {s}.1 — zażółć.")
        if s == 2:
            ParagraphFactory(section=section, number=2, text="Treść paragrafu 2.2 — zażółć.")
    DraftVersion.objects.filter(pk=v2.pk).update(status="published", published_at=now)
    coordinator = UserFactory(
        username="koordynatorka", is_staff=True, first_name="Anna", last_name="Koordynatorka"
    )
    coordinator.set_password(PASSWORD)
    coordinator.save()
    coordinator.groups.add(coordinators_group_sync())
    organisation = OrganisationFactory(name="Fundacja Przeglądarkowa")
    claimant = UserFactory(username="czlonek")
    representative = team_services.representative_state(user=claimant, organisation=organisation)
    gone = v1.sections.get(position=1).paragraphs.get(number=2)
    commented = CommentFactory(
        version=v1,
        paragraph=gone,
        number=1,
        author=claimant,
        organisation=organisation,
        submitted_at=now - dt.timedelta(days=1),
        proposed_wording="Skreślić § 1.2.",
    )
    return {
        "programme": programme,
        "v1": v1,
        "v2": v2,
        "comment": commented,
        "representative": representative,
        "organisation": organisation,
    }


def test_a_coordinator_takes_the_cycle_from_open_comments_to_adopted(
    live_server, cycle, page, browser
):
    programme, v1 = cycle["programme"], cycle["v1"]
    base = live_server.url
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base + reverse("admin:login"))
    page.locator("#id_username").fill("koordynatorka")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    # 1. A comment that came by post is registered, numbered after the portal's No. 1.
    page.goto(base + reverse("admin:consultations_comment_add"))
    page.locator("#id_version").select_option(str(v1.pk))
    page.locator("#id_paragraph_ref").fill("§ 2.1")
    page.locator("#id_channel").select_option("post")
    # A letter received earlier today: minutes ago, so never later than now, at any hour.
    received = timezone.localtime() - dt.timedelta(minutes=5)
    today = received.date()
    page.locator("#id_received_at_0").fill(today.isoformat())
    page.locator("#id_received_at_1").fill(received.strftime("%H:%M"))
    page.locator("#id_capacity").select_option("private")
    page.locator("#id_sender_name").fill("Jan Listowny")
    page.locator("#id_proposed_wording").fill("Dopisać zadanie dla seniorów (pismo).")
    page.locator("#id_justification").fill("Pismo z dzisiejszą datą wpływu.")
    _shot(page, "record-1-register-posted-1280")
    _save(page)
    posted = Comment.objects.get(channel="post")
    assert posted.number == 2
    assert posted.paragraph.label == "2.1"

    # 2. The comment on § 1.2 is linked by the picker to the paragraph version 2 deleted.
    page.goto(base + reverse("admin:consultations_comment_change", args=[cycle["comment"].pk]))
    page.locator("#id_answer").select_option("accepted")
    page.locator("#id_answer_justification").fill("Uwzględniona: ustęp skreślono.")
    picker = page.locator("#id_resulting_paragraph_ref")
    picker.fill("1.2")
    page.get_by_role("button", name="w. 1 § 1.2").click()
    # htmx swaps the field in with the chosen reference: wait for it, do not race it.
    expect(page.locator("#id_resulting_paragraph_ref")).to_have_value("w. 1 § 1.2")
    _shot(page, "record-2-picker-1280")
    _save(page)
    assert Comment.objects.get(pk=cycle["comment"].pk).resulting_paragraph_id == (
        cycle["comment"].paragraph_id
    )

    # 3. The representation is confirmed with a note.
    page.goto(
        base + reverse("admin:teams_representative_change", args=[cycle["representative"].pk])
    )
    page.locator("#id_decision").select_option("confirm")
    page.locator("#id_decision_note").fill("Telefon do zarządu fundacji.")
    _save(page)
    assert Representative.objects.get(pk=cycle["representative"].pk).is_confirmed

    # 4. Time passes: the phase ends; the answers are published in bulk.
    Phase.objects.filter(programme=programme).update(
        ends_at=timezone.now() - dt.timedelta(minutes=1)
    )
    Comment.objects.filter(pk=posted.pk).update(
        answer="rejected", answer_justification="Poza zakresem."
    )
    page.goto(base + reverse("admin:consultations_comment_changelist"))
    page.locator("#action-toggle").check()
    page.locator('select[name="action"]').select_option("publish_answers")
    page.get_by_role("button", name="Go").click()
    page.get_by_text("Published 2 answers.").wait_for()

    # 5. The adoption is recorded.
    page.goto(base + reverse("admin:consultations_adoption_add"))
    page.locator("#id_programme").select_option(str(programme.pk))
    page.locator("#id_version").select_option(str(cycle["v2"].pk))
    page.locator("#id_resolution_number").fill("XXXIV/456/11")
    page.locator("#id_resolution_date").fill(today.isoformat())
    page.locator("#id_bip_url").fill("https://www.bip.krakow.pl/?dok_id=123")
    _shot(page, "record-3-adoption-1280")
    _save(page)
    assert Adoption.objects.filter(programme=programme).exists()

    # 6. The public sees it all.
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "django_language", "value": "pl", "url": base}])
    page.goto(base + "/")
    assert page.get_by_text("XXXIV/456/11").first.is_visible()
    assert page.locator(".countdowns").count() == 0
    _shot(page, "record-4-home-adopted-1280")
    assert axe_violations(page) == []
    page.goto(base + reverse("consultations:draft_diff", args=[programme.slug, 1, 2]))
    assert (
        page.get_by_text("Skreślony w wyniku uwagi nr 1").count()
        + page.get_by_text("Deleted in response to comment No. 1").count()
        >= 1
    )
    _shot(page, "record-5-diff-deleted-1280")
    page.goto(base + reverse("consultations:report", args=[programme.slug]))
    html = page.content()
    assert "Jan Listowny" not in html
    assert "Fundacja Przeglądarkowa" in html  # confirmed: the name shows
    _shot(page, "record-6-report-1280")
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 360, "height": 740})
    _shot(page, "record-7-report-360")
    page.goto(base + programme.get_absolute_url())
    _shot(page, "record-8-programme-360")
    assert axe_violations(page) == []
