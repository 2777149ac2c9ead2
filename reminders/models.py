"""Deadline reminders: offsets, people's choices, and the delivery log."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.bounds import BoundedTextField
from programmes.models import Programme

# reminders.services cuts the SMTP error to this length before storing it.
LAST_ERROR_LENGTH = 2000


class ReminderKind(models.TextChoices):
    """What a reminder is about; each kind can be switched off by its recipient."""

    COMMENT_PHASE = "comment_phase", _("comment phase closing (team members)")
    TEAM_WORK = "team_work", _("SWOT results, goals and actions due (moderators)")
    UNANSWERED_COMMENTS = "unanswered_comments", _("comments not yet answered (coordinators)")
    UNPUBLISHED_ANSWERS = "unpublished_answers", _("answers not yet published (coordinators)")
    EMPTY_SECTIONS = "empty_sections", _("mandatory sections still empty (coordinators)")
    ADOPTION_DEADLINE = "adoption_deadline", _("statutory adoption deadline (coordinators)")
    IMPLEMENTATION_REPORT = (
        "implementation_report",
        _("annual implementation report due by 31 May (coordinators)"),
    )


class ReminderOffset(models.Model):
    """A day, counted back from a deadline, on which reminders go out (0 = the day itself)."""

    days = models.PositiveSmallIntegerField(
        _("days before the deadline"), unique=True, validators=[MaxValueValidator(90)]
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        db_table = "consultations_reminderoffset"
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
    implementation_report = models.BooleanField(
        ReminderKind.IMPLEMENTATION_REPORT.label, default=True
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        db_table = "consultations_reminderpreferences"
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
    last_error = BoundedTextField(_("last error"), blank=True, max_length=LAST_ERROR_LENGTH)
    email = models.EmailField(_("sent to"), blank=True)
    created_at = models.DateTimeField(_("planned at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ReminderDeliveryQuerySet.as_manager()

    class Meta:
        db_table = "consultations_reminderdelivery"
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
