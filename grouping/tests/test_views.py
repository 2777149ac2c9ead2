from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from consultations.models import Comment
from core.testing import client_as, expect
from grouping import selectors, services
from grouping.models import CommentGroup

pytestmark = pytest.mark.django_db

COORDINATOR_ONLY_GET = (302, 403, 403, 403, 403, 200)
COORDINATOR_ONLY_POST = (302, 403, 403, 403, 403, 302)


@pytest.fixture
def run(grouped_version: Any) -> Any:
    return services.grouping_compute(version=grouped_version, trigger="on_demand")


@pytest.fixture
def campaign_group(run: Any, grouped_version: Any) -> CommentGroup:
    pks = {c.pk for c in grouped_version.campaign}
    for group in CommentGroup.objects.filter(run=run, scope="document"):
        if pks <= set(selectors.group_comment_ids(group)):
            return group
    raise AssertionError


@pytest.mark.parametrize(("role", "status"), expect(COORDINATOR_ONLY_GET))
@pytest.mark.parametrize("scope", ["document", "paragraph", "campaigns"])
def test_groups_page_per_role(
    request: Any, client: Any, run: Any, grouped_version: Any, role: str, status: int, scope: str
) -> None:
    client_as(request, client, role)
    url = reverse("grouping:groups", args=[grouped_version.programme.slug, 1])
    response = client.get(url, {"scope": scope})
    assert response.status_code == status
    if status == 200:
        text = response.content.decode()
        if scope == "campaigns":
            assert "Apelujemy o zwiększenie" in text
        for comment in grouped_version.campaign:
            assert comment.organisation.name in text or scope == "paragraph"


@pytest.mark.parametrize(("role", "status"), expect(COORDINATOR_ONLY_POST))
def test_compute_now_per_role(
    request: Any,
    client: Any,
    grouped_version: Any,
    role: str,
    status: int,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = True
    client_as(request, client, role)
    url = reverse("grouping:compute", args=[grouped_version.programme.slug, 1])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == status
    assert grouped_version.grouping_runs.exists() == (role == "coordinator")


@pytest.mark.parametrize(("role", "status"), expect(COORDINATOR_ONLY_GET))
def test_group_answer_page_per_role(
    request: Any, client: Any, campaign_group: Any, role: str, status: int
) -> None:
    client_as(request, client, role)
    response = client.get(reverse("grouping:group_answer", args=[campaign_group.pk]))
    assert response.status_code == status


@pytest.mark.parametrize(("role", "status"), expect((302, 403, 403, 403, 403, 302)))
def test_group_answer_confirm_per_role(
    request: Any, client: Any, campaign_group: Any, grouped_version: Any, role: str, status: int
) -> None:
    client_as(request, client, role)
    response = client.post(
        reverse("grouping:group_answer", args=[campaign_group.pk]),
        {
            "step": "confirm",
            "answer": "accepted",
            "answer_justification": "Tak.",
            "comments": [c.pk for c in grouped_version.campaign],
        },
    )
    assert response.status_code == status
    answered = Comment.objects.exclude(answer="").count()
    assert answered == (4 if role == "coordinator" else 0)


def test_answer_many_needs_selection_and_confirmation(
    client: Any, coordinator: Any, campaign_group: Any, grouped_version: Any
) -> None:
    client.force_login(coordinator)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the assertions read the English labels
    url = reverse("grouping:group_answer", args=[campaign_group.pk])
    data = {"answer": "partly_accepted", "answer_justification": "Środki wzrosną o 10%."}
    # Nothing selected: the message beside the field, the text stays.
    response = client.post(url, {**data, "step": "review"})
    assert response.status_code == 200
    assert "Select at least one comment." in response.content.decode()
    assert "Środki wzrosną o 10%." in response.content.decode()
    # "Select all" pre-ticks the boxes, but only a GET: nothing is recorded.
    assert client.get(url, {"all": "1"}).content.decode().count("checked") == 4
    pks = [c.pk for c in grouped_version.campaign]
    response = client.post(url, {**data, "step": "review", "comments": pks})
    assert response.status_code == 200
    assert "Confirm and record" in response.content.decode()
    assert not Comment.objects.exclude(answer="").exists()  # the review records nothing
    response = client.post(url, {**data, "step": "confirm", "comments": pks})
    assert response.status_code == 302
    for comment in Comment.objects.filter(pk__in=pks):
        assert comment.answer == "partly_accepted"
        assert comment.history.filter(history_change_reason="answer recorded").count() == 1
    assert Comment.objects.exclude(answer="").count() == 4


def test_answer_page_offers_answers_to_similar_comments(
    client: Any, coordinator: Any, campaign_group: Any, grouped_version: Any
) -> None:
    other = grouped_version.campaign[0]
    Comment.objects.filter(pk=other.pk).update(
        answer="rejected", answer_justification="Budżet nie pozwala."
    )
    client.force_login(coordinator)
    url = reverse("grouping:group_answer", args=[campaign_group.pk])
    page = client.get(url).content.decode()
    assert "Budżet nie pozwala." in page
    page = client.get(url, {"from": other.pk}).content.decode()
    assert "Budżet nie pozwala.</textarea>" in page
