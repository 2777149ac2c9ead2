"""Implementation of an adopted programme: yearly records, the annual report, the NGO survey.

Art. 5a ust. 3 of the Act (docs/implementation.md): by 31 May the mayor submits to the
council, and publishes in BIP, a report on the programme's implementation in the previous
year. The records below are what that report is composed from.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.amounts import AmountField
from core.bounds import (
    BoundedTextField,
    instant_range_check,
    text_length_check,
    validate_sane_date,
    validate_year,
    year_range_check,
)
from core.dates import warsaw_midnight


def report_due_on(year: int) -> dt.date:
    """The report on year Y is due by 31 May of Y + 1 (art. 5a ust. 3).

    ``IMPLEMENTATION_REPORT_DUE`` ("MM-DD") keeps the day configurable: the 2010 text
    of the Act said 30 April.
    """
    month, day = (int(part) for part in settings.IMPLEMENTATION_REPORT_DUE.split("-"))
    return dt.date(year + 1, month, day)


class CooperationUse(models.TextChoices):
    """How cooperation was carried out in the year (art. 5 ust. 2 of the Act)."""

    OPEN_COMPETITION = "open_competition", _("open competition for offers")
    SMALL_GRANT = "small_grant", _("small grant (art. 19a)")
    CONTRACT = "contract", _("other contract or agreement")
    NON_FINANCIAL = "non_financial", _("non-financial cooperation")


class RecordStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    DROPPED = "dropped", _("dropped")


money: dict[str, Any] = {"max_digits": 14, "decimal_places": 2}


class ImplementationRecord(models.Model):
    """What became of one action of the adopted programme in one year."""

    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.PROTECT,
        related_name="implementation_records",
        verbose_name=_("programme"),
    )
    action = models.ForeignKey(
        "swot.Action",
        on_delete=models.PROTECT,
        related_name="implementation_records",
        verbose_name=_("action"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2004), MaxValueValidator(2100)]
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RecordStatus.choices, default=RecordStatus.PLANNED
    )
    dropped_reason = BoundedTextField(_("why it was dropped"), max_length=2000, blank=True)
    indicator_target = models.DecimalField(
        _("indicator: target"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    indicator_value = models.DecimalField(
        _("indicator: value reached"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    funds_planned = AmountField(
        _("funds planned (PLN)"), **money, default=0, validators=[MinValueValidator(0)]
    )
    funds_spent = AmountField(
        _("funds spent (PLN)"), **money, default=0, validators=[MinValueValidator(0)]
    )
    open_competition = models.BooleanField(CooperationUse.OPEN_COMPETITION.label, default=False)
    small_grant = models.BooleanField(CooperationUse.SMALL_GRANT.label, default=False)
    contract = models.BooleanField(CooperationUse.CONTRACT.label, default=False)
    non_financial = models.BooleanField(CooperationUse.NON_FINANCIAL.label, default=False)
    competitions = models.PositiveSmallIntegerField(_("open competitions announced"), default=0)
    offers_received = models.PositiveIntegerField(_("offers received"), default=0)
    grants_awarded = models.PositiveIntegerField(_("grants awarded"), default=0)
    grants_total = AmountField(
        _("grants awarded, total (PLN)"), **money, default=0, validators=[MinValueValidator(0)]
    )
    organisations_involved = models.PositiveIntegerField(_("organisations involved"), default=0)
    remarks = BoundedTextField(_("remarks"), max_length=2000, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("entered by"),
    )
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("implementation record")
        verbose_name_plural = _("implementation records")
        ordering = [
            "programme",
            "year",
            "action__goal__team__position",
            "action__goal__position",
            "action__position",
            "action_id",
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "year"], name="implrecord_one_per_action_year"
            ),
            year_range_check("year", name="implrecord_year_range"),
            text_length_check("dropped_reason", 2000, name="implrecord_dropped_reason_length"),
            text_length_check("remarks", 2000, name="implrecord_remarks_length"),
            models.CheckConstraint(
                condition=Q(funds_planned__gte=0) & Q(funds_spent__gte=0) & Q(grants_total__gte=0),
                name="implrecord_funds_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(status="dropped") | ~Q(dropped_reason=""),
                name="implrecord_dropped_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.action}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.programme_id and self.year:
            p = self.programme
            if not p.first_year <= self.year <= p.last_year:
                errors["year"] = _("The year must lie within the programme period %(period)s.") % {
                    "period": p.period_display
                }
        if self.status == RecordStatus.DROPPED and not self.dropped_reason.strip():
            errors["dropped_reason"] = _("Say why the action was dropped.")
        if self.grants_awarded and not (self.open_competition or self.small_grant):
            errors["grants_awarded"] = _(
                "Grants are awarded in an open competition or as small grants: tick the form."
            )
        if self.grants_awarded > self.offers_received:
            errors["grants_awarded"] = _("More grants awarded than offers received.")
        if errors:
            raise ValidationError(errors)

    @property
    def forms_used(self) -> list[str]:
        return [c.value for c in CooperationUse if getattr(self, c.value)]

    @property
    def indicator_percent(self) -> int | None:
        if not self.indicator_target or self.indicator_value is None:
            return None
        return round(100 * self.indicator_value / self.indicator_target)


class AnnualReportQuerySet(models.QuerySet["AnnualReport"]):
    def published(self) -> AnnualReportQuerySet:
        return self.filter(status=AnnualReport.Status.PUBLISHED)


class AnnualReport(models.Model):
    """The report on the programme's implementation in one year (art. 5a ust. 3).

    Editable as a draft; publishing freezes the composed figures into ``content`` and
    the row can no longer change (service guard and database trigger, migration 0002).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.PROTECT,
        related_name="annual_reports",
        verbose_name=_("programme"),
    )
    year = models.PositiveSmallIntegerField(_("year reported on"), validators=[validate_year])
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    summary = BoundedTextField(_("summary"), max_length=10000, blank=True)
    non_financial = BoundedTextField(_("non-financial cooperation"), max_length=10000, blank=True)
    teams_activity = BoundedTextField(
        _("activity of the teams and the public benefit council"), max_length=10000, blank=True
    )
    conclusions = BoundedTextField(
        _("conclusions and recommendations"), max_length=10000, blank=True
    )
    content = models.JSONField(
        _("composed content"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The figures as published; empty while a draft (composed live)."),
    )
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("prepared by"),
    )
    prepared_at = models.DateTimeField(_("prepared at"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    history = HistoricalRecords()
    objects = AnnualReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("annual implementation report")
        verbose_name_plural = _("annual implementation reports")
        ordering = ["programme", "year"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="annualreport_one_per_year"),
            year_range_check("year", name="annualreport_year_range"),
            *[
                text_length_check(f, 10000, name=f"annualreport_{f}_length")
                for f in ("summary", "non_financial", "teams_activity", "conclusions")
            ],
            models.CheckConstraint(
                condition=Q(status="draft")
                | (Q(published_at__isnull=False) & Q(content__isnull=False)),
                name="annualreport_published_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} — {self.year}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def due_on(self) -> dt.date:
        return report_due_on(self.year)

    @property
    def published_on_time(self) -> bool | None:
        """True/False once published; None while a draft."""
        if self.published_at is None:
            return None
        return self.published_at < warsaw_midnight(self.due_on + dt.timedelta(days=1))


class AnnualReportPdf(models.Model):
    """The stored PDF of a published annual report, rendered once by a worker.

    A published report never changes, so one row per report; publishing queues it and
    readers are served the stored file (docs/operations.md, "Generated files").
    """

    report = models.ForeignKey(
        AnnualReport, on_delete=models.CASCADE, related_name="pdfs", verbose_name=_("report")
    )
    fingerprint = models.CharField(_("fingerprint"), max_length=80)
    file = models.FileField(_("file"), upload_to="implementation/%Y/", blank=True)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    rendered_at = models.DateTimeField(_("rendered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("annual report PDF")
        verbose_name_plural = _("annual report PDFs")
        ordering = ["report", "-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "fingerprint"], name="annualreportpdf_one_per_content"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} ({self.fingerprint})"

    @property
    def is_ready(self) -> bool:
        return self.rendered_at is not None and bool(self.file)


class Survey(models.Model):
    """The organisations' evaluation of cooperation in one year, open until ``closes_at``."""

    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.PROTECT,
        related_name="implementation_surveys",
        verbose_name=_("programme"),
    )
    year = models.PositiveSmallIntegerField(_("year evaluated"), validators=[validate_year])
    opens_at = models.DateTimeField(_("opens at"), validators=[validate_sane_date])
    closes_at = models.DateTimeField(_("closes at"), validators=[validate_sane_date])

    class Meta:
        verbose_name = _("NGO survey")
        verbose_name_plural = _("NGO surveys")
        ordering = ["programme", "year"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="survey_one_per_year"),
            year_range_check("year", name="survey_year_range"),
            instant_range_check("opens_at", name="survey_opens_at_range"),
            instant_range_check("closes_at", name="survey_closes_at_range"),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="survey_closes_after_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme.short_label} — {self.year}"

    def is_open(self, at: dt.datetime) -> bool:
        return self.opens_at <= at < self.closes_at


rating: dict[str, Any] = {
    "null": True,
    "blank": True,
    "validators": [MinValueValidator(1), MaxValueValidator(5)],
}


class SurveyAnswer(models.Model):
    """One organisation's answer, given by a confirmed representative; editable while open."""

    survey = models.ForeignKey(
        Survey, on_delete=models.PROTECT, related_name="answers", verbose_name=_("survey")
    )
    organisation = models.ForeignKey(
        "teams.Organisation",
        on_delete=models.PROTECT,
        related_name="survey_answers",
        verbose_name=_("organisation"),
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("answered by"),
    )
    open_competition = models.PositiveSmallIntegerField(
        CooperationUse.OPEN_COMPETITION.label, **rating
    )
    small_grant = models.PositiveSmallIntegerField(CooperationUse.SMALL_GRANT.label, **rating)
    contract = models.PositiveSmallIntegerField(CooperationUse.CONTRACT.label, **rating)
    non_financial = models.PositiveSmallIntegerField(CooperationUse.NON_FINANCIAL.label, **rating)
    remarks = BoundedTextField(_("remarks"), max_length=2000, blank=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "organisation"], name="surveyanswer_one_per_organisation"
            ),
            text_length_check("remarks", 2000, name="surveyanswer_remarks_length"),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{f}__isnull": True}) | Q(**{f"{f}__range": (1, 5)}),
                    name=f"surveyanswer_{f}_1_to_5",
                )
                for f in ("open_competition", "small_grant", "contract", "non_financial")
            ],
        ]

    def __str__(self) -> str:
        return f"{self.survey} — {self.organisation}"
