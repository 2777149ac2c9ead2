"""Consultation comments in the standard Polish form, and the city's answers."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from consultations.models.documents import DraftVersion, Paragraph
from consultations.storage import private_storage, validate_scan
from core.bounds import MEDIUM_TEXT, SHORT_TEXT, BoundedTextField, text_length_check

# An answer is read in the report next to the comment: ten thousand characters at most.
ANSWER_TEXT = 10000


class CommentQuerySet(models.QuerySet["Comment"]):
    def active(self) -> CommentQuerySet:
        """Comments the city must answer: neither withdrawn nor set aside as not one."""
        return self.filter(status=Comment.Status.SUBMITTED)

    def answer_published(self) -> CommentQuerySet:
        return self.filter(answer_published_at__isnull=False)

    def unanswered(self) -> CommentQuerySet:
        return self.active().filter(answer="")


class Comment(models.Model):
    """A comment in the standard Polish consultation form, and the city's answer."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        WITHDRAWN = "withdrawn", _("withdrawn")
        NOT_A_COMMENT = "not_a_comment", _("not a comment on this document")

    class NotACommentKind(models.TextChoices):
        SPAM = "spam", _("spam")
        ABUSE = "abuse", _("abusive content")
        OTHER_MATTER = "other_matter", _("concerns another matter")

    class Answer(models.TextChoices):
        ACCEPTED = "accepted", _("accepted")
        PARTLY_ACCEPTED = "partly_accepted", _("partly accepted")
        REJECTED = "rejected", _("rejected")
        EXPLAINED = "explained", _("explained")

    class Capacity(models.TextChoices):
        ORGANISATION = "organisation", _("on behalf of an organisation")
        EXPERT = "expert", _("expert")
        OFFICIAL = "official", _("city official")
        PRIVATE = "private", _("private person")

    class Channel(models.TextChoices):
        """How the comment reached the city; all are numbered in one sequence."""

        PORTAL = "portal", _("this portal")
        EMAIL = "email", _("e-mail")
        POST = "post", _("post")
        MEETING = "meeting", _("at a meeting")

    version = models.ForeignKey(
        DraftVersion,
        on_delete=models.PROTECT,
        related_name="comments",
        verbose_name=_("version"),
        # No index of its own: comment_version_para_status and comment_number_unique
        # both start with the version (docs/architecture.md, "Caching").
        db_index=False,
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
    current_wording = BoundedTextField(_("current wording"), blank=True, max_length=MEDIUM_TEXT)
    proposed_wording = BoundedTextField(_("proposed wording"), max_length=MEDIUM_TEXT)
    justification = BoundedTextField(_("justification"), max_length=MEDIUM_TEXT)
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
    answer_justification = BoundedTextField(
        _("justification of the position"), blank=True, max_length=ANSWER_TEXT
    )
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
    not_a_comment_kind = models.CharField(
        _("why it is not a comment on this document"),
        max_length=20,
        choices=NotACommentKind.choices,
        blank=True,
    )
    not_a_comment_reason = BoundedTextField(
        _("reason shown publicly instead of the text"), blank=True, max_length=SHORT_TEXT
    )
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.PORTAL
    )
    is_late = models.BooleanField(
        _("received after the comment phase"),
        default=False,
        help_text=_("Registered although it arrived outside the comment phase."),
    )
    sender_name = models.CharField(
        _("sender (person)"),
        max_length=200,
        blank=True,
        help_text=_("For a comment from a person by e-mail, post or at a meeting; not public."),
    )
    scan = models.FileField(
        _("scan of the letter"),
        upload_to="comments/scans/%Y/",
        storage=private_storage,
        max_length=200,
        blank=True,
        validators=[
            FileExtensionValidator(["pdf", "jpg", "jpeg", "png"]),
            validate_scan,
        ],
        help_text=_("PDF, JPEG or PNG, at most 10 MB; seen by coordinators only."),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
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
        indexes = [
            # The draft page's counts read only this version's rows (docs/architecture.md,
            # "Caching"); answer and publication are carried so the index alone answers.
            models.Index(
                fields=["version", "paragraph", "status"],
                include=["answer", "answer_published_at"],
                name="comment_version_para_status",
            ),
        ]
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
            models.CheckConstraint(
                condition=~Q(status="not_a_comment")
                | (~Q(not_a_comment_kind="") & ~Q(not_a_comment_reason="")),
                name="comment_not_a_comment_has_reason",
            ),
            text_length_check(
                "current_wording", MEDIUM_TEXT, name="comment_current_wording_length"
            ),
            text_length_check(
                "proposed_wording", MEDIUM_TEXT, name="comment_proposed_wording_length"
            ),
            text_length_check("justification", MEDIUM_TEXT, name="comment_justification_length"),
            text_length_check("answer_justification", ANSWER_TEXT, name="comment_answer_length"),
            text_length_check(
                "not_a_comment_reason", SHORT_TEXT, name="comment_set_aside_reason_length"
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
    def is_registered(self) -> bool:
        """Entered by a coordinator from another channel (e-mail, post, meeting)."""
        return self.channel != self.Channel.PORTAL

    @property
    def is_withdrawn(self) -> bool:
        return self.status == self.Status.WITHDRAWN

    @property
    def is_not_a_comment(self) -> bool:
        return self.status == self.Status.NOT_A_COMMENT

    @property
    def is_text_public(self) -> bool:
        """The wording is public once answered; never when withdrawn or set aside."""
        return self.status == self.Status.SUBMITTED and self.is_answer_published

    @property
    def public_status(self) -> str:
        """The report's status column: every number appears, each with one of these."""
        if self.is_withdrawn:
            return str(_("withdrawn by the author"))
        if self.is_not_a_comment:
            return str(_("not a comment on this document"))
        if self.is_answer_published:
            return str(self.get_answer_display())
        return str(_("answer not yet published"))

    @property
    def is_answer_published(self) -> bool:
        return self.answer_published_at is not None

    @property
    def organisation_confirmed(self) -> bool:
        """Whether the organisation named is confirmed to be the sender (issue 10, item 3).

        Confirmed when a coordinator registered the comment, when a team membership
        (set by staff) names the organisation, or when the author's statement of
        representation is confirmed. Selectors annotate it; otherwise it is asked here.
        """
        if self.organisation_id is None:
            return False
        annotated = getattr(self, "organisation_is_confirmed", None)
        if annotated is not None:
            return bool(annotated)
        from teams.models import Membership, Representative

        return (
            self.channel != self.Channel.PORTAL
            or Representative.objects.confirmed()
            .filter(user_id=self.author_id, organisation_id=self.organisation_id)
            .exists()
            or Membership.objects.filter(
                user_id=self.author_id, organisation_id=self.organisation_id
            ).exists()
        )

    @property
    def public_author(self) -> str:
        """Only confirmed organisation names are public; others show as a private person.

        Individuals are shown by capacity (RODO); a pending claim never shows the
        organisation's name, in pages, exports or PDFs alike.
        """
        if self.organisation is not None:
            if self.organisation_confirmed:
                return self.organisation.name
            return str(self.Capacity.PRIVATE.label)
        return str(self.get_capacity_display())

    @property
    def unconfirmed_organisation(self) -> str:
        """For coordinators only: the organisation a pending claim names."""
        if self.organisation is not None and not self.organisation_confirmed:
            return self.organisation.name
        return ""
