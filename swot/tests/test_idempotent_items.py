"""A double click on "Add a point" adds one point (docs/architecture.md, "Idempotent forms")."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from swot.models import SwotItem

pytestmark = pytest.mark.django_db

TOKEN_RE = re.compile(r'name="token" value="([^"]+)"')


def test_the_same_form_sent_twice_adds_one_point_and_a_new_form_another(
    client, member, open_session
):
    client.force_login(member)
    url = reverse("swot:item_add", args=[open_session.pk])
    board = client.get(reverse("swot:board", args=[open_session.pk])).content.decode()
    token = TOKEN_RE.search(board).group(1)  # type: ignore[union-attr]
    data = {"quadrant": "S", "text": "Silna sieć organizacji", "token": token}
    first = client.post(url, data, HTTP_HX_REQUEST="true")
    second = client.post(url, data, HTTP_HX_REQUEST="true")
    assert first.status_code == second.status_code == 200
    assert SwotItem.objects.filter(text="Silna sieć organizacji").count() == 1
    # The fresh form the answer carries has a new token: the next point is a new point.
    fresh = TOKEN_RE.search(second.content.decode()).group(1)  # type: ignore[union-attr]
    assert fresh != token
    client.post(url, {**data, "token": fresh}, HTTP_HX_REQUEST="true")
    assert SwotItem.objects.filter(text="Silna sieć organizacji").count() == 2
