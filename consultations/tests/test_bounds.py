"""Answers reverted from the history page, comment drafts in the session (issue 16)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from consultations.models import Comment
from consultations.services import CORRECTION_REASON_MAX
from consultations.tests.factories import CommentFactory
from consultations.tests.test_answers import EN, answer, publish
from consultations.views import DRAFT_SESSION_KEY

pytestmark = pytest.mark.django_db


@pytest.fixture
def comment(version: Any, member: Any) -> Comment:
    return CommentFactory(
        author=member,
        paragraph=version.sections.first().paragraphs.first(),
        organisation=member.memberships.get().organisation,
    )


def _history_url(comment: Comment, history_id: int) -> str:
    return reverse("admin:consultations_comment_simple_history", args=[comment.pk, history_id])


def _revert(client: Any, target: Comment, history_id: int, **extra: str) -> Any:
    old = target.history.get(history_id=history_id)
    data = {
        "answer": old.answer,
        "answer_justification": old.answer_justification,
        "_save": "Save",
    } | extra
    return client.post(_history_url(target, history_id), data, **EN)


def test_reverting_a_published_answer_without_a_reason_is_a_form_error(
    client: Any,
    coordinator: Any,
    comment: Comment,
) -> None:
    client.force_login(coordinator)
    answer(client, comment)
    first = comment.history.latest().history_id
    publish(client, comment)
    answer(client, comment, "accepted", "Jednak tak.", correction_reason="Pomyłka.")
    response = _revert(client, comment, first)
    assert response.status_code == 200
    assert "say why it is being corrected" in response.content.decode()
    comment.refresh_from_db()
    assert comment.answer == Comment.Answer.ACCEPTED
    reverted = _revert(client, comment, first, correction_reason="Powrót do pierwszej wersji.")
    assert reverted.status_code == 302
    comment.refresh_from_db()
    assert comment.answer == Comment.Answer.PARTLY_ACCEPTED


def test_a_correction_reason_too_long_for_the_record_is_refused_beside_the_field(
    client: Any,
    coordinator: Any,
    comment: Comment,
) -> None:
    client.force_login(coordinator)
    answer(client, comment)
    publish(client, comment)
    response = answer(
        client,
        comment,
        "accepted",
        "Jednak tak.",
        correction_reason="x" * (CORRECTION_REASON_MAX + 1),
    )
    assert response.status_code == 200
    assert "correction_reason" in response.context["adminform"].form.errors
    comment.refresh_from_db()
    assert comment.answer == Comment.Answer.PARTLY_ACCEPTED


def _session_bytes() -> int:
    return sum(len(s.session_data) for s in Session.objects.all())


def test_an_oversized_draft_is_never_put_in_the_session(client: Any, version: Any) -> None:
    url = reverse("consultations:comment_create", args=[version.programme.slug, version.number])
    before = _session_bytes()
    response = client.post(url, {"proposed_wording": "x" * 1_900_000, "justification": "y"}, **EN)
    assert response.status_code == 200
    assert "proposed_wording" in response.context["form"].errors
    assert _session_bytes() - before < 10_000
    assert DRAFT_SESSION_KEY.format(version=version.pk) not in client.session
    # A draft that fits is kept for after logging in, as before.
    kept = client.post(url, {"proposed_wording": "Nowe brzmienie", "justification": "Bo tak."})
    assert kept.status_code == 302
    assert (
        client.session[DRAFT_SESSION_KEY.format(version=version.pk)]["justification"] == "Bo tak."
    )


@pytest.mark.parametrize("label", ["²-1", "1-٣", "99999999999999999999-1", "1-40000"])
def test_a_paragraph_label_that_is_not_ascii_digits_is_ignored(
    client: Any, version: Any, label: str
) -> None:
    url = reverse("consultations:comment_create", args=[version.programme.slug, version.number])
    assert client.get(url, {"paragraph": label}).status_code == 200
