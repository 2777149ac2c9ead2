"""Forms for meetings, attendance, minutes and contacting moderators."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from teams.models import Meeting


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
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 10}))


class ContactModeratorsForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(
        label=_("Your e-mail address"), help_text=_("The moderators reply to it.")
    )
    message = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000
    )
