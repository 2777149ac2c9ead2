"""Each rule that used to be written twice now lives in one place (issue 9).

Every test puts the former callers side by side and checks that they agree.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse

from consultations import pdf, selectors, services
from consultations.models import Comment, DraftVersion, Paragraph
from consultations.tests.conftest import build_version, verify_email
from consultations.tests.factories import CommentFactory, version_with_sections
from reminders import selectors as reminder_selectors
from teams.models import Representative
from teams.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


# 1. Empty mandatory section -------------------------------------------------------
@pytest.mark.parametrize("blank", ["", "   ", "\n\t \r\n"])
def test_publishing_and_the_reminder_agree_that_blank_text_is_empty(programme, coordinator, blank):
    version = version_with_sections(programme, texts={"funds": [blank], "committees": [blank]})

    with pytest.raises(ValidationError) as refused:
        services.version_publish(version=version, by=coordinator)

    assert len(refused.value.messages) == 2
    assert reminder_selectors.empty_mandatory_sections(programme) == ["funds", "committees"]
    assert selectors.version_empty_mandatory_sections(version) == ["funds", "committees"]


def test_a_section_with_one_real_paragraph_is_filled_for_both(programme, coordinator):
    version_with_sections(programme, texts={"funds": ["  ", "500 000 zł"]})
    assert reminder_selectors.empty_mandatory_sections(programme) == []


# 2. Organisations a user speaks for ----------------------------------------------
def test_the_statement_page_and_the_comment_form_offer_the_same_organisations(
    client, member, programme
):
    stated = OrganisationFactory(name="Fundacja Ą")
    Representative.objects.create(user=member, organisation=stated)
    via_team = member.memberships.get().organisation

    capacities = selectors.commenter_capacities(member)
    client.force_login(member)
    page = client.get(reverse("teams:organisation_statement"))

    from_form = [c.organisation for c in capacities if c.organisation is not None]
    assert from_form == list(page.context["organisations"])
    assert {stated, via_team} == set(from_form)


# 4. Report context ---------------------------------------------------------------
def test_the_report_page_and_the_pdf_show_the_same_rows_and_corrections(
    client, programme, phase, coordinator
):
    version = build_version(programme)
    comment = CommentFactory(
        version=version, paragraph=Paragraph.objects.filter(section__version=version).first()
    )
    # Answers are published after the comment phase ends (the order of the loop).
    after = phase.ends_at + dt.timedelta(days=1)
    services.comment_answer_record(
        comment=comment, answer="accepted", justification="Tak.", by=coordinator, now=after
    )
    services.comment_answers_publish(comments=[comment], by=coordinator, now=after)
    services.comment_answer_record(
        comment=comment,
        answer="rejected",
        justification="Jednak nie.",
        by=coordinator,
        now=after,
        reason="pomyłka",
    )

    page = client.get(reverse("consultations:report", args=[programme.slug])).context
    printed = pdf.report_context(programme)

    assert [c.pk for c in page["comments"]] == [c.pk for c in printed["comments"]]
    assert [c.corrections for c in page["comments"]] == [c.corrections for c in printed["comments"]]
    assert page["comments"][0].corrections[0].reason == "pomyłka"
    assert page["counts"] == printed["counts"]
    assert "pomyłka" in pdf.render_report_html(programme)


# 6. A published version never changes: the model states it ------------------------
def test_the_model_service_and_admin_agree_on_a_frozen_version(client, programme, coordinator):
    version = version_with_sections(programme, published=True)
    paragraph = Paragraph.objects.filter(section__version=version).first()
    assert version.is_frozen
    assert "is_frozen" in (DraftVersion.ensure_editable.__doc__ or "")
    for layer in ("services", "admin", "0005_published_version_immutable_triggers"):
        assert layer in (DraftVersion.is_frozen.__doc__ or "")

    refusals = [
        version.ensure_editable,
        lambda: services.paragraph_update(paragraph=paragraph, text="Nowy"),
        lambda: services.draft_part_save(part=paragraph, by=coordinator),
        lambda: services.draft_part_delete(part=paragraph, by=coordinator),
    ]
    for refusal in refusals:
        with pytest.raises(ValidationError) as refused:
            refusal()
        assert refused.value.error_list[0].code == "published"
    request = RequestFactory().get("/")
    request.user = coordinator
    from django.contrib import admin

    paragraph_section_admin = admin.site._registry[type(paragraph.section)]
    assert not paragraph_section_admin.has_change_permission(request, paragraph.section)
    assert not paragraph_section_admin.has_delete_permission(request, paragraph.section)
    assert paragraph_section_admin.has_change_permission(request)  # the changelist


def test_the_admin_edits_an_unpublished_paragraph_through_the_service(
    client, programme, coordinator
):
    version = version_with_sections(programme)
    section = version.sections.get(kind="funds")
    paragraph = section.paragraphs.get()
    client.force_login(coordinator)
    url = reverse("admin:consultations_section_change", args=[section.pk])
    data = {
        "version": version.pk,
        "position": section.position,
        "kind": section.kind,
        "title": section.title,
        "paragraphs-TOTAL_FORMS": 1,
        "paragraphs-INITIAL_FORMS": 1,
        "paragraphs-MIN_NUM_FORMS": 0,
        "paragraphs-MAX_NUM_FORMS": 1000,
        "paragraphs-0-id": paragraph.pk,
        "paragraphs-0-section": section.pk,
        "paragraphs-0-number": 1,
        "paragraphs-0-text": "Nowa treść",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content[:2000]
    paragraph.refresh_from_db()
    assert paragraph.text == "Nowa treść"


# 7. Every admin write through a service ------------------------------------------
def test_the_comment_admin_links_the_resulting_paragraph_with_history(
    client, programme, phase, coordinator
):
    version = build_version(programme)
    paragraph = Paragraph.objects.filter(section__version=version).first()
    comment = CommentFactory(version=version, paragraph=paragraph)
    client.force_login(coordinator)
    response = client.post(
        reverse("admin:consultations_comment_change", args=[comment.pk]),
        {
            "answer": "accepted",
            "answer_justification": "Przyjęta.",
            "correction_reason": "",
            # The picker's reference ("w. N § s.p"), resolved by the form (issue 10).
            "resulting_paragraph_ref": f"w. {version.number} § {paragraph.label}",
        },
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.resulting_paragraph == paragraph
    reasons = list(comment.history.values_list("history_change_reason", "history_user"))
    assert ("paragraph linked", coordinator.pk) in reasons


# 8. Permissions in one style: the phase is part of the permission -----------------
def test_the_permission_and_the_service_agree_on_the_phase(programme, phase, member, during):
    version = build_version(programme)
    verify_email(member)
    assert member.has_perm("consultations.add_comment", version)
    services.comment_window_check(version=version, now=phase.starts_at)

    during.move_to(phase.ends_at.replace(year=2012))
    version = DraftVersion.objects.get(pk=version.pk)  # the per-request memo is gone
    assert not member.has_perm("consultations.add_comment", version)
    with pytest.raises(ValidationError):
        services.comment_window_check(version=version, now=phase.ends_at.replace(year=2012))


def test_only_the_author_may_change_a_comment_and_only_before_the_answer(
    programme, phase, member, other_team_member, coordinator, during
):
    version = build_version(programme)
    comment = CommentFactory(
        version=version,
        author=member,
        paragraph=Paragraph.objects.filter(section__version=version).first(),
    )
    assert member.has_perm("consultations.view_own_comment", comment)
    assert member.has_perm("consultations.change_own_comment", comment)
    assert not other_team_member.has_perm("consultations.change_own_comment", comment)
    assert not coordinator.has_perm("consultations.view_own_comment", comment)
    Comment.objects.filter(pk=comment.pk).update(
        answer="accepted", answer_justification="x", answer_published_at=phase.starts_at
    )
    comment.refresh_from_db()
    assert not member.has_perm("consultations.change_own_comment", comment)


# 10. CONSULTATION_MIN_DAYS is the default a new programme gets -----------------------
def test_a_new_programme_takes_its_minimum_phase_length_from_the_setting(settings):
    from programmes.models import Programme

    settings.CONSULTATION_MIN_DAYS = 21
    assert Programme().consultation_min_days == 21
