from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class DeleteAccountForm(forms.Form):
    """Re-authentication: the current password, and a plain confirmation."""

    password = forms.CharField(
        label=_("Your password"), widget=forms.PasswordInput, max_length=200, strip=False
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account and my personal data will be erased for good.")
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."), code="password")
        return password


class EraseForm(forms.Form):
    reason = forms.CharField(
        label=_("Request and reason (recorded)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("E.g. the date and reference of the person's written request."),
    )
