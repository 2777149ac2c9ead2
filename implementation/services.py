"""Writes: implementation records (form and import), the annual report, survey answers.

Every write checks the permission again (the view checked it too) and records who and
when; simple_history keeps the earlier values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.rendering import render_request, render_store
from implementation import selectors
from implementation.models import (
    AnnualReport,
    AnnualReportPdf,
    ImplementationRecord,
    Survey,
    SurveyAnswer,
)
from programmes.models import Programme
from swot.models import Action

RECORD_FIELDS = (
    "status",
    "dropped_reason",
    "indicator_target",
    "indicator_value",
    "funds_planned",
    "funds_spent",
    "open_competition",
    "small_grant",
    "contract",
    "non_financial",
    "competitions",
    "offers_received",
    "grants_awarded",
    "grants_total",
    "organisations_involved",
    "remarks",
)
REPORT_TEXT_FIELDS = ("summary", "non_financial", "teams_activity", "conclusions")


def _require(perm: str, user: Any, obj: Any) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(_("You may not do this."))


def _action_of_programme(programme: Programme, action: Action) -> None:
    if action.goal.team.programme_id != programme.pk:
        raise ValidationError(_("The action is not part of this programme."), code="action")


def _record_write(
    *,
    programme: Programme,
    action: Action,
    year: int,
    data: dict[str, Any],
    by: Any,
    now: dt.datetime,
    reason: str,
) -> ImplementationRecord:
    _action_of_programme(programme, action)
    if not action.first_year <= year <= action.last_year:
        raise ValidationError(
            {
                "year": _("The action runs in %(years)s, not in %(year)d.")
                % {"years": action.years_display, "year": year}
            }
        )
    record = ImplementationRecord.objects.filter(action=action, year=year).first()
    if record is None:
        record = ImplementationRecord(programme=programme, action=action, year=year, entered_by=by)
    for name in RECORD_FIELDS:
        if name in data:
            setattr(record, name, data[name])
    record.entered_by = by
    record.updated_at = now
    record.full_clean()
    record._history_user = by  # type: ignore[attr-defined]
    record._change_reason = reason  # type: ignore[attr-defined]
    record.save()
    return record


@transaction.atomic
def record_save(
    *,
    programme: Programme,
    action: Action,
    year: int,
    data: dict[str, Any],
    by: Any,
    now: dt.datetime,
) -> ImplementationRecord:
    """Enter or correct one action's results for one year (official of its team or coordinator)."""
    _require("implementation.enter_record", by, action)
    return _record_write(
        programme=programme,
        action=action,
        year=year,
        data=data,
        by=by,
        now=now,
        reason="entered in the browser",
    )


@dataclass
class ImportRow:
    line: int
    action_id: int | None
    data: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


@transaction.atomic
def records_import(
    *, programme: Programme, year: int, rows: list[ImportRow], by: Any, now: dt.datetime
) -> list[ImplementationRecord]:
    """Save every parsed row, or none: a refused row (here or in parsing) stops them all.

    Rows were parsed and checked by ``implementation.imports``; model validation runs
    again here, and its errors are added to the rows, so the caller lists them.
    """
    _require("implementation.enter_results", by, programme)
    actions = {a.pk: a for a in selectors.programme_actions(programme)}
    saved: list[ImplementationRecord] = []
    sid = transaction.savepoint()
    for row in rows:
        action = actions.get(row.action_id or 0)
        if row.action_id is not None and action is None:
            row.errors.append(
                _("Unknown action %(id)d: not in this programme.") % {"id": row.action_id}
            )
            continue
        if action is None:
            continue  # the parser already said why
        if not by.has_perm("implementation.enter_record", action):
            row.errors.append(_("You do not enter results for this action's team."))
            continue
        if row.errors:
            continue  # refused while parsing; the other rows are still checked
        try:
            saved.append(
                _record_write(
                    programme=programme,
                    action=action,
                    year=year,
                    data=row.data,
                    by=by,
                    now=now,
                    reason="imported",
                )
            )
        except ValidationError as exc:
            row.errors.extend(_messages(exc))
    if any(row.errors for row in rows):
        # All or nothing: a file half imported is worse than one refused.
        transaction.savepoint_rollback(sid)
        raise ValidationError(_("Some rows were refused: nothing was saved."), code="refused")
    transaction.savepoint_commit(sid)
    return saved


def _messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [
            f"{name}: {m}" if name != "__all__" else str(m)
            for name, errs in exc.message_dict.items()
            for m in errs
        ]
    return [str(m) for m in exc.messages]


# ------------------------------------------------------------------------------
# The annual report
# ------------------------------------------------------------------------------
def _check_year(programme: Programme, year: int) -> None:
    if not programme.first_year <= year <= programme.last_year:
        raise ValidationError(
            _("The year must lie within the programme period %(period)s.")
            % {"period": programme.period_display},
            code="year",
        )


@transaction.atomic
def report_save(
    *, programme: Programme, year: int, texts: dict[str, str], by: Any, now: dt.datetime
) -> AnnualReport:
    """Create or edit the draft report's texts; a published report refuses."""
    _require("implementation.manage_report", by, programme)
    _check_year(programme, year)
    report, _created = AnnualReport.objects.select_for_update().get_or_create(
        programme=programme, year=year, defaults={"prepared_by": by, "prepared_at": now}
    )
    if report.is_published:
        raise ValidationError(_("A published report cannot be changed."), code="published")
    for name in REPORT_TEXT_FIELDS:
        if name in texts:
            setattr(report, name, texts[name])
    report.prepared_by = by
    report.prepared_at = now
    report.full_clean()
    report._history_user = by  # type: ignore[attr-defined]
    report.save()
    return report


@transaction.atomic
def report_publish(*, report: AnnualReport, by: Any, now: dt.datetime) -> AnnualReport:
    """Freeze the figures and publish: from now on the report never changes."""
    _require("implementation.manage_report", by, report.programme)
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    if report.is_published:
        raise ValidationError(_("The report is already published."), code="published")
    if not report.summary.strip():
        raise ValidationError({"summary": _("Write the summary before publishing.")})
    content = selectors.report_compose(report.programme, report.year)
    if content["totals"]["reported"] == 0:
        raise ValidationError(_("No results have been entered for this year."), code="empty")
    report.content = content
    report.status = AnnualReport.Status.PUBLISHED
    report.published_by = by
    report.published_at = now
    report._history_user = by  # type: ignore[attr-defined]
    report._change_reason = "published"  # type: ignore[attr-defined]
    report.save()
    # Rendered now, by a worker: readers are only ever served the stored file.
    report_pdf_request(report=report, now=now)
    return report


def report_pdf_request(*, report: AnnualReport, now: dt.datetime | None = None) -> AnnualReportPdf:
    """The stored PDF of a published report; queues one render if none is pending."""
    if not report.is_published or report.published_at is None:
        raise ValidationError(_("Only published reports are stored as PDF."), code="unpublished")
    return render_request(
        model=AnnualReportPdf,
        lookup={"report": report, "fingerprint": f"report-{report.pk}-published"},
        defaults={},
        handler="implementation.tasks.render_report_pdf",
        now=now or timezone.now(),
    )


def report_pdf_render(*, document: AnnualReportPdf) -> AnnualReportPdf:
    """Render and store the PDF of a published report (idempotent)."""
    from implementation import pdf

    document = AnnualReportPdf.objects.select_related("report__programme").get(pk=document.pk)
    if document.is_ready:
        return document
    report = document.report
    content = pdf.render_report_pdf(report.programme, report.year, report)
    return render_store(
        model=AnnualReportPdf,
        pk=document.pk,
        content=content,
        name=f"{report.programme.slug}-sprawozdanie-{report.year}.pdf",
        now=timezone.now(),
    )


# ------------------------------------------------------------------------------
# The organisations' survey
# ------------------------------------------------------------------------------
@transaction.atomic
def survey_answer_save(
    *, survey: Survey, organisation: Any, data: dict[str, Any], by: Any, now: dt.datetime
) -> SurveyAnswer:
    """One answer per organisation, by a confirmed representative, changeable while open."""
    _require("implementation.answer_survey", by, organisation)
    if not survey.is_open(now):
        raise ValidationError(_("The survey is closed."), code="closed")
    answer = (
        SurveyAnswer.objects.select_for_update()
        .filter(survey=survey, organisation=organisation)
        .first()
    ) or SurveyAnswer(survey=survey, organisation=organisation, answered_by=by)
    for name in ("open_competition", "small_grant", "contract", "non_financial", "remarks"):
        if name in data:
            setattr(answer, name, data[name])
    answer.answered_by = by
    answer.updated_at = now
    answer.full_clean()
    answer._history_user = by  # type: ignore[attr-defined]
    answer.save()
    return answer
