"""Reading a finance department's CSV or XLSX of results into rows for ``records_import``.

Headers are matched by name, case and spaces ignored (Polish or the field's code); the
page shows which column of the file went to which field. Every refused row is listed
with why; ``services.records_import`` saves nothing when any row was refused.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.bounds import parse_id
from implementation.amounts import parse_pln
from implementation.models import CooperationUse, RecordStatus
from implementation.services import ImportRow

MAX_BYTES = 2 * 1024 * 1024
# PositiveIntegerField's upper end (PostgreSQL integer).
MAX_COUNT = 2_147_483_647
MAX_ROWS = 2000

# field -> (label shown on the page, accepted header spellings)
COLUMNS: dict[str, tuple[Any, tuple[str, ...]]] = {
    "action_id": (gettext_lazy("action ID"), ("id działania", "id", "action_id", "action id")),
    "year": (gettext_lazy("year"), ("rok", "year")),
    "status": (gettext_lazy("status"), ("status",)),
    "dropped_reason": (gettext_lazy("why it was dropped"), ("powód zaniechania", "dropped_reason")),
    "indicator_target": (
        gettext_lazy("indicator: target"),
        ("wartość docelowa wskaźnika", "indicator_target"),
    ),
    "indicator_value": (
        gettext_lazy("indicator: value reached"),
        ("osiągnięta wartość wskaźnika", "indicator_value"),
    ),
    "funds_planned": (
        gettext_lazy("funds planned (PLN)"),
        ("środki planowane", "środki planowane (zł)", "funds_planned"),
    ),
    "funds_spent": (
        gettext_lazy("funds spent (PLN)"),
        ("środki wydatkowane", "środki wydatkowane (zł)", "funds_spent"),
    ),
    "forms": (gettext_lazy("forms of cooperation"), ("formy współpracy", "forms")),
    "competitions": (
        gettext_lazy("open competitions announced"),
        ("liczba konkursów", "competitions"),
    ),
    "offers_received": (gettext_lazy("offers received"), ("liczba ofert", "offers_received")),
    "grants_awarded": (gettext_lazy("grants awarded"), ("liczba dotacji", "grants_awarded")),
    "grants_total": (
        gettext_lazy("grants awarded, total (PLN)"),
        ("kwota dotacji", "kwota dotacji (zł)", "grants_total"),
    ),
    "organisations_involved": (
        gettext_lazy("organisations involved"),
        ("liczba organizacji", "organisations_involved"),
    ),
    "remarks": (gettext_lazy("remarks"), ("uwagi", "remarks")),
}
TEMPLATE_HEADERS = [
    "ID działania",
    "Działanie",
    "Rok",
    "Status",
    "Powód zaniechania",
    "Wartość docelowa wskaźnika",
    "Osiągnięta wartość wskaźnika",
    "Środki planowane (zł)",
    "Środki wydatkowane (zł)",
    "Formy współpracy",
    "Liczba konkursów",
    "Liczba ofert",
    "Liczba dotacji",
    "Kwota dotacji (zł)",
    "Liczba organizacji",
    "Uwagi",
]
STATUS_WORDS = {
    "planned": RecordStatus.PLANNED,
    "planowane": RecordStatus.PLANNED,
    "in_progress": RecordStatus.IN_PROGRESS,
    "w trakcie": RecordStatus.IN_PROGRESS,
    "w realizacji": RecordStatus.IN_PROGRESS,
    "done": RecordStatus.DONE,
    "zrealizowane": RecordStatus.DONE,
    "dropped": RecordStatus.DROPPED,
    "zaniechane": RecordStatus.DROPPED,
}
FORM_WORDS = {
    "open_competition": CooperationUse.OPEN_COMPETITION,
    "konkurs": CooperationUse.OPEN_COMPETITION,
    "otwarty konkurs ofert": CooperationUse.OPEN_COMPETITION,
    "small_grant": CooperationUse.SMALL_GRANT,
    "małe granty": CooperationUse.SMALL_GRANT,
    "mały grant": CooperationUse.SMALL_GRANT,
    "19a": CooperationUse.SMALL_GRANT,
    "tryb 19a": CooperationUse.SMALL_GRANT,
    "contract": CooperationUse.CONTRACT,
    "umowa": CooperationUse.CONTRACT,
    "non_financial": CooperationUse.NON_FINANCIAL,
    "pozafinansowa": CooperationUse.NON_FINANCIAL,
    "pozafinansowe": CooperationUse.NON_FINANCIAL,
}
AMOUNTS = ("funds_planned", "funds_spent", "grants_total")
COUNTS = ("competitions", "offers_received", "grants_awarded", "organisations_involved")
INDICATORS = ("indicator_target", "indicator_value")
_NUMBER = re.compile(r"[0-9]{1,10}(?:,[0-9]{1,2})?")


def _norm(header: Any) -> str:
    return re.sub(r"\s+", " ", str(header or "")).strip().lower()


@dataclass
class ParsedFile:
    mapping: list[tuple[str, str]]  # (file header, field label or "—" when ignored)
    rows: list[ImportRow]
    problems: list[str]  # problems with the whole file (missing columns, size)

    @property
    def refused(self) -> list[ImportRow]:
        return [r for r in self.rows if r.errors]


def _table(name: str, content: bytes) -> list[list[Any]]:
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds on a broken file
            raise ValidationError(_("The file is not a readable XLSX workbook.")) from exc
        sheet = book.worksheets[0]
        return [list(r) for r in sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 2)]
    if name.lower().endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("cp1250")  # Excel's "CSV" in Polish Windows
        # Polish Excel writes ";" between cells (the comma is the decimal separator).
        first = text.split("\n", 1)[0]
        delimiter = ";" if first.count(";") > first.count(",") else ","
        # newline="": the csv module itself reads "\r", "\n" and "\r\n" as row ends (a
        # lone "\r" inside a line is what old Mac-style exports write).
        try:
            return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        except csv.Error as exc:  # e.g. a cell over the csv module's field limit
            raise ValidationError(_("The file is not a readable CSV file.")) from exc
    raise ValidationError(_("Upload a CSV or XLSX file."))


def parse_file(name: str, content: bytes, *, year: int) -> ParsedFile:
    """The rows of the file, each parsed or refused with why."""
    if len(content) > MAX_BYTES:
        raise ValidationError(_("The file is too large: at most 2 MB."))
    table = [r for r in _table(name, content) if any(str(c or "").strip() for c in r)]
    if not table:
        raise ValidationError(_("The file is empty."))
    if len(table) > MAX_ROWS + 1:
        raise ValidationError(_("At most %(n)d rows at once.") % {"n": MAX_ROWS})
    header, body = table[0], table[1:]
    lookup = {spelling: f for f, (_label, spellings) in COLUMNS.items() for spelling in spellings}
    positions: dict[str, int] = {}
    mapping: list[tuple[str, str]] = []
    for index, cell in enumerate(header):
        field_name = lookup.get(_norm(cell))
        if field_name and field_name not in positions:
            positions[field_name] = index
            mapping.append((str(cell), str(COLUMNS[field_name][0])))
        else:
            mapping.append((str(cell or ""), "—"))
    problems = []
    if "action_id" not in positions:
        problems.append(_("The file has no “ID działania” column."))
    rows = []
    if not problems:
        for offset, cells in enumerate(body):
            values = {f: cells[i] if i < len(cells) else None for f, i in positions.items()}
            rows.append(_parse_row(offset + 2, values, year=year))
    return ParsedFile(mapping=mapping, rows=rows, problems=problems)


def _blank(value: Any) -> bool:
    return value is None or str(value).strip() == ""


def _parse_row(line: int, values: dict[str, Any], *, year: int) -> ImportRow:
    row = ImportRow(line=line, action_id=None)
    raw_id = values.get("action_id")
    try:
        row.action_id = int(str(raw_id).strip())
    except (TypeError, ValueError):
        row.errors.append(_("Unknown action “%(value)s”.") % {"value": str(raw_id or "")[:30]})
    raw_year = values.get("year")
    if not _blank(raw_year) and str(raw_year).strip() != str(year):
        row.errors.append(
            _("Wrong year %(value)s: this import is for %(year)d.")
            % {"value": str(raw_year)[:10], "year": year}
        )
    status = values.get("status")
    if not _blank(status):
        code = STATUS_WORDS.get(_norm(status))
        if code is None:
            row.errors.append(_("Unknown status “%(value)s”.") % {"value": str(status)[:30]})
        else:
            row.data["status"] = code
    for name in AMOUNTS:
        value = values.get(name)
        if _blank(value):
            continue
        try:
            row.data[name] = parse_pln(value)
        except ValidationError as exc:
            row.errors.append(f"{COLUMNS[name][0]}: {exc.messages[0]}")
    for name in INDICATORS:
        value = values.get(name)
        if _blank(value):
            continue
        text = str(value).strip()
        if isinstance(value, int | float | Decimal) and value >= 0:
            row.data[name] = Decimal(repr(value) if isinstance(value, float) else value)
        elif _NUMBER.fullmatch(text):
            row.data[name] = Decimal(text.replace(",", "."))
        else:
            row.errors.append(
                _("%(field)s: not a non-negative number (“%(value)s”).")
                % {"field": COLUMNS[name][0], "value": text[:30]}
            )
    for name in COUNTS:
        value = values.get(name)
        if _blank(value):
            continue
        text = str(value).strip()
        if isinstance(value, float) and value.is_integer():
            text = str(int(value))
        # ASCII digits of a size the column holds: "²" and 30 digits answered 500.
        if parse_id(text) is None or int(text) > MAX_COUNT:
            row.errors.append(
                _("%(field)s: not a whole number of zero or more (“%(value)s”).")
                % {"field": COLUMNS[name][0], "value": text[:30]}
            )
        else:
            row.data[name] = int(text)
    forms = values.get("forms")
    if not _blank(forms):
        chosen = {c.value: False for c in CooperationUse}
        for word in re.split(r"[;,]", str(forms)):
            if not word.strip():
                continue
            form = FORM_WORDS.get(_norm(word))
            if form is None:
                row.errors.append(
                    _("Unknown form of cooperation “%(value)s”.") % {"value": word.strip()[:30]}
                )
            else:
                chosen[form.value] = True
        row.data.update(chosen)
    for name in ("dropped_reason", "remarks"):
        value = values.get(name)
        if not _blank(value):
            text = str(value).strip()
            if len(text) > 2000:
                row.errors.append(
                    _("%(field)s: at most 2000 characters.") % {"field": COLUMNS[name][0]}
                )
            row.data[name] = text[:2000]
    return row
