"""Move files that rows point at from MEDIA_ROOT (and the old private root) into the storage.

Before this release files lived on the web machine's disk: rendered PDFs and the
council's opinion under MEDIA_ROOT, scans under PRIVATE_MEDIA_ROOT (default
``private-media`` beside it). Each one a row names is copied under the same name into
the configured storage (the database by default; docs/operations.md, "Stored files").
Rows are not changed: a rendered PDF whose file is gone is rendered again when next
asked for (``core.rendering.render_request`` finds the file missing); an upload whose
file is gone is reported (it cannot be made again).
"""

import mimetypes
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.db import migrations
from django.utils import timezone

# (model, field, where its files were, the storage alias they go to)
MOVES = [
    ("RenderedPdf", "file", "media", "default"),
    ("Adoption", "opinion_pdf", "media", "default"),
    ("Comment", "scan", "private", "private"),
]


def _roots():
    media = Path(settings.MEDIA_ROOT)
    private = getattr(settings, "PRIVATE_MEDIA_ROOT", None) or media.parent / "private-media"
    return {"media": media, "private": Path(private)}


def move_files(apps, schema_editor):
    from core.storage import DatabaseStorage

    StoredFile = apps.get_model("core", "StoredFile")
    roots = _roots()
    missing = []
    for model_name, field, root, alias in MOVES:
        Model = apps.get_model("consultations", model_name)
        storage = storages[alias]
        rows = Model.objects.exclude(**{field: ""}).exclude(**{f"{field}__isnull": True})
        for pk, name in rows.values_list("pk", field):
            source = roots[root] / name
            if isinstance(storage, DatabaseStorage):
                # Through this migration's own model of the table, not today's class.
                key = storage._key(name)
                if StoredFile.objects.filter(name=key).exists():
                    continue
                if source.is_file():
                    data = source.read_bytes()
                    StoredFile.objects.create(
                        name=key,
                        content_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
                        size=len(data),
                        content=data,
                        created_at=timezone.now(),
                    )
                    continue
            else:
                if storage.exists(name):
                    continue
                if source.is_file():
                    with source.open("rb") as handle:
                        saved = storage.save(name, File(handle, name=name))
                    if saved != name:
                        Model.objects.filter(pk=pk).update(**{field: saved})
                    continue
            missing.append(f"{model_name} {pk}: {name}")
    if missing:
        print("\n  Files named by rows but not found on this machine:\n  " + "\n  ".join(missing))


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0017_comment_version_paragraph_status_index"),
        ("core", "0003_stored_files"),
    ]

    operations = [migrations.RunPython(move_files, migrations.RunPython.noop)]
