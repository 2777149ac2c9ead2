"""The adopted programme: the council's resolution and the public benefit council's opinion.

Art. 5a ust. 1 and 2a of the Act (docs/record.md): the council adopts the programme by
30 November of the preceding year, with the opinion of the *rada działalności pożytku
publicznego* attached to the draft. The record is written once, through
``consultations.services.programme_adopt``, and never deleted.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import FileExtensionValidator, RegexValidator
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from consultations.models.documents import DraftVersion
from core.bounds import (
    LONG_TEXT,
    BoundedTextField,
    date_range_check,
    text_length_check,
    validate_sane_date,
)

# Roman session number / resolution number / year, e.g. "XXXIV/123/11" or "XX/123/2025".
RESOLUTION_NUMBER_RE = r"^[IVXLCDM]{1,12}/[0-9]{1,5}/([0-9]{2}|[0-9]{4})$"
OPINION_PDF_MAX_BYTES = 10 * 1024 * 1024


def validate_opinion_pdf(value: UploadedFile | models.fields.files.FieldFile) -> None:
    """A PDF of at most 10 MB whose first bytes say it is a PDF, not only its name."""
    if value.size is not None and value.size > OPINION_PDF_MAX_BYTES:
        raise ValidationError(
            _("The file is too large: at most %(mb)d MB."),
            code="too_large",
            params={"mb": OPINION_PDF_MAX_BYTES // (1024 * 1024)},
        )
    position = value.tell() if hasattr(value, "tell") else 0
    value.seek(0)
    head = value.read(5)
    value.seek(position)
    if head != b"%PDF-":
        raise ValidationError(_("The file is not a PDF document."), code="not_pdf")


class Adoption(models.Model):
    """The council's resolution adopting a programme, recorded once by a coordinator."""

    programme = models.OneToOneField(
        "programmes.Programme",
        on_delete=models.PROTECT,
        related_name="adoption",
        verbose_name=_("programme"),
    )
    version = models.ForeignKey(
        DraftVersion,
        on_delete=models.PROTECT,
        related_name="adoptions",
        verbose_name=_("adopted version"),
    )
    council = models.CharField(
        _("council (genitive)"),
        max_length=200,
        blank=True,
        help_text=_(
            "As printed after “Rady”, e.g. Miasta Przykładowa; empty: taken from the local "
            "government's council."
        ),
    )
    resolution_number = models.CharField(
        _("resolution number"),
        max_length=30,
        validators=[
            RegexValidator(
                RESOLUTION_NUMBER_RE,
                _("Write the number as in the resolution, e.g. XXXIV/123/11 or XX/123/2025."),
                code="resolution_number",
            )
        ],
    )
    resolution_date = models.DateField(_("resolution date"), validators=[validate_sane_date])
    bip_url = models.URLField(
        _("link to the resolution in BIP"),
        max_length=500,
        help_text=_("The resolution in the Public Information Bulletin (BIP)."),
    )
    opinion_date = models.DateField(
        _("date of the public benefit council's opinion"),
        null=True,
        blank=True,
        validators=[validate_sane_date],
    )
    opinion_text = BoundedTextField(
        _("public benefit council's opinion (text)"), blank=True, max_length=LONG_TEXT
    )
    opinion_pdf = models.FileField(
        _("public benefit council's opinion (PDF)"),
        upload_to="adoptions/opinions/%Y/",
        max_length=200,
        blank=True,
        validators=[FileExtensionValidator(["pdf"]), validate_opinion_pdf],
        help_text=_("PDF only, at most 10 MB."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("adoption of the programme")
        verbose_name_plural = _("adoptions of programmes")
        ordering = ["-resolution_date"]
        constraints = [
            date_range_check("resolution_date", name="adoption_resolution_date_range"),
            date_range_check("opinion_date", name="adoption_opinion_date_range", null=True),
            text_length_check("opinion_text", LONG_TEXT, name="adoption_opinion_text_length"),
        ]

    def __str__(self) -> str:
        return str(
            _("Resolution No. %(number)s of %(date)s")
            # "19 listopada 2024", as the resolution is cited, not an ISO date.
            % {
                "number": self.resolution_number,
                "date": formats.date_format(self.resolution_date, "j E Y"),
            }
        )

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.opinion_date and not (self.opinion_text.strip() or self.opinion_pdf):
            errors["opinion_text"] = str(
                _("Give the opinion's text or attach it as PDF, or clear its date.")
            )
        if (self.opinion_text.strip() or self.opinion_pdf) and not self.opinion_date:
            errors["opinion_date"] = str(_("Give the date of the opinion."))
        if self.opinion_date and self.resolution_date and self.opinion_date > self.resolution_date:
            errors["opinion_date"] = str(
                _("The opinion is given on the draft, before the resolution.")
            )
        if errors:
            raise ValidationError(errors)

    @property
    def council_genitive(self) -> str:
        """The council after "Rady": recorded, else from the local government's record."""
        if self.council:
            return self.council
        name = self.programme.municipality.council_name.strip()
        return name.removeprefix("Rada ").strip() or name

    @property
    def attachment_heading(self) -> str:
        """What the adopted document's title page carries instead of "PROJEKT"."""
        return (
            f"Załącznik do uchwały nr {self.resolution_number} Rady {self.council_genitive} "
            f"z dnia {formats.date_format(self.resolution_date, 'j E Y')} r."
        )
