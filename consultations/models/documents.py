"""The draft programme document: versions, sections, paragraphs, stored PDFs."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.bounds import LONG_TEXT, MEDIUM_TEXT, BoundedTextField, text_length_check
from programmes.models import Programme


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
    change_note = BoundedTextField(_("what changed"), blank=True, max_length=MEDIUM_TEXT)
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
            text_length_check("change_note", MEDIUM_TEXT, name="draftversion_change_note_length"),
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

    @property
    def is_frozen(self) -> bool:
        """A published version never changes, nor do its sections and paragraphs.

        Corrections make a new version: the public record of what was consulted stays
        as it was read. This is the rule; three layers enforce it:

        - services: every write to a version, section or paragraph calls
          :meth:`ensure_editable` under a row lock (``consultations.services``:
          ``version_update``, ``paragraph_update``, ``paragraph_add``,
          ``version_publish``, ``draft_part_save``, ``draft_part_delete``);
        - the admin: published versions, their sections and paragraphs are read-only
          there (``consultations.admin.ReadOnlyWhenPublishedMixin`` and
          ``UnpublishedOnlyForm`` ask this property; saves go through the services);
        - the database: triggers in
          ``consultations/migrations/0005_published_version_immutable_triggers.py``
          make a stray ``save()`` or ``QuerySet.update()`` fail.
        """
        return self.is_published

    def ensure_editable(self) -> None:
        """Raise ``ValidationError`` if the version is frozen (see :attr:`is_frozen`)."""
        if not self.is_frozen:
            return
        raise ValidationError(
            _(
                "Version %(number)s was published on %(date)s and cannot be changed; "
                "make a new version instead."
            ),
            code="published",
            params={
                "number": self.number,
                "date": timezone.localtime(self.published_at).strftime("%Y-%m-%d %H:%M")
                if self.published_at
                else "",
            },
        )


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


# Whitespace-only text is no text: the one test of "empty" for paragraphs.
BLANK_TEXT_REGEX = r"^\s*$"


class SectionQuerySet(models.QuerySet["Section"]):
    def filled(self) -> SectionQuerySet:
        """Sections with at least one paragraph that has text (whitespace-only is empty).

        The one definition of an empty section: publishing refuses a version whose
        mandatory sections are not all filled, and the coordinators' reminder about
        empty sections asks the same question (both through
        ``consultations.selectors.version_empty_mandatory_sections``).
        """
        with_text = Paragraph.objects.filter(section=OuterRef("pk")).exclude(
            text__regex=BLANK_TEXT_REGEX
        )
        return self.filter(Exists(with_text))


class Section(models.Model):
    version = models.ForeignKey(
        DraftVersion, on_delete=models.CASCADE, related_name="sections", verbose_name=_("version")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=30, choices=SectionKind.choices)
    title = models.CharField(_("title"), max_length=400)

    objects = SectionQuerySet.as_manager()

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
    text = BoundedTextField(_("text"), max_length=LONG_TEXT)
    is_heading = models.BooleanField(
        _("heading"),
        default=False,
        help_text=_("A heading inside the section (a team, a priority area), not a provision."),
    )

    class Meta:
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")
        ordering = ["section", "number"]
        constraints = [
            models.UniqueConstraint(fields=["section", "number"], name="paragraph_number_unique"),
            text_length_check("text", LONG_TEXT, name="paragraph_text_length"),
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
