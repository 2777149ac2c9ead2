"""Forms: one action's results for a year, the import upload, the report's texts, the survey."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import PlnAmountField
from implementation.imports import MAX_BYTES
from implementation.models import ImplementationRecord, RecordStatus, SurveyAnswer


def _amount(label: Any) -> PlnAmountField:
    # An empty amount in the yearly record counts as zero złoty.
    return PlnAmountField(label=label, empty_amount=Decimal("0.00"))


class RecordForm(forms.ModelForm):
    funds_planned = _amount(_("Funds planned (PLN)"))
    funds_spent = _amount(_("Funds spent (PLN)"))
    grants_total = _amount(_("Grants awarded, total (PLN)"))

    class Meta:
        model = ImplementationRecord
        fields = [
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
        ]
        widgets = {
            "dropped_reason": forms.Textarea(attrs={"rows": 2}),
            "remarks": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("status") == RecordStatus.DROPPED
            and not (data.get("dropped_reason") or "").strip()
        ):
            self.add_error("dropped_reason", _("Say why the action was dropped."))
        return data

    def _post_clean(self) -> None:
        # The model's clean() runs in the service (with the programme set); the form
        # only validates input here.
        pass


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_("At most 2 MB; the first row names the columns."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(_("The file is too large: at most 2 MB."))
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise ValidationError(_("Upload a CSV or XLSX file."))
        return upload


class ReportForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    non_financial = forms.CharField(
        label=_("Non-financial cooperation"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    teams_activity = forms.CharField(
        label=_("Activity of the teams and the public benefit council"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    conclusions = forms.CharField(
        label=_("Conclusions and recommendations"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


RATING_CHOICES = [("", "—"), *[(str(n), str(n)) for n in range(1, 6)]]


class SurveyForm(forms.ModelForm):
    class Meta:
        model = SurveyAnswer
        fields = ["open_competition", "small_grant", "contract", "non_financial", "remarks"]
        widgets = {
            **{
                f: forms.RadioSelect(choices=RATING_CHOICES)
                for f in ("open_competition", "small_grant", "contract", "non_financial")
            },
            "remarks": forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
        }
