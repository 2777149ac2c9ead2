"""The cycle: the programme, its strategy anchoring and its timeline (phases).

Tables keep their historical ``consultations_*`` names: the models moved here from
``consultations`` without a data copy (docs/architecture.md, "Moving models").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
    URLValidator,
)
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from core.bounds import (
    LONG_TEXT,
    MEDIUM_TEXT,
    SHORT_TEXT,
    BoundedTextField,
    instant_range_check,
    nfkc_digits,
    text_length_check,
    validate_sane_date,
    validate_year,
    year_range_check,
)
from core.dates import days_inclusive, warsaw_midnight

HEX_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
DEFAULT_PRIMARY = "#0B5394"
DEFAULT_SECONDARY = "#F2C200"
hex_colour = RegexValidator(
    r"^#[0-9A-Fa-f]{6}\Z", _("Enter a colour as # and six hexadecimal digits, e.g. #0B5394.")
)
phone_number = RegexValidator(
    r"^\+?[0-9][0-9 ()-]{4,28}[0-9]\Z",
    _("Enter a telephone number of digits, spaces, brackets and hyphens, e.g. +48 12 616 12 12."),
)
# A logo is a file of our own static tree: no uploads to serve, scan or bound, and the
# PDF renderer's static-only fetcher can embed it (docs/municipality.md).
LOGO_PATH = re.compile(r"(?!/)(?!.*\.\.)[A-Za-z0-9_./-]{1,150}\.(png|svg|jpg|jpeg|webp)")
static_logo_path = RegexValidator(
    rf"^{LOGO_PATH.pattern}\Z",
    _("Enter a path inside the static files, e.g. img/logo.svg (PNG, SVG, JPEG or WebP)."),
)


class Municipality(models.Model):
    """The local government (JST) whose programme this portal consults: data, not code.

    Every gmina, powiat and województwo adopts a cooperation programme (art. 5a UDPPW);
    the portal serves any of them by editing this record (docs/municipality.md).
    """

    class Kind(models.TextChoices):
        GMINA = "gmina", _("municipality (gmina)")
        CITY_WITH_COUNTY_RIGHTS = "miasto_npp", _("city with county rights")
        POWIAT = "powiat", _("county (powiat)")
        WOJEWODZTWO = "wojewodztwo", _("voivodeship (województwo)")

    name = models.CharField(
        _("official name"), max_length=200, unique=True, help_text=_("In the nominative.")
    )
    name_genitive = models.CharField(
        _("official name in the genitive"),
        max_length=200,
        help_text=_("As in “Program współpracy …” (whose programme)."),
    )
    short_name = models.CharField(
        _("short name"),
        max_length=100,
        blank=True,
        help_text=_("Shown in page titles and the header; the official name when empty."),
    )
    kind = models.CharField(_("type of local government"), max_length=20, choices=Kind.choices)
    council_name = models.CharField(_("council"), max_length=200)
    bip_url = models.URLField(
        _("BIP address"),
        max_length=200,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("The Public Information Bulletin (Biuletyn Informacji Publicznej)."),
    )
    seat = models.CharField(
        _("seat and address"), max_length=300, blank=True, help_text=_("Street, postcode, town.")
    )
    accessibility_contact_name = models.CharField(
        _("accessibility contact person"), max_length=200, blank=True
    )
    accessibility_contact_email = models.EmailField(
        _("accessibility contact e-mail"), max_length=254, blank=True
    )
    accessibility_contact_phone = models.CharField(
        _("accessibility contact phone"), max_length=30, blank=True, validators=[phone_number]
    )
    controller_name = models.CharField(
        _("personal data controller"),
        max_length=200,
        blank=True,
        help_text=_("Who decides about the data, e.g. the mayor (wójt, burmistrz, prezydent)."),
    )
    controller_address = models.CharField(
        _("controller's address"),
        max_length=300,
        blank=True,
        help_text=_("The seat above when empty."),
    )
    dpo_name = models.CharField(_("data protection officer"), max_length=200, blank=True)
    dpo_email = models.EmailField(_("data protection officer's e-mail"), max_length=254, blank=True)
    logo_static_path = models.CharField(
        _("logo (static file)"),
        max_length=150,
        blank=True,
        validators=[static_logo_path],
        help_text=_("A path inside the static files, e.g. img/logo.svg; empty for none."),
    )
    colour_primary = models.CharField(
        _("brand colour"), max_length=7, default=DEFAULT_PRIMARY, validators=[hex_colour]
    )
    colour_secondary = models.CharField(
        _("second brand colour"), max_length=7, default=DEFAULT_SECONDARY, validators=[hex_colour]
    )

    class Meta:
        verbose_name = _("local government")
        verbose_name_plural = _("local governments")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean_fields(self, exclude: Collection[str] | None = None) -> None:
        # A telephone typed with full-width digits is the same number (NFKC).
        self.accessibility_contact_phone = nfkc_digits(self.accessibility_contact_phone).strip()
        super().clean_fields(exclude=exclude)

    def clean(self) -> None:
        path = self.logo_static_path
        # Only a path the pattern accepted is looked up: finders raise on "../" and "/".
        if path and LOGO_PATH.fullmatch(path) and finders.find(path) is None:
            raise ValidationError(
                {"logo_static_path": _("There is no such file among the static files.")}
            )

    @property
    def display_name(self) -> str:
        """The name people know it by (page titles, header, e-mail subjects)."""
        return self.short_name or self.name

    @property
    def email_subject_prefix(self) -> str:
        """Put before the subject of account e-mails, e.g. "[NGO consultations · Przykładowo] "."""
        return "[{} · {}] ".format(_("NGO consultations"), self.display_name)

    @property
    def controller_seat(self) -> str:
        return self.controller_address or self.seat

    @property
    def brand_colours(self) -> tuple[str, str]:
        """The two colours, each checked again: they are written into a <style> element."""
        defaults = (DEFAULT_PRIMARY, DEFAULT_SECONDARY)
        return tuple(  # type: ignore[return-value]
            value if HEX_COLOUR.fullmatch(value or "") else default
            for value, default in zip(
                (self.colour_primary, self.colour_secondary), defaults, strict=True
            )
        )


def consultation_min_days_default() -> int:
    """A new programme's minimum comment-phase length: the ``CONSULTATION_MIN_DAYS``
    setting (README.md, "Settings"), which a deployment sets once for its council's rules."""
    from django.conf import settings

    return int(settings.CONSULTATION_MIN_DAYS)


class StrategyDocument(models.Model):
    """A strategy the programme is anchored in (e.g. the city's development strategy)."""

    title = models.CharField(_("title"), max_length=400)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    first_year = models.PositiveSmallIntegerField(
        _("from year"), null=True, blank=True, validators=[validate_year]
    )
    last_year = models.PositiveSmallIntegerField(
        _("to year"), null=True, blank=True, validators=[validate_year]
    )
    strategic_goal = BoundedTextField(_("strategic goal"), blank=True, max_length=MEDIUM_TEXT)
    url = models.URLField(_("link"), blank=True)

    class Meta:
        db_table = "consultations_strategydocument"
        verbose_name = _("strategy document")
        verbose_name_plural = _("strategy documents")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["title"], name="strategydocument_title_unique"),
            year_range_check("first_year", name="strategydocument_first_year_range", null=True),
            year_range_check("last_year", name="strategydocument_last_year_range", null=True),
            text_length_check("strategic_goal", MEDIUM_TEXT, name="strategydocument_goal_length"),
        ]

    def __str__(self) -> str:
        return self.short_name or self.title


class StrategyGoal(models.Model):
    document = models.ForeignKey(
        StrategyDocument, on_delete=models.CASCADE, related_name="goals", verbose_name=_("strategy")
    )
    code = models.CharField(_("code"), max_length=20, help_text=_("E.g. I-8."))
    title = BoundedTextField(_("title"), max_length=2000)

    class Meta:
        db_table = "consultations_strategygoal"
        verbose_name = _("strategy goal")
        verbose_name_plural = _("strategy goals")
        ordering = ["document", "code"]
        constraints = [
            models.UniqueConstraint(fields=["document", "code"], name="strategygoal_code_unique"),
            text_length_check("title", 2000, name="strategygoal_title_length"),
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
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="programmes",
        verbose_name=_("local government"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MULTI_YEAR)
    first_year = models.PositiveSmallIntegerField(
        _("first year"), validators=[MinValueValidator(2004), MaxValueValidator(2100)]
    )
    last_year = models.PositiveSmallIntegerField(
        _("last year"), validators=[MinValueValidator(2004), MaxValueValidator(2100)]
    )
    legal_basis = BoundedTextField(_("legal basis"), max_length=MEDIUM_TEXT)
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
        default=consultation_min_days_default,
        validators=[MinValueValidator(1)],
    )
    is_current = models.BooleanField(
        _("shown on the home page"), default=False, help_text=_("The programme now being prepared.")
    )
    report_summary = BoundedTextField(
        _("coordinating team's summary of the consultation"), blank=True, max_length=LONG_TEXT
    )
    report_published_at = models.DateTimeField(
        _("report published at"), null=True, blank=True, validators=[validate_sane_date]
    )

    class Meta:
        db_table = "consultations_programme"
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-first_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(first_year__lte=models.F("last_year")), name="programme_years_ordered"
            ),
            year_range_check("first_year", name="programme_first_year_range"),
            year_range_check("last_year", name="programme_last_year_range"),
            text_length_check("legal_basis", MEDIUM_TEXT, name="programme_legal_basis_length"),
            text_length_check("report_summary", LONG_TEXT, name="programme_summary_length"),
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
    description = BoundedTextField(_("description"), blank=True, max_length=MEDIUM_TEXT)
    starts_at = models.DateTimeField(_("starts at"), validators=[validate_sane_date])
    ends_at = models.DateTimeField(
        _("ends at"),
        help_text=_("The last moment of the phase."),
        validators=[validate_sane_date],
    )
    accepts_comments = models.BooleanField(_("accepts comments"), default=False)
    channels = BoundedTextField(
        _("channels"),
        blank=True,
        max_length=MEDIUM_TEXT,
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
            instant_range_check("starts_at", name="phase_starts_at_range"),
            instant_range_check("ends_at", name="phase_ends_at_range"),
            text_length_check("description", MEDIUM_TEXT, name="phase_description_length"),
            text_length_check("channels", MEDIUM_TEXT, name="phase_channels_length"),
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
    reason = BoundedTextField(_("reason"), max_length=SHORT_TEXT)
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
