"""Accepted proposals become tracked changes of the next version (issue 11, item 4)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations.models import Comment
from consultations.selectors import version_proposals_to_apply
from consultations.tests.factories import CommentFactory, version_with_sections
from core.testing import TEAM_ROLES, client_as

pytestmark = pytest.mark.django_db

TEXT = "Program realizowany jest w latach 2012–2014 przez Gminę."


@pytest.fixture
def versions(programme, coordinator):
    old = version_with_sections(programme, number=1, published=True, texts={"period": [TEXT]})
    new = version_with_sections(programme, number=2, texts={"period": [TEXT]})
    paragraph = old.sections.get(kind="period").paragraphs.get()
    accepted = CommentFactory(
        paragraph=paragraph,
        current_wording="w latach 2012–2014",
        proposed_wording="w latach 2012–2015",
        answer=Comment.Answer.ACCEPTED,
        answer_justification="Zgoda.",
        answered_at=timezone.now(),
    )
    CommentFactory(paragraph=paragraph, answer=Comment.Answer.REJECTED)
    return old, new, accepted


def _apply_url(new, comment):
    return reverse(
        "consultations:proposal_apply", args=[new.programme.slug, new.number, comment.pk]
    )


def test_only_accepted_proposals_are_offered(versions):
    _old, new, accepted = versions
    offered = version_proposals_to_apply(new)
    assert [p.comment for p in offered] == [accepted]
    assert offered[0].target == new.sections.get(kind="period").paragraphs.get()


def test_one_click_applies_the_span_and_the_diff_links_the_comment(client, coordinator, versions):
    old, new, accepted = versions
    client.force_login(coordinator)
    response = client.post(_apply_url(new, accepted))
    assert response.status_code == 302
    target = new.sections.get(kind="period").paragraphs.get()
    assert target.text == "Program realizowany jest w latach 2012–2015 przez Gminę."
    accepted.refresh_from_db()
    assert accepted.resulting_paragraph == target
    assert version_proposals_to_apply(new) == []  # applied once
    assert accepted.history.first().history_user == coordinator
    diff = client.get(
        reverse("consultations:draft_diff", args=[new.programme.slug, old.number, new.number])
    )
    changed = [p for s in diff.context["diff"].sections for p in s.paragraphs if p.comments]
    assert [c.pk for p in changed for c in p.comments] == [accepted.pk]


@pytest.mark.parametrize("role", TEAM_ROLES)
def test_only_coordinators_apply_proposals(request, client, versions, role):
    _old, new, accepted = versions
    client_as(request, client, role)
    response = client.post(_apply_url(new, accepted))
    assert response.status_code == {"anonymous": 302, "coordinator": 302}.get(role, 404)
    accepted.refresh_from_db()
    assert (accepted.resulting_paragraph_id is not None) == (role == "coordinator")
