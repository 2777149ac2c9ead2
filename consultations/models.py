"""Programme, strategy links, phases, draft versions and consultation comments."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

WARSAW = ZoneInfo("Europe/Warsaw")


def warsaw_midnight(day: dt.date) -> dt.datetime:
    """The instant a calendar day starts in Kraków (deadlines are Warsaw days)."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=WARSAW)


class StrategyDocument(models.Model):
    """A city strategy the programme is anchored in (e.g. Strategia Rozwoju Krakowa)."""

    title = models.CharField(_("title"), max_length=400)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    first_year = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True)
    last_year = models.PositiveSmallIntegerField(_("to year"), null=True, blank=True)
    strategic_goal = models.TextField(_("strategic goal"), blank=True)
    url = models.URLField(_("link"), blank=True)

    class Meta:
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
        start = timezone.localtime(self.starts_at, WARSAW).date()
        end = timezone.localtime(self.ends_at, WARSAW).date()
        return (end - start).days + 1

    def is_open(self, at: dt.datetime) -> bool:
        return self.starts_at <= at <= self.ends_at


class DraftVersionQuerySet(models.QuerySet["DraftVersion"]):
    def published(self) -> DraftVersionQuerySet:
        return self.filter(status=DraftVersion.Status.PUBLISHED)


class DraftVersion(models.Model):
    """A numbered version of the draft programme document."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft (not public)")
        PUBLISHED = "published", _("published")

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="versions", verbose_name=_("programme")
    )
    number = models.PositiveSmallIntegerField(_("version number"))
    title = models.CharField(_("document title"), max_length=500)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    change_note = models.TextField(_("what changed"), blank=True)
    created_at = models.DateTimeField(_("prepared at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("prepared by"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    objects = DraftVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("draft version")
        verbose_name_plural = _("draft versions")
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "number"], name="draftversion_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="draftversion_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} — {_('version')} {self.number}"

    def get_absolute_url(self) -> str:
        return reverse(
            "consultations:draft_detail",
            kwargs={"slug": self.programme.slug, "number": self.number},
        )

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class SectionKind(models.TextChoices):
    """The mandatory contents of a cooperation programme, art. 5a ust. 4 pkt 1–11."""

    GOALS = "goals", _("main and specific goals of the programme")
    PRINCIPLES = "principles", _("principles of cooperation")
    SCOPE = "scope", _("subject scope")
    FORMS = "forms", _("forms of cooperation")
    PRIORITY_TASKS = "priority_tasks", _("priority public tasks")
    PERIOD = "period", _("period of the programme")
    IMPLEMENTATION = "implementation", _("how the programme is carried out")
    FUNDS = "funds", _("funds planned for the programme")
    EVALUATION = "evaluation", _("how the programme is evaluated")
    PREPARATION = "preparation", _("how the programme was made and consulted")
    COMMITTEES = "committees", _("grant competition committees")
    FREE = "free", _("other section")


MANDATORY_SECTION_KINDS: tuple[str, ...] = tuple(k for k in SectionKind.values if k != "free")


class Section(models.Model):
    version = models.ForeignKey(
        DraftVersion, on_delete=models.CASCADE, related_name="sections", verbose_name=_("version")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=30, choices=SectionKind.choices)
    title = models.CharField(_("title"), max_length=400)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="section_position_unique"),
            models.UniqueConstraint(
                fields=["version", "kind"], condition=~Q(kind="free"), name="section_kind_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    @property
    def anchor(self) -> str:
        return f"s-{self.position}"


class Paragraph(models.Model):
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="paragraphs", verbose_name=_("section")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")
        ordering = ["section", "number"]
        constraints = [
            models.UniqueConstraint(fields=["section", "number"], name="paragraph_number_unique"),
        ]

    def __str__(self) -> str:
        return f"§ {self.section.position}.{self.number}"

    @property
    def anchor(self) -> str:
        """Stable within a version: ``#p-<section>-<paragraph>``."""
        return f"p-{self.section.position}-{self.number}"

    @property
    def label(self) -> str:
        return f"{self.section.position}.{self.number}"


class CommentQuerySet(models.QuerySet["Comment"]):
    def active(self) -> CommentQuerySet:
        return self.exclude(status=Comment.Status.WITHDRAWN)

    def answer_published(self) -> CommentQuerySet:
        return self.filter(answer_published_at__isnull=False)

    def unanswered(self) -> CommentQuerySet:
        return self.active().filter(answer="")


class Comment(models.Model):
    """A comment in the standard Polish consultation form, and the city's answer."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class Answer(models.TextChoices):
        ACCEPTED = "accepted", _("accepted")
        PARTLY_ACCEPTED = "partly_accepted", _("partly accepted")
        REJECTED = "rejected", _("rejected")
        EXPLAINED = "explained", _("explained")

    class Capacity(models.TextChoices):
        ORGANISATION = "organisation", _("on behalf of an organisation")
        EXPERT = "expert", _("expert")
        OFFICIAL = "official", _("city official")

    version = models.ForeignKey(
        DraftVersion, on_delete=models.PROTECT, related_name="comments", verbose_name=_("version")
    )
    paragraph = models.ForeignKey(
        Paragraph,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("paragraph"),
        help_text=_("Empty for a comment on the whole document."),
    )
    number = models.PositiveIntegerField(_("no."))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="consultation_comments",
        verbose_name=_("author"),
    )
    organisation = models.ForeignKey(
        "teams.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("organisation"),
    )
    capacity = models.CharField(
        _("submitted as"), max_length=20, choices=Capacity.choices, default=Capacity.ORGANISATION
    )
    current_wording = models.TextField(_("current wording"), blank=True, max_length=5000)
    proposed_wording = models.TextField(_("proposed wording"), max_length=5000)
    justification = models.TextField(_("justification"), max_length=5000)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    answer = models.CharField(
        pgettext_lazy("comment answer", "position"),
        max_length=20,
        choices=Answer.choices,
        blank=True,
    )
    answer_justification = models.TextField(_("justification of the position"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answer_published_at = models.DateTimeField(_("answer published at"), null=True, blank=True)
    resulting_paragraph = models.ForeignKey(
        Paragraph,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changed_by_comments",
        verbose_name=_("paragraph changed in response"),
        help_text=_(
            "For accepted comments: the paragraph of a later version that the comment changed."
        ),
    )
    receipt_sent_at = models.DateTimeField(
        _("confirmation e-mail sent at"), null=True, blank=True, editable=False
    )
    history = HistoricalRecords(excluded_fields=["receipt_sent_at"])

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="comment_number_unique"),
            models.CheckConstraint(
                condition=Q(capacity="organisation", organisation__isnull=False)
                | ~Q(capacity="organisation"),
                name="comment_organisation_when_on_behalf",
            ),
            models.CheckConstraint(
                condition=Q(answer_published_at__isnull=True) | ~Q(answer=""),
                name="comment_published_answer_not_empty",
            ),
        ]

    def __str__(self) -> str:
        return _("Comment No. %(number)s") % {"number": self.number}

    @property
    def part_label(self) -> str:
        """Which part of the document the comment concerns, as the report prints it."""
        if self.paragraph is None:
            return str(_("whole document"))
        return f"§ {self.paragraph.label}"

    @property
    def receipt_number(self) -> str:
        """What the author quotes in letters: programme, version and comment number."""
        return f"{self.version.programme.slug.upper()}/{self.version.number}/{self.number:04d}"

    @property
    def is_withdrawn(self) -> bool:
        return self.status == self.Status.WITHDRAWN

    @property
    def is_answer_published(self) -> bool:
        return self.answer_published_at is not None

    @property
    def public_author(self) -> str:
        """Only organisation names are public (RODO); individuals are shown by capacity."""
        if self.organisation is not None:
            return self.organisation.name
        return str(self.get_capacity_display())


class RenderedPdf(models.Model):
    """A stored PDF of a published version or of the consultation report.

    ``fingerprint`` names the content it was made from: a published version never
    changes, so its pk is enough; the report's fingerprint changes with every answer
    published, so a new file is rendered and the old one stays as it was.
    """

    class Kind(models.TextChoices):
        DRAFT = "draft", _("draft version")
        REPORT = "report", _("consultation report")

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="pdfs", verbose_name=_("programme")
    )
    version = models.ForeignKey(
        DraftVersion,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="pdfs",
        verbose_name=_("version"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    fingerprint = models.CharField(_("fingerprint"), max_length=80)
    file = models.FileField(_("file"), upload_to="pdf/%Y/", blank=True)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    rendered_at = models.DateTimeField(_("rendered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("rendered PDF")
        verbose_name_plural = _("rendered PDFs")
        ordering = ["programme", "kind", "-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "kind", "fingerprint"], name="renderedpdf_one_per_content"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} — {self.get_kind_display()} ({self.fingerprint})"

    @property
    def is_ready(self) -> bool:
        return self.rendered_at is not None and bool(self.file)


# ------------------------------------------------------------------------------
# Deadline reminders (issue 5): offsets, people's choices, and the delivery log
# ------------------------------------------------------------------------------
class ReminderKind(models.TextChoices):
    """What a reminder is about; each kind can be switched off by its recipient."""

    COMMENT_PHASE = "comment_phase", _("comment phase closing (team members)")
    TEAM_WORK = "team_work", _("SWOT results, goals and actions due (moderators)")
    UNANSWERED_COMMENTS = "unanswered_comments", _("comments not yet answered (coordinators)")
    UNPUBLISHED_ANSWERS = "unpublished_answers", _("answers not yet published (coordinators)")
    EMPTY_SECTIONS = "empty_sections", _("mandatory sections still empty (coordinators)")
    ADOPTION_DEADLINE = "adoption_deadline", _("statutory adoption deadline (coordinators)")


class ReminderOffset(models.Model):
    """A day, counted back from a deadline, on which reminders go out (0 = the day itself)."""

    days = models.PositiveSmallIntegerField(
        _("days before the deadline"), unique=True, validators=[MaxValueValidator(90)]
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("reminder offset")
        verbose_name_plural = _("reminder offsets")
        ordering = ["-days"]

    def __str__(self) -> str:
        return str(_("%(days)d days before") % {"days": self.days})


class ReminderPreferences(models.Model):
    """A person's reminder language and the kinds of reminder they switched off."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminder_preferences",
        verbose_name=_("user"),
    )
    language = models.CharField(
        _("language of e-mails"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    comment_phase = models.BooleanField(ReminderKind.COMMENT_PHASE.label, default=True)
    team_work = models.BooleanField(ReminderKind.TEAM_WORK.label, default=True)
    unanswered_comments = models.BooleanField(ReminderKind.UNANSWERED_COMMENTS.label, default=True)
    unpublished_answers = models.BooleanField(ReminderKind.UNPUBLISHED_ANSWERS.label, default=True)
    empty_sections = models.BooleanField(ReminderKind.EMPTY_SECTIONS.label, default=True)
    adoption_deadline = models.BooleanField(ReminderKind.ADOPTION_DEADLINE.label, default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("reminder preferences")
        verbose_name_plural = _("reminder preferences")

    def __str__(self) -> str:
        return str(self.user)

    def wants(self, kind: str) -> bool:
        # The boolean fields are named after the kinds' values.
        return bool(getattr(self, ReminderKind(kind).value))


class ReminderDeliveryQuerySet(models.QuerySet["ReminderDelivery"]):
    def queued(self) -> ReminderDeliveryQuerySet:
        return self.filter(status=ReminderDelivery.Status.QUEUED)


class ReminderDelivery(models.Model):
    """One reminder to one person for one deadline and offset: the exactly-once ledger.

    The unique constraint is the guarantee: planning inserts the row (or finds it
    already there), and the send flips it to ``sent`` in the same transaction that
    holds the row lock while the SMTP server accepts the message.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        SKIPPED = "skipped", _("skipped")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminder_deliveries",
        verbose_name=_("recipient"),
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="reminder_deliveries",
        verbose_name=_("programme"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=ReminderKind.choices)
    deadline_key = models.CharField(
        _("deadline"), max_length=60, help_text=_("What the deadline is, e.g. phase:12.")
    )
    deadline_label = models.CharField(_("deadline name"), max_length=300, blank=True)
    due_on = models.DateField(_("due on"))
    offset_days = models.SmallIntegerField(
        _("days before"), help_text=_("-1 is the last notice after the deadline passed.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    skip_reason = models.CharField(_("reason skipped"), max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    email = models.EmailField(_("sent to"), blank=True)
    created_at = models.DateTimeField(_("planned at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ReminderDeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminder log")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "deadline_key", "due_on", "offset_days"],
                name="reminderdelivery_once_per_recipient_deadline_offset",
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="reminderdelivery_sent_has_time",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="reminder_status_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.user} ({self.due_on}, {self.offset_days})"
