"""Forms of the teams app: the organisation statement; meetings, attendance, minutes, contact."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from core.mail import header_safe
from teams import validators
from teams.models import Meeting, Membership, Organisation
from teams.validators import MINUTES_HELP_TEXT, validate_minutes_length


class OrganisationChoiceForm(forms.Form):
    """Pick an organisation already in the portal."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        empty_label=_("— choose —"),
        help_text=_("If your organisation is not on the list, register it below."),
    )


class OrganisationRegisterForm(forms.ModelForm):
    """Register a new organisation; KRS, NIP and REGON are checked (python-stdnum)."""

    class Meta:
        model = Organisation
        fields = ["name", "krs", "other_register", "nip", "regon", "address", "email", "website"]
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("krs", "nip", "regon"):
            field = cast(forms.CharField, self.fields[name])
            # People type "PL 856-734-62-15": the model normalises and checks the digits,
            # so the form must not refuse the separators by length first.
            field.max_length = 30
            field.validators = [
                v for v in field.validators if not isinstance(v, MaxLengthValidator)
            ]
            field.widget.attrs.update({"inputmode": "numeric", "maxlength": "30"})

    def clean_krs(self) -> str:
        krs = validators.normalize_krs(self.cleaned_data.get("krs", ""))
        if krs and len(krs) == 10 and Organisation.objects.filter(krs=krs).exists():
            raise forms.ValidationError(
                _(
                    "An organisation with KRS %(krs)s is already registered: "
                    "choose it from the list above."
                ),
                code="duplicate_krs",
                params={"krs": krs},
            )
        return krs

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("krs") and not data.get("other_register") and "krs" not in self.errors:
            self.add_error(
                "krs",
                _("Give the KRS number, or the name and number of another register."),
            )
        return data


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = [
            "title",
            "starts_at",
            "ends_at",
            "place",
            "ground_rules",
            "speaker_time_limit_seconds",
        ]
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "ends_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "ground_rules": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {"ground_rules": _("One rule per line.")}


class MinutesForm(forms.Form):
    # A validator, not max_length: a browser's maxlength would cut a long paste silently.
    minutes = forms.CharField(
        label=_("Minutes"),
        widget=forms.Textarea(attrs={"rows": 10}),
        validators=[validate_minutes_length],
        help_text=MINUTES_HELP_TEXT,
    )


class ContactModeratorsForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(
        label=_("Your e-mail address"), help_text=_("The moderators reply to it.")
    )
    message = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000
    )

    def clean_name(self) -> str:
        # The name goes into the e-mail: one line, no "Bcc:"-looking lines (core.mail).
        name = header_safe(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(_("Enter your name."), code="required")
        return name


class InvitationForm(forms.Form):
    """Invite someone by e-mail to the team in a role."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("The invitation link is valid for 14 days."),
    )
    role = forms.ChoiceField(label=_("Role in the team"), choices=Membership.Role.choices)


class PeopleSearchForm(forms.Form):
    """Find someone already in the portal: full e-mail address or full name only."""

    q = forms.CharField(
        label=_("Full e-mail address or full name"),
        max_length=200,
        help_text=_("For privacy, parts of names or addresses find nobody."),
    )


class MemberAddForm(forms.Form):
    """Add a person found by the search."""

    user = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    role = forms.ChoiceField(label=_("Role in the team"), choices=Membership.Role.choices)
