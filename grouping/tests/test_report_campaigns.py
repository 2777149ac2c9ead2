from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations.models import Comment
from grouping import services

pytestmark = pytest.mark.django_db


def test_report_shows_a_campaign_as_one_row_with_every_sender(
    client: Any, grouped_version: Any
) -> None:
    services.grouping_compute(version=grouped_version, trigger="on_demand")
    Comment.objects.filter(version=grouped_version).update(
        answer="rejected", answer_justification="Nie.", answer_published_at=timezone.now()
    )
    url = reverse("consultations:report", args=[grouped_version.programme.slug])
    flat = client.get(url).content.decode()
    folded = client.get(url, {"rows": "campaigns"}).content.decode()
    text = "Apelujemy o zwiększenie"
    assert flat.count(text) == 4  # default: the flat list, one row per comment
    assert folded.count(text) == 1  # one row for the campaign
    assert "4 egzemplarze" in folded
    for comment in grouped_version.campaign:  # no sender hidden
        assert comment.organisation.name in folded
        assert f"comment-1-{comment.number}" in folded
