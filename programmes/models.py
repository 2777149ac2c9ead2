"""The cycle: the programme, its strategy anchoring and its timeline (phases).

Tables keep their historical ``consultations_*`` names: the models moved here from
``consultations`` without a data copy (docs/architecture.md, "Moving models").
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from core.dates import days_inclusive, warsaw_midnight


class StrategyDocument(models.Model):
    """A city strategy the programme is anchored in (e.g. Strategia Rozwoju Krakowa)."""

    title = models.CharField(_("title"), max_length=400)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    first_year = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True)
    last_year = models.PositiveSmallIntegerField(_("to year"), null=True, blank=True)
    strategic_goal = models.TextField(_("strategic goal"), blank=True)
    url = models.URLField(_("link"), blank=True)

    class Meta:
        db_table = "consultations_strategydocument"
        verbose_name = _("strategy document")
        verbose_name_plural = _("strategy documents")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["title"], name="strategydocument_title_unique"),
        ]

    def __str__(self) -> str:
        return self.short_name or self.title


class StrategyGoal(models.Model):
    document = models.ForeignKey(
        StrategyDocument, on_delete=models.CASCADE, related_name="goals", verbose_name=_("strategy")
    )
    code = models.CharField(_("code"), max_length=20, help_text=_("E.g. I-8."))
    title = models.TextField(_("title"))

    class Meta:
        db_table = "consultations_strategygoal"
        verbose_name = _("strategy goal")
        verbose_name_plural = _("strategy goals")
        ordering = ["document", "code"]
        constraints = [
            models.UniqueConstraint(fields=["document", "code"], name="strategygoal_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.title[:80]}"


class PriorityArea(models.Model):
    """A priority area of a sector strategy that team goals align with."""

    document = models.ForeignKey(
        StrategyDocument,
        on_delete=models.CASCADE,
        related_name="priority_areas",
        verbose_name=_("strategy"),
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=400)

    class Meta:
        db_table = "consultations_priorityarea"
        verbose_name = _("priority area")
        verbose_name_plural = _("priority areas")
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="priorityarea_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}) {self.name}"


class Programme(models.Model):
    """A (multi-year) programme of cooperation with NGOs (art. 5a UDPPW)."""

    class Kind(models.TextChoices):
        ANNUAL = "annual", _("annual programme")
        MULTI_YEAR = "multi_year", _("multi-year programme")

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=400)
    municipality = models.CharField(_("municipality"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MULTI_YEAR)
    first_year = models.PositiveSmallIntegerField(
        _("first year"), validators=[MinValueValidator(2004), MaxValueValidator(2100)]
    )
    last_year = models.PositiveSmallIntegerField(
        _("last year"), validators=[MinValueValidator(2004), MaxValueValidator(2100)]
    )
    legal_basis = models.TextField(_("legal basis"))
    strategy_goals = models.ManyToManyField(
        StrategyGoal,
        blank=True,
        related_name="programmes",
        verbose_name=_("anchoring in strategy goals"),
    )
    priority_areas = models.ManyToManyField(
        PriorityArea, blank=True, related_name="programmes", verbose_name=_("priority areas")
    )
    consultation_min_days = models.PositiveSmallIntegerField(
        _("minimum length of a comment phase (days)"),
        default=14,
        validators=[MinValueValidator(1)],
    )
    is_current = models.BooleanField(
        _("shown on the home page"), default=False, help_text=_("The programme now being prepared.")
    )
    report_summary = models.TextField(
        _("coordinating team's summary of the consultation"), blank=True
    )
    report_published_at = models.DateTimeField(_("report published at"), null=True, blank=True)

    class Meta:
        db_table = "consultations_programme"
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-first_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(first_year__lte=models.F("last_year")), name="programme_years_ordered"
            ),
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="programme_one_current"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultations:programme_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.first_year and self.last_year and self.first_year > self.last_year:
            raise ValidationError(
                {"last_year": _("The last year cannot come before the first year.")}
            )
        if self.kind == self.Kind.ANNUAL and self.first_year != self.last_year:
            raise ValidationError({"last_year": _("An annual programme covers a single year.")})

    @property
    def adoption_deadline(self) -> dt.date:
        """Programme must be adopted by 30 November of the preceding year (art. 5a ust. 1)."""
        return dt.date(self.first_year - 1, 11, 30)

    @property
    def adoption_deadline_end(self) -> dt.datetime:
        """The first instant after the adoption deadline (midnight in Warsaw)."""
        return warsaw_midnight(self.adoption_deadline + dt.timedelta(days=1))

    @property
    def short_label(self) -> str:
        """A compact name for tables and filters, e.g. "WPW 2012–2014"."""
        prefix = "WPW" if self.kind == self.Kind.MULTI_YEAR else "RPW"
        return f"{prefix} {self.period_display}"

    @property
    def period_display(self) -> str:
        if self.first_year == self.last_year:
            return str(self.first_year)
        return f"{self.first_year}–{self.last_year}"


class PhaseQuerySet(models.QuerySet["Phase"]):
    def for_programme(self, programme: Programme) -> PhaseQuerySet:
        return self.filter(programme=programme)

    def accepting_comments(self) -> PhaseQuerySet:
        return self.filter(accepts_comments=True)

    def open_at(self, at: dt.datetime) -> PhaseQuerySet:
        return self.filter(starts_at__lte=at, ends_at__gte=at)

    def open_for_comments(self, at: dt.datetime) -> PhaseQuerySet:
        """Phases in which comments are accepted at ``at`` (bounds inclusive)."""
        return self.accepting_comments().open_at(at)

    def upcoming(self, at: dt.datetime) -> PhaseQuerySet:
        return self.filter(ends_at__gte=at)


class Phase(models.Model):
    """A step of the consultation timeline ("Dalsze kroki" of the seed)."""

    class Kind(models.TextChoices):
        TEAM_WORK = "team_work", _("sector team work")
        CONSULTATION = "consultation", _("consultation")
        MEETING = "meeting", _("meeting")
        SUMMARY = "summary", _("summary of comments")
        FINAL_CONSULTATION = "final_consultation", _("final consultation")
        ADOPTION = "adoption", _("adoption by the council")
        OTHER = "other", _("other")

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="phases", verbose_name=_("programme")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), help_text=_("The last moment of the phase."))
    accepts_comments = models.BooleanField(_("accepts comments"), default=False)
    channels = models.TextField(
        _("channels"),
        blank=True,
        help_text=_("Where the consultation was announced and how comments could be sent."),
    )

    objects = PhaseQuerySet.as_manager()

    class Meta:
        db_table = "consultations_phase"
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["programme", "starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="phase_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """Phases end by the adoption deadline; comment phases are long enough and disjoint."""
        if not (self.starts_at and self.ends_at and self.programme_id):
            return
        if self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A phase must end after it starts.")})
        programme = self.programme
        if self.ends_at >= programme.adoption_deadline_end:
            raise ValidationError(
                {
                    "ends_at": _(
                        "The phase must end by the adoption deadline, %(deadline)s "
                        "(30 November of the year before the programme, art. 5a)."
                    )
                    % {"deadline": formats.date_format(programme.adoption_deadline, "j E Y")}
                }
            )
        if not self.accepts_comments:
            return
        if self.length_in_days < programme.consultation_min_days:
            raise ValidationError(
                {
                    "ends_at": _(
                        "A phase that accepts comments must last at least %(days)d days "
                        "(this one lasts %(length)d)."
                    )
                    % {"days": programme.consultation_min_days, "length": self.length_in_days}
                }
            )
        overlapping = (
            Phase.objects.for_programme(programme)
            .accepting_comments()
            .filter(starts_at__lte=self.ends_at, ends_at__gte=self.starts_at)
            .exclude(pk=self.pk)
            .first()
        )
        if overlapping is not None:
            raise ValidationError(
                _("Comment phases must not overlap: this one overlaps “%(name)s”.")
                % {"name": overlapping.name}
            )

    @property
    def length_in_days(self) -> int:
        """Calendar days in Warsaw, both ends counted (1–14 September is 14 days)."""
        return days_inclusive(self.starts_at, self.ends_at)

    def is_open(self, at: dt.datetime) -> bool:
        return self.starts_at <= at <= self.ends_at


class PhaseChange(models.Model):
    """One change of a phase's dates after the timeline was announced, with who and why.

    Written only by ``reminders.services.phase_reschedule`` (it re-plans reminders and
    tells the people concerned); listed publicly as "Historia zmian harmonogramu".
    """

    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="phase_changes",
        verbose_name=_("programme"),
    )
    phase = models.ForeignKey(
        Phase, on_delete=models.PROTECT, related_name="changes", verbose_name=_("phase")
    )
    old_starts_at = models.DateTimeField(_("starts at (before)"))
    old_ends_at = models.DateTimeField(_("ends at (before)"))
    new_starts_at = models.DateTimeField(_("starts at (after)"))
    new_ends_at = models.DateTimeField(_("ends at (after)"))
    reason = models.TextField(_("reason"), max_length=1000)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"))
    notified_at = models.DateTimeField(_("people told at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("timeline change")
        verbose_name_plural = _("timeline changes")
        ordering = ["programme", "-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.phase}: {self.changed_at:%Y-%m-%d}"

    @property
    def is_extension(self) -> bool:
        return self.new_ends_at > self.old_ends_at
