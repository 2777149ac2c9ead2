"""The annual report as open data: CSV, XLSX and JSON of the same rows and totals.

Cells go through ``core.spreadsheets.neutralise`` (OWASP "CSV injection"); amounts are
written with a dot and two decimals, so a program reads them without guessing.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from core.spreadsheets import neutralise
from implementation.models import AnnualReport

COLUMNS = (
    ("area", "Obszar priorytetowy"),
    ("team", "Zespół"),
    ("goal", "Cel"),
    ("id", "ID działania"),
    ("title", "Działanie"),
    ("status_label", "Status"),
    ("target", "Wartość docelowa wskaźnika"),
    ("value", "Osiągnięta wartość wskaźnika"),
    ("funds_planned", "Środki planowane (zł)"),
    ("funds_spent", "Środki wydatkowane (zł)"),
    ("forms", "Formy współpracy"),
    ("competitions", "Liczba konkursów"),
    ("offers_received", "Liczba ofert"),
    ("grants_awarded", "Liczba dotacji"),
    ("grants_total", "Kwota dotacji (zł)"),
    ("organisations_involved", "Liczba organizacji"),
)
TOTAL_KEYS = (
    "funds_planned",
    "funds_spent",
    "competitions",
    "offers_received",
    "grants_awarded",
    "grants_total",
    "organisations_involved",
)


def rows(content: dict[str, Any]) -> Iterable[list[str]]:
    """One row per action, a total row per area and the overall total last."""
    for area in content["areas"]:
        for action in area["actions"]:
            row = {
                **action,
                "area": area["name"],
                "forms": "; ".join(action.get("forms", [])),
                "status_label": action.get("status_label", "brak danych"),
            }
            yield ["" if row.get(k) is None else str(row.get(k, "")) for k, _h in COLUMNS]
        yield _total_row(f"Razem: {area['name']}", area["totals"])
    yield _total_row("Razem", content["totals"])


def _total_row(label: str, totals: dict[str, Any]) -> list[str]:
    return [
        label if k == "area" else (str(totals[k]) if k in TOTAL_KEYS else "") for k, _h in COLUMNS
    ]


def report_csv(content: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([h for _k, h in COLUMNS])
    for row in rows(content):
        writer.writerow([neutralise(c) for c in row])
    return out.getvalue()


def report_xlsx(content: dict[str, Any]) -> bytes:
    # openpyxl (with numpy) takes a third of a second to import: only on download.
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"Sprawozdanie {content['year']}"[:31]
    sheet.append([h for _k, h in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows(content):
        sheet.append([neutralise(c) for c in row])
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            # openpyxl would treat a string starting with "=" as a formula: force text.
            cell.data_type = "s"
    sheet.freeze_panes = "A2"
    workbook.properties.title = content["programme"]["title"][:255]
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def report_json(report: AnnualReport | None, content: dict[str, Any]) -> str:
    """The composed content with its metryczka; the numbers as the report prints them."""
    meta = {
        "status": report.status if report else AnnualReport.Status.DRAFT,
        "published_at": report.published_at.isoformat() if report and report.published_at else None,
        "prepared_at": report.prepared_at.isoformat() if report else None,
        "due_on": content["due_on"],
        "note": _("Amounts in PLN with a dot as decimal separator."),
    }
    texts = {}
    if report is not None:
        texts = {
            k: getattr(report, k)
            for k in ("summary", "non_financial", "teams_activity", "conclusions")
        }
    return json.dumps({"report": meta, "texts": texts, **content}, ensure_ascii=False, indent=1)
