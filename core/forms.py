"""Form fields every app uses (docs/operations.md, "Amounts" and "Bounded input")."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.amounts import format_pln, parse_pln


class PlnAmountField(forms.Field):
    """An amount in złoty written the Polish way ("1 200 000,50 zł"), read strictly.

    A text input (browsers refuse "1 234,50" in a number input); on error the typed
    text stays in the field and the message beside it says how to write it. An empty
    field gives ``empty_amount`` (None for optional amounts, 0,00 where the record
    counts zero).
    """

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    max_length = 40  # "999 999 999 999,99 zł" with spaces to spare

    def __init__(self, *, empty_amount: Decimal | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("E.g. 1 200 000,50 zł"))
        kwargs.pop("min_value", None)  # parse_pln refuses negative amounts itself
        kwargs.pop("max_value", None)
        kwargs.pop("localize", None)
        kwargs.pop("max_length", None)
        self.empty_amount = empty_amount
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return format_pln(value).replace("\u00a0", " ")
        return value

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**super().widget_attrs(widget), "maxlength": str(self.max_length)}

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, Decimal):
            return value
        text = "" if value is None else str(value).strip()
        if not text:
            return self.empty_amount
        if len(text) > self.max_length:
            raise forms.ValidationError(
                _("An amount is at most %(max)d characters long."),
                code="max_length",
                params={"max": self.max_length},
            )
        return parse_pln(text)

    def validate(self, value: Any) -> None:
        if value is None and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            return self.to_python(data) != self.to_python(initial)
        except forms.ValidationError:
            return True
