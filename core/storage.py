"""Files through Django's storage API without a shared disk (docs/operations.md, "Stored files").

``DatabaseStorage`` keeps each file's bytes in a ``core.StoredFile`` row, so every web
machine and worker that reaches PostgreSQL reads what any other one wrote. Reads go
by ranges (``substr`` on the column), so serving a file streams it in chunks of
``CHUNK_SIZE`` instead of loading it whole. S3-compatible object storage is the other
backend, chosen by settings (``FILE_STORAGE=s3``); the code using files does not know
which one it has.
"""

from __future__ import annotations

import io
import mimetypes
from datetime import datetime
from typing import IO, Any
from urllib.parse import quote

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.core.signals import setting_changed
from django.db import IntegrityError, models, transaction
from django.dispatch import receiver
from django.http import FileResponse
from django.utils.deconstruct import deconstructible
from django.utils.functional import LazyObject, empty

# One SQL query per 256 KB: a 2 MB PDF is 8 queries, and a web process holds at most
# this much of a file in memory while sending it.
CHUNK_SIZE = 256 * 1024
# A concurrent save can take the name between ``get_available_name`` and the insert.
SAVE_ATTEMPTS = 5


class _StoredFileRaw(io.RawIOBase):
    """A read-only, seekable view of one row's bytes, fetched by ranges."""

    def __init__(self, pk: int, size: int, using: str) -> None:
        super().__init__()
        self._pk = pk
        self._size = size
        self._using = using
        self._position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self._size}[whence]
        self._position = max(0, base + offset)
        return self._position

    def _range(self, start: int, length: int) -> bytes:
        from core.models import StoredFile

        # substr() is 1-based; PostgreSQL and SQLite both slice bytea/blob with it.
        part = models.Func(
            models.F("content"),
            models.Value(start + 1),
            models.Value(length),
            function="substr",
            output_field=models.BinaryField(),
        )
        row = (
            StoredFile.objects.using(self._using)
            .filter(pk=self._pk)
            .annotate(part=part)
            .values_list("part", flat=True)
            .first()
        )
        if row is None:
            raise FileNotFoundError(f"Stored file {self._pk} was deleted while being read.")
        return bytes(row)

    def readinto(self, buffer: Any) -> int:
        if self._position >= self._size:
            return 0
        view = memoryview(buffer).cast("B")
        length = min(len(view), self._size - self._position)
        data = self._range(self._position, length)
        view[: len(data)] = data
        self._position += len(data)
        return len(data)

    def readall(self) -> bytes:
        # RawIOBase.readall reads 8 KB at a time: one query each. Read by CHUNK_SIZE.
        parts = []
        while self._position < self._size:
            data = self._range(self._position, min(CHUNK_SIZE, self._size - self._position))
            if not data:
                break
            parts.append(data)
            self._position += len(data)
        return b"".join(parts)


class StoredFileObject(File):
    """What ``DatabaseStorage.open`` returns: a Django ``File`` with its content type."""

    def __init__(self, *, pk: int, name: str, size: int, content_type: str, using: str) -> None:
        raw = _StoredFileRaw(pk, size, using)
        super().__init__(io.BufferedReader(raw, buffer_size=CHUNK_SIZE), name=name)
        self._size = size
        self.content_type = content_type

    @property
    def size(self) -> int:
        return self._size


@deconstructible(path="core.storage.DatabaseStorage")
class DatabaseStorage(Storage):
    """Django storage whose files are ``core.StoredFile`` rows (names unique per storage).

    ``location`` namespaces the names (``private`` for the coordinators' scans), and
    ``base_url=None`` gives a storage without URLs: its files are served only by views
    that check who asks.
    """

    def __init__(
        self, location: str = "", base_url: str | None = "", using: str = "default"
    ) -> None:
        self.location = location.strip("/")
        self._base_url = base_url
        self.using = using

    # -- names ---------------------------------------------------------------------
    def _key(self, name: str) -> str:
        name = name.replace("\\", "/").lstrip("/")
        return f"{self.location}/{name}" if self.location else name

    def _rows(self) -> models.QuerySet[Any]:
        from core.models import StoredFile

        return StoredFile.objects.using(self.using)

    # -- Storage API -----------------------------------------------------------------
    def _open(self, name: str, mode: str = "rb") -> File:
        if any(flag in mode for flag in "wax+"):
            raise ValueError("Stored files are written with save(), not opened for writing.")
        row = self._rows().filter(name=self._key(name)).values("pk", "size", "content_type").first()
        if row is None:
            raise FileNotFoundError(name)
        return StoredFileObject(
            pk=row["pk"],
            name=name,
            size=row["size"],
            content_type=row["content_type"],
            using=self.using,
        )

    def _save(self, name: str, content: Any) -> str:
        if hasattr(content, "seek"):
            content.seek(0)
        data = b"".join(
            chunk if isinstance(chunk, bytes) else chunk.encode() for chunk in content.chunks()
        )
        content_type = (
            getattr(content, "content_type", None)
            or mimetypes.guess_type(name)[0]
            or "application/octet-stream"
        )
        for _attempt in range(SAVE_ATTEMPTS):
            try:
                with transaction.atomic(using=self.using):
                    self._rows().create(
                        name=self._key(name),
                        content_type=content_type[:100],
                        size=len(data),
                        content=data,
                    )
                return name
            except IntegrityError:
                # Another process stored a file of this name a moment ago: take the next.
                name = self.get_available_name(name)
        raise FileExistsError(name)

    def exists(self, name: str) -> bool:
        return self._rows().filter(name=self._key(name)).exists()

    def delete(self, name: str) -> None:
        if name:
            self._rows().filter(name=self._key(name)).delete()

    def size(self, name: str) -> int:
        size = self._rows().filter(name=self._key(name)).values_list("size", flat=True).first()
        if size is None:
            raise FileNotFoundError(name)
        return int(size)

    def url(self, name: str | None) -> str:
        if self._base_url is None:
            raise ValueError("These files have no public URL: a view serves them after a check.")
        base = self._base_url or settings.MEDIA_URL
        return base + quote((name or "").lstrip("/"))

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        prefix = self._key(path).rstrip("/")
        prefix = f"{prefix}/" if prefix else ""
        directories: set[str] = set()
        files: list[str] = []
        for key in self._rows().filter(name__startswith=prefix).values_list("name", flat=True):
            rest = key[len(prefix) :]
            head, _, tail = rest.partition("/")
            if tail:
                directories.add(head)
            else:
                files.append(head)
        return sorted(directories), sorted(files)

    def _created(self, name: str) -> datetime:
        created = (
            self._rows().filter(name=self._key(name)).values_list("created_at", flat=True).first()
        )
        if created is None:
            raise FileNotFoundError(name)
        return created

    def get_created_time(self, name: str) -> datetime:
        return self._created(name)

    def get_modified_time(self, name: str) -> datetime:
        # A stored file is never rewritten: a new content is a new name.
        return self._created(name)

    def get_accessed_time(self, name: str) -> datetime:
        return self._created(name)

    def path(self, name: str) -> str:
        raise NotImplementedError("Stored files have no path on disk: open() them.")


class StorageAlias(LazyObject):
    """``storages[alias]`` looked up at first use and again after a settings change.

    A ``FileField(storage=callable)`` calls the callable once at import; returning this
    lets tests (and settings) swap the backend, the way ``default_storage`` does.
    """

    _instances: list[StorageAlias] = []

    def __init__(self, alias: str) -> None:
        self.__dict__["_alias"] = alias
        super().__init__()
        StorageAlias._instances.append(self)

    def _setup(self) -> None:
        self._wrapped = storages[self.__dict__["_alias"]]


@receiver(setting_changed)
def _reset_storage_aliases(*, setting: str, **kwargs: Any) -> None:
    if setting in {"STORAGES", "MEDIA_URL"}:
        for alias in StorageAlias._instances:
            alias._wrapped = empty  # type: ignore[assignment]


def stored_file_response(
    file: IO[bytes] | File,
    *,
    filename: str,
    content_type: str = "application/pdf",
    as_attachment: bool = False,
) -> FileResponse:
    """Stream an opened stored file in chunks, with its length, type and file name."""
    response = FileResponse(
        file, content_type=content_type, as_attachment=as_attachment, filename=filename
    )
    response.block_size = CHUNK_SIZE
    return response
