"""A double click never makes two comments (docs/architecture.md, "Idempotent forms")."""

from __future__ import annotations

import re
import threading
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.utils import timezone

from consultations.models import Comment
from consultations.tests.conftest import verify_email
from consultations.tests.factories import PhaseFactory
from consultations.tests.test_comments import EN, comment_url, form_data
from core.models import FormSubmission, OutboxEntry

TOKEN_RE = re.compile(r'name="token" value="([^"]+)"')


def _token(client: Client, version: Any) -> str:
    html = client.get(comment_url(version), **EN).content.decode()
    match = TOKEN_RE.search(html)
    assert match, "the form carries no one-time token"
    return match.group(1)


@pytest.mark.django_db
def test_each_rendering_of_the_form_carries_a_new_token(client, member, version, during):
    verify_email(member)
    client.force_login(member)
    assert _token(client, version) != _token(client, version)


@pytest.mark.django_db
def test_a_second_submission_of_the_same_form_shows_the_first_receipt(
    client, member, version, during, django_capture_on_commit_callbacks
):
    verify_email(member)
    client.force_login(member)
    data = form_data(member, token=_token(client, version))
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(comment_url(version), data, **EN)
        second = client.post(comment_url(version), data, **EN)
    comment = Comment.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == f"/me/comments/{comment.pk}/"
    assert len(mail.outbox) == 1
    assert OutboxEntry.objects.filter(dedup_key=f"comment-receipt:{comment.pk}").count() == 1
    assert FormSubmission.objects.get().object_pk == comment.pk


@pytest.mark.django_db
def test_two_forms_make_two_comments(client, member, version, during):
    verify_email(member)
    client.force_login(member)
    for _ in range(2):
        response = client.post(
            comment_url(version), form_data(member, token=_token(client, version)), **EN
        )
        assert response.status_code == 302
    assert Comment.objects.count() == 2


@pytest.mark.django_db
def test_a_form_refused_for_its_content_can_be_corrected_and_sent_with_its_token(
    client, member, version, during
):
    verify_email(member)
    client.force_login(member)
    token = _token(client, version)
    refused = client.post(
        comment_url(version), form_data(member, token=token, justification=""), **EN
    )
    assert refused.status_code == 200
    assert f'value="{token}"' in refused.content.decode()
    sent = client.post(comment_url(version), form_data(member, token=token), **EN)
    assert sent.status_code == 302
    assert Comment.objects.count() == 1


@pytest.mark.django_db
def test_another_persons_token_is_theirs_alone(client, member, other_team_member, version, during):
    """The token is bound to the person who used it: the same string is a new form for someone else."""
    verify_email(member)
    verify_email(other_team_member)
    client.force_login(member)
    token = _token(client, version)
    assert client.post(comment_url(version), form_data(member, token=token)).status_code == 302
    other = Client()
    other.force_login(other_team_member)
    data = form_data(other_team_member, token=token)
    assert other.post(comment_url(version), data).status_code == 302
    assert Comment.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_parallel_posts_of_the_same_form_store_one_comment(member, programme, settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs row locks of PostgreSQL")
    from consultations.tests.conftest import build_version

    now = timezone.now()
    PhaseFactory(
        programme=programme,
        starts_at=now - timezone.timedelta(days=1),
        ends_at=now + timezone.timedelta(days=20),
    )
    version = build_version(programme)
    verify_email(member)
    opener = Client()
    opener.force_login(member)
    token = _token(opener, version)
    data = form_data(member, token=token)
    clients = [Client() for _ in range(4)]
    for c in clients:
        c.force_login(member)
    barrier = threading.Barrier(len(clients))
    locations: list[str] = []
    errors: list[BaseException] = []

    def post(c: Client) -> None:
        try:
            barrier.wait(timeout=30)
            response = c.post(comment_url(version), data)
            locations.append(f"{response.status_code} {response.get('Location')}")
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    comment = Comment.objects.get()
    assert locations == [f"302 /me/comments/{comment.pk}/"] * len(clients)
    assert OutboxEntry.objects.filter(dedup_key=f"comment-receipt:{comment.pk}").count() == 1
