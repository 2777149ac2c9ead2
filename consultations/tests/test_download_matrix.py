"""Who may download what, now that files come from the database storage (five roles).

Published documents are everyone's; an unpublished draft is announced to nobody but
coordinators (who get a proof rendered for them, never stored); scans are coordinators'.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from consultations.models import RenderedPdf
from consultations.tests.factories import version_with_sections
from consultations.tests.test_channels import register
from core.models import StoredFile

pytestmark = pytest.mark.django_db


def _login(client, request, role):
    user = request.getfixturevalue(role)
    if user is not None:
        client.force_login(user)


def _draft_url(version):
    return reverse(
        "consultations:draft_pdf",
        kwargs={"slug": version.programme.slug, "number": version.number},
    )


@pytest.mark.parametrize(
    "role", ["anonymous", "member", "other_team_member", "moderator", "coordinator"]
)
def test_a_published_drafts_stored_pdf_is_everyones(
    client, request, role, programme, django_capture_on_commit_callbacks
):
    version = version_with_sections(programme, published=True)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(_draft_url(version))  # queues the render; eager: done on commit
    stored = RenderedPdf.objects.get(version=version)
    _login(client, request, role)
    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = client.get(_draft_url(version))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body == bytes(StoredFile.objects.get(name=stored.file.name).content)
    assert response["Content-Length"] == str(len(body))
    assert queued == []


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 404),
        ("member", 404),
        ("other_team_member", 404),
        ("moderator", 404),
        ("coordinator", 200),
    ],
)
def test_an_unpublished_draft_is_a_proof_for_coordinators_only_and_never_stored(
    client, request, role, status, programme
):
    version = version_with_sections(programme)
    _login(client, request, role)
    response = client.get(_draft_url(version))
    assert response.status_code == status
    if status == 200:
        assert response.content.startswith(b"%PDF")
        assert "no-store" in response["Cache-Control"]
    assert not RenderedPdf.objects.exists()
    assert not StoredFile.objects.exists()


@pytest.mark.parametrize(
    "role", ["anonymous", "member", "other_team_member", "moderator", "coordinator"]
)
def test_the_stored_report_pdf_is_everyones(
    client, request, role, programme, django_capture_on_commit_callbacks
):
    url = reverse("consultations:report_pdf", kwargs={"slug": programme.slug})
    with django_capture_on_commit_callbacks(execute=True):
        client.get(url)
    _login(client, request, role)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("member", 403),
        ("other_team_member", 403),
        ("moderator", 403),
        ("coordinator", 200),
    ],
)
def test_a_scan_is_the_coordinators_only(client, request, role, status, version, coordinator):
    comment = register(
        version,
        coordinator,
        scan=SimpleUploadedFile("pismo.png", b"\x89PNG\r\n\x1a\n" + b"." * 5000, "image/png"),
    )
    _login(client, request, role)
    response = client.get(reverse("consultations:comment_scan", args=[comment.pk]))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "image/png"
        assert b"".join(response.streaming_content) == b"\x89PNG\r\n\x1a\n" + b"." * 5000
        assert "no-store" in response["Cache-Control"]
    # Never reachable by a URL of the storage, whoever asks.
    assert client.get(f"/media/{comment.scan.name}").status_code == 404
