"""Coordinators answer in the admin; answers are public only once published."""

from __future__ import annotations

import pytest
from django.urls import reverse

from consultations.models import Comment
from consultations.tests.factories import CommentFactory

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def comment(version, member):
    return CommentFactory(
        author=member,
        paragraph=version.sections.first().paragraphs.first(),
        organisation=member.memberships.get().organisation,
        proposed_wording="Propozycja członka",
    )


def change_url(comment) -> str:
    return reverse("admin:consultations_comment_change", args=[comment.pk])


def answer(client, comment, position="partly_accepted", text="Częściowo, bo budżet.", **extra):
    data = {"answer": position, "answer_justification": text, "_save": "Save"} | extra
    return client.post(change_url(comment), data, **EN)


def publish(client, *comments):
    return client.post(
        reverse("admin:consultations_comment_changelist"),
        {"action": "publish_answers", "_selected_action": [c.pk for c in comments]},
        follow=True,
        **EN,
    )


def test_the_coordinator_answers_and_the_answer_stays_private_until_published(
    client, coordinator, member, comment, version
):
    client.force_login(coordinator)
    assert answer(client, comment).status_code == 302
    comment.refresh_from_db()
    assert comment.answer == Comment.Answer.PARTLY_ACCEPTED
    assert comment.answered_by == coordinator
    assert comment.answered_at is not None
    assert not comment.is_answer_published
    client.logout()
    assert "Częściowo, bo budżet." not in client.get(version.get_absolute_url()).content.decode()
    client.force_login(member)
    mine = client.get(reverse("consultations:my_comment", args=[comment.pk])).content.decode()
    assert "Częściowo, bo budżet." not in mine
    report = client.get(reverse("consultations:report", args=[version.programme.slug]))
    assert "Propozycja członka" not in report.content.decode()


def test_bulk_publishing_makes_answers_public_and_skips_unanswered_ones(
    client, coordinator, comment, version
):
    unanswered = CommentFactory(paragraph=comment.paragraph)
    client.force_login(coordinator)
    answer(client, comment)
    response = publish(client, comment, unanswered)
    html = response.content.decode()
    assert "Published 1 answers." in html
    assert "1 comments were skipped" in html
    comment.refresh_from_db()
    unanswered.refresh_from_db()
    assert comment.is_answer_published
    assert not unanswered.is_answer_published
    client.logout()
    draft = client.get(version.get_absolute_url(), **EN).content.decode()
    assert "2 comments, 1 answered" in draft
    # The answers load per paragraph (docs/architecture.md, "Caching").
    paragraph = comment.paragraph
    answers = client.get(
        reverse(
            "consultations:paragraph_answers",
            args=[
                version.programme.slug,
                version.number,
                paragraph.section.position,
                paragraph.number,
            ],
        ),
        **EN,
    ).content.decode()
    assert "Częściowo, bo budżet." in answers
    assert "partly accepted" in answers


def test_a_published_answer_is_corrected_only_with_a_reason_that_is_recorded(
    client, coordinator, comment
):
    client.force_login(coordinator)
    answer(client, comment)
    publish(client, comment)
    refused = answer(client, comment, "accepted", "Jednak tak.")
    assert refused.status_code == 200
    assert "say why it is being corrected" in refused.content.decode()
    comment.refresh_from_db()
    assert comment.answer == Comment.Answer.PARTLY_ACCEPTED
    accepted = answer(
        client, comment, "accepted", "Jednak tak.", correction_reason="Pomyłka w protokole."
    )
    assert accepted.status_code == 302
    comment.refresh_from_db()
    assert comment.answer == Comment.Answer.ACCEPTED
    latest = comment.history.latest()
    assert latest.history_user == coordinator
    assert "Pomyłka w protokole." in latest.history_change_reason
    client.logout()
    report = client.get(
        reverse("consultations:report", args=[comment.version.programme.slug]), **EN
    ).content.decode()
    assert "Answer corrected on" in report
    assert "Pomyłka w protokole." in report


def test_a_position_needs_a_justification(client, coordinator, comment):
    client.force_login(coordinator)
    response = answer(client, comment, "rejected", "")
    assert response.status_code == 200
    assert "Give the justification of the position." in response.content.decode()
    comment.refresh_from_db()
    assert comment.answer == ""


def test_the_authors_text_cannot_be_changed_in_the_admin(client, coordinator, comment):
    client.force_login(coordinator)
    answer(client, comment, proposed_wording="Podmienione przez urząd")
    comment.refresh_from_db()
    assert comment.proposed_wording == "Propozycja członka"


@pytest.mark.parametrize(
    ("query", "expected"),
    [("answered=no", {"bez"}), ("answered=draft", {"robocza"}), ("answered=published", {"jawna"})],
)
def test_the_inbox_filters_by_answer_state(client, coordinator, version, query, expected):
    paragraph = version.sections.first().paragraphs.first()
    CommentFactory(paragraph=paragraph, proposed_wording="bez")
    CommentFactory(
        paragraph=paragraph, proposed_wording="robocza", answer="rejected", answer_justification="x"
    )
    published = CommentFactory(
        paragraph=paragraph, proposed_wording="jawna", answer="accepted", answer_justification="y"
    )
    Comment.objects.filter(pk=published.pk).update(answer_published_at=published.submitted_at)
    client.force_login(coordinator)
    response = client.get(reverse("admin:consultations_comment_changelist") + "?" + query)
    shown = {c.proposed_wording for c in response.context["cl"].queryset}
    assert shown == expected


def test_publishing_answers_also_publishes_the_summary(client, coordinator, comment, programme):
    programme.report_summary = "Podsumowanie Zespołu Koordynującego."
    programme.save()
    client.force_login(coordinator)
    answer(client, comment)
    publish(client, comment)
    programme.refresh_from_db()
    assert programme.report_published_at is not None
    html = client.get(reverse("consultations:report", args=[programme.slug])).content.decode()
    assert "Podsumowanie Zespołu Koordynującego." in html
