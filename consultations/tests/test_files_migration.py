"""The data migration that moves files rows point at from MEDIA_ROOT into the storage."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from consultations.models import Comment, RenderedPdf
from consultations.tests.factories import CommentFactory, version_with_sections
from core.models import StoredFile

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "consultations.migrations.0018_files_from_media_root_into_storage"
)


def test_files_on_disk_are_moved_and_rows_stay_as_they_were(settings, tmp_path, programme):
    media, private = tmp_path / "media", tmp_path / "private-media"
    settings.MEDIA_ROOT = media
    settings.PRIVATE_MEDIA_ROOT = private
    (media / "pdf/2025").mkdir(parents=True)
    (private / "scans/2025").mkdir(parents=True)
    (media / "pdf/2025/wersja-1.pdf").write_bytes(b"%PDF-1.7 wersja")
    (private / "scans/2025/pismo.png").write_bytes(b"\x89PNG skan")
    version = version_with_sections(programme, published=True)
    on_disk = RenderedPdf.objects.create(
        programme=programme,
        version=version,
        kind="draft",
        fingerprint="a",
        file="pdf/2025/wersja-1.pdf",
        rendered_at=timezone.now(),
    )
    lost = RenderedPdf.objects.create(
        programme=programme,
        kind="report",
        fingerprint="b",
        file="pdf/2025/brak.pdf",
        rendered_at=timezone.now(),
    )
    comment = CommentFactory(version=version)
    Comment.objects.filter(pk=comment.pk).update(scan="scans/2025/pismo.png")

    migration.move_files(apps, None)
    migration.move_files(apps, None)  # a second run finds everything in place

    moved = StoredFile.objects.get(name="pdf/2025/wersja-1.pdf")
    assert bytes(moved.content) == b"%PDF-1.7 wersja"
    assert moved.content_type == "application/pdf"
    scan = StoredFile.objects.get(name="private/scans/2025/pismo.png")
    assert (bytes(scan.content), scan.content_type) == (b"\x89PNG skan", "image/png")
    assert StoredFile.objects.count() == 2
    on_disk.refresh_from_db()
    assert on_disk.is_ready
    assert on_disk.file.open().read() == b"%PDF-1.7 wersja"
    lost.refresh_from_db()
    assert lost.file.name == "pdf/2025/brak.pdf"  # rows unchanged (migrations only add)
    comment.refresh_from_db()
    assert comment.scan.open().read() == b"\x89PNG skan"
