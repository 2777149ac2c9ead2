"""The consultation report as open data: CSV and XLSX.

Only organisation names are exported (RODO). Cells that a spreadsheet would run
as a formula are neutralised (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from consultations.models import Comment
from core.spreadsheets import neutralise
from programmes.models import Programme


def report_header() -> list[str]:
    return [
        _("No."),
        _("Version"),
        _("Part of the document"),
        _("Current wording"),
        _("Proposed wording"),
        _("Justification"),
        _("Organisation"),
        _("Position"),
        _("Justification of the position"),
        _("Answer published"),
        _("Status"),
        _("Channel"),
    ]


def report_rows(comments: Iterable[Comment]) -> Iterable[list[str]]:
    for c in comments:
        # The same No. as the HTML report, the receipt and the diff's "comment No. N";
        # every number is a row, its wording public only once answered (issue 10).
        if c.is_text_public:
            texts = [c.current_wording, c.proposed_wording, c.justification, c.public_author]
            answer = [str(c.get_answer_display()), c.answer_justification]
        elif c.is_not_a_comment:
            texts = [
                "",
                "",
                f"{c.get_not_a_comment_kind_display()}: {c.not_a_comment_reason}",
                "",
            ]
            answer = ["", ""]
        else:
            texts, answer = ["", "", "", ""], ["", ""]
        yield [
            str(c.number),
            str(c.version.number),
            c.part_label,
            *texts,
            *answer,
            timezone.localtime(c.answer_published_at).strftime("%Y-%m-%d")
            if c.is_text_public and c.answer_published_at
            else "",
            c.public_status,
            str(c.get_channel_display()) + (f" ({_('late')})" if c.is_late else ""),
        ]


def report_csv(comments: Iterable[Comment], out: Any) -> None:
    """Write the report table to ``out`` (a file-like object) as CSV."""
    writer = csv.writer(out)
    writer.writerow(report_header())
    for row in report_rows(comments):
        writer.writerow([neutralise(cell) for cell in row])


def report_xlsx(programme: Programme, comments: Iterable[Comment]) -> bytes:
    """The report table as an XLSX workbook; every cell is a string, never a formula."""
    # openpyxl (with numpy) takes a third of a second to import: only on download.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Report")[:31]
    sheet.append([neutralise(h) for h in report_header()])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in report_rows(comments):
        sheet.append([neutralise(v) for v in row])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            # openpyxl treats any string starting with "=" as a formula: force text.
            cell.data_type = "s"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip(
        "ABCDEFGHIJK", (6, 8, 14, 40, 40, 40, 30, 16, 40, 14, 20), strict=True
    ):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    workbook.properties.title = str(programme.title)[:255]
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
