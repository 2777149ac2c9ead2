"""The daily open-data dump: each programme's public record as JSON and CSV files."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone
from ninja import Schema

from consultations.exports import report_csv
from opendata import schemas, selectors
from programmes.models import Programme

LICENCE = (
    "Dane udostępnione na licencji Creative Commons Uznanie autorstwa 4.0 Międzynarodowe "
    "(CC BY 4.0), https://creativecommons.org/licenses/by/4.0/legalcode.pl — "
    "źródło: {municipality}, portal konsultacji programu współpracy z organizacjami "
    "pozarządowymi. Data this file holds is licensed CC BY 4.0; attribute the source as above.\n"
    "Dane osobowe: uwagi podpisane są wyłącznie nazwą organizacji albo charakterem, w jakim "
    "zgłoszono uwagę; nie zawierają imion i nazwisk osób fizycznych.\n"
)


def _dump(schema: type[Schema], rows: Any) -> list[dict[str, Any]]:
    return [schema.model_validate(row).model_dump(mode="json") for row in rows]


def programme_open_data(programme: Programme) -> dict[str, Any]:
    """Everything the API publishes about one programme, as plain JSON values."""
    versions = list(selectors.versions(programme))
    return {
        "programme": schemas.ProgrammeOut.model_validate(programme).model_dump(mode="json"),
        "phases": _dump(schemas.PhaseOut, selectors.phases(programme)),
        "versions": _dump(
            schemas.VersionDetailOut, [selectors.version_detail(v.pk) for v in versions]
        ),
        "comments": _dump(schemas.CommentOut, selectors.comments(programme)),
        "teams": _dump(schemas.TeamOut, selectors.teams(programme)),
        "goals": _dump(schemas.GoalOut, selectors.goals(programme)),
        "swot": _dump(schemas.SwotResultOut, selectors.swot_results(programme)),
    }


DUMP_FILES = {
    "data.json": "application/json",
    "comments.csv": "text/csv",
    "LICENCE.txt": "text/plain",
}


def dump_name(slug: str, filename: str) -> str:
    """Where a dump file lives in the default storage (served by ``opendata.views.dump_file``)."""
    return f"opendata/{slug}/{filename}"


def _replace(name: str, content: bytes, content_type: str) -> None:
    storage = storages["default"]
    upload = ContentFile(content, name=name.rsplit("/", 1)[-1])
    upload.content_type = content_type  # type: ignore[attr-defined]
    # In the database storage both steps are one transaction: a harvester reads the old
    # file or the new one, never none or half of one.
    with transaction.atomic():
        storage.delete(name)
        saved = storage.save(name, upload)
    if saved != name:  # a concurrent dump won the name: keep one file under it
        storage.delete(saved)


def open_data_dump(*, programme: Programme, now: dt.datetime | None = None) -> str:
    """Store ``opendata/<slug>/`` (data.json, comments.csv, LICENCE.txt); its name.

    Through the storage API, so the worker that writes and the web process that serves
    need not share a disk (docs/operations.md, "Stored files").
    """
    now = now or timezone.now()
    data = programme_open_data(programme)
    data["generated_at"] = now.isoformat()
    data["licence"] = "CC-BY-4.0"
    json_bytes = json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
    out = io.StringIO(newline="")
    # The report's own CSV writer: same columns, formula-like cells neutralised.
    report_csv(selectors.comments(programme), out)
    licence = LICENCE.format(municipality=programme.municipality.name)
    contents = {
        "data.json": json_bytes,
        "comments.csv": out.getvalue().encode("utf-8-sig"),
        "LICENCE.txt": licence.encode("utf-8"),
    }
    for filename, content in contents.items():
        _replace(dump_name(programme.slug, filename), content, DUMP_FILES[filename])
    return f"opendata/{programme.slug}"


def open_data_dump_all(*, now: dt.datetime | None = None) -> list[str]:
    """The daily pass: one directory per programme."""
    return [open_data_dump(programme=p, now=now) for p in selectors.programmes()]
