"""The database storage: Django's storage API over ``core.StoredFile`` rows (PostgreSQL)."""

from __future__ import annotations

import io
import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from core.models import StoredFile
from core.storage import CHUNK_SIZE, DatabaseStorage, stored_file_response

pytestmark = pytest.mark.django_db


@pytest.fixture
def storage() -> DatabaseStorage:
    return DatabaseStorage()


def test_the_default_and_private_storages_are_the_database(settings):
    assert settings.FILE_STORAGE == "database"
    assert isinstance(storages["default"], DatabaseStorage)
    assert isinstance(storages["private"], DatabaseStorage)


def test_a_saved_file_exists_opens_and_has_its_size(storage):
    name = storage.save("pdf/2026/wersja-1.pdf", ContentFile(b"%PDF-1.7 tresc"))
    assert name == "pdf/2026/wersja-1.pdf"
    assert storage.exists(name)
    assert storage.size(name) == len(b"%PDF-1.7 tresc")
    with storage.open(name) as handle:
        assert handle.read() == b"%PDF-1.7 tresc"
        assert handle.content_type == "application/pdf"
    row = StoredFile.objects.get(name=name)
    assert (row.size, row.content_type) == (14, "application/pdf")
    assert storage.get_modified_time(name) == row.created_at
    assert timezone.is_aware(storage.get_created_time(name))


def test_a_second_file_of_the_same_name_gets_another_name(storage):
    first = storage.save("raport.pdf", ContentFile(b"one"))
    second = storage.save("raport.pdf", ContentFile(b"two"))
    assert first == "raport.pdf"
    assert second != first
    assert second.startswith("raport_")
    assert second.endswith(".pdf")
    assert storage.open(first).read() == b"one"
    assert storage.open(second).read() == b"two"


def test_a_name_taken_between_the_check_and_the_insert_is_not_overwritten(storage):
    # What a concurrent save looks like: the row appears after get_available_name.
    StoredFile.objects.create(
        name="wyscig.pdf", content_type="application/pdf", size=1, content=b"a"
    )
    saved = storage._save("wyscig.pdf", ContentFile(b"b"))
    assert saved != "wyscig.pdf"
    assert bytes(StoredFile.objects.get(name="wyscig.pdf").content) == b"a"
    assert storage.open(saved).read() == b"b"


def test_names_are_unique_in_the_table():
    StoredFile.objects.create(name="x.pdf", content_type="application/pdf", size=1, content=b"a")
    with pytest.raises(IntegrityError), transaction.atomic():
        StoredFile.objects.create(
            name="x.pdf", content_type="application/pdf", size=1, content=b"b"
        )


def test_delete_removes_the_row_and_missing_files_say_so(storage):
    name = storage.save("usun.txt", ContentFile(b"abc"))
    storage.delete(name)
    assert not storage.exists(name)
    assert not StoredFile.objects.filter(name=name).exists()
    with pytest.raises(FileNotFoundError):
        storage.open(name)
    with pytest.raises(FileNotFoundError):
        storage.size(name)
    storage.delete(name)  # deleting what is gone is not an error (Storage API)


def test_listdir_lists_one_level(storage):
    for name in ("a/1.pdf", "a/2.pdf", "a/b/3.pdf", "a/c/d/4.pdf", "z.pdf"):
        storage.save(name, ContentFile(b"."))
    assert storage.listdir("a") == (["b", "c"], ["1.pdf", "2.pdf"])
    assert storage.listdir("") == (["a"], ["z.pdf"])
    assert storage.listdir("nothing") == ([], [])


def test_url_points_at_media_url_and_private_files_have_none(storage, settings):
    assert storage.url("pdf/2026/ą b.pdf") == settings.MEDIA_URL + "pdf/2026/%C4%85%20b.pdf"
    private = storages["private"]
    name = private.save("skan.png", ContentFile(b"\x89PNG"))
    with pytest.raises(ValueError, match="no public URL"):
        private.url(name)
    # Its own namespace: the default storage does not see a private file's name.
    assert not default_storage.exists(name)
    assert StoredFile.objects.filter(name=f"private/{name}").exists()


def test_files_cannot_be_opened_for_writing_or_by_path(storage):
    name = storage.save("tylko-odczyt.pdf", ContentFile(b"x"))
    with pytest.raises(ValueError, match="save"):
        storage.open(name, "wb")
    with pytest.raises(NotImplementedError):
        storage.path(name)


def test_a_large_file_is_read_in_chunks_of_one_query_each(storage, django_assert_num_queries):
    content = os.urandom(CHUNK_SIZE * 3 + 1234)
    name = storage.save("duzy.pdf", ContentFile(content))
    handle = storage.open(name)  # one query: the row's size and type
    # 4 ranges for 3 full chunks and a tail, whatever size the reader asks for.
    with django_assert_num_queries(4):
        parts = iter(lambda: handle.read(4096), b"")
        assert b"".join(parts) == content
    handle.seek(CHUNK_SIZE - 10)
    with django_assert_num_queries(1):
        assert handle.read(20) == content[CHUNK_SIZE - 10 : CHUNK_SIZE + 10]
    handle.seek(0)
    with django_assert_num_queries(4):
        assert handle.read() == content
    handle.seek(0, io.SEEK_END)
    assert handle.tell() == len(content)
    assert handle.size == len(content)


def test_the_response_streams_the_bytes_with_length_type_and_name(storage):
    content = os.urandom(CHUNK_SIZE + 99)
    name = storage.save("pdf/protokol.pdf", ContentFile(content))
    response = stored_file_response(storage.open(name), filename="protokol.pdf")
    assert response.streaming
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Length"] == str(len(content))
    assert response["Content-Disposition"] == 'inline; filename="protokol.pdf"'
    chunks = list(response.streaming_content)
    assert len(chunks) == 2  # one per CHUNK_SIZE, never the whole file in one piece
    assert b"".join(chunks) == content


# --- the view behind storage.url(): staff only ------------------------------------
@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 404),
        ("member", 404),
        ("other_team_member", 404),
        ("moderator", 404),  # a team role alone is not staff
        ("coordinator", 200),
    ],
)
def test_the_media_url_serves_files_to_staff_only(client, request, role, status):
    name = default_storage.save("pdf/2026/plik.pdf", ContentFile(b"%PDF-1.7 x"))
    user = request.getfixturevalue(role)
    if user is not None:
        client.force_login(user)
    response = client.get(default_storage.url(name))
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == b"%PDF-1.7 x"
        assert "no-store" in response["Cache-Control"]


def test_the_media_url_of_a_missing_or_private_file_is_not_found(client, coordinator):
    client.force_login(coordinator)
    private = storages["private"].save("skan.pdf", ContentFile(b"%PDF"))
    assert client.get(reverse("stored_file", args=["brak.pdf"])).status_code == 404
    # The private namespace is not reachable through the default storage's URL.
    assert client.get(reverse("stored_file", args=[private])).status_code == 404
