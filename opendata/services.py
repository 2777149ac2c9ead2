"""The daily open-data dump: each programme's public record as JSON and CSV files."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.conf import settings
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


def open_data_dump(*, programme: Programme, now: dt.datetime | None = None) -> Path:
    """Write ``<OPEN_DATA_DIR>/<slug>/`` (data.json, comments.csv, LICENCE.txt); its path."""
    now = now or timezone.now()
    directory = Path(settings.OPEN_DATA_DIR) / programme.slug
    directory.mkdir(parents=True, exist_ok=True)
    data = programme_open_data(programme)
    data["generated_at"] = now.isoformat()
    data["licence"] = "CC-BY-4.0"
    # Write then rename: a harvester never reads a half-written file.
    tmp = directory / "data.json.tmp"
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(directory / "data.json")
    tmp = directory / "comments.csv.tmp"
    with tmp.open("w", encoding="utf-8-sig", newline="") as out:
        # The report's own CSV writer: same columns, formula-like cells neutralised.
        report_csv(selectors.comments(programme), out)
    tmp.replace(directory / "comments.csv")
    (directory / "LICENCE.txt").write_text(
        LICENCE.format(municipality=programme.municipality.name), encoding="utf-8"
    )
    return directory


def open_data_dump_all(*, now: dt.datetime | None = None) -> list[Path]:
    """The daily pass: one directory per programme."""
    return [open_data_dump(programme=p, now=now) for p in selectors.programmes()]
