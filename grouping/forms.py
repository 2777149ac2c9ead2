from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from consultations.models import Comment


class AnswerManyForm(forms.Form):
    """One position and justification, and the comments of the group it applies to."""

    # No position is preselected: the coordinator chooses one (never silently "accepted").
    answer = forms.ChoiceField(label=_("Position"), choices=[("", "—"), *Comment.Answer.choices])
    answer_justification = forms.CharField(
        label=_("Justification of the position"), widget=forms.Textarea, max_length=5000
    )
    comments = forms.MultipleChoiceField(
        label=_("Apply to these comments"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Select at least one comment.")},
    )
    reason = forms.CharField(
        label=_("Why published answers are corrected"),
        required=False,
        max_length=500,
        help_text=_("Needed only if a selected comment's answer is already published."),
    )

    def __init__(self, *args: Any, members: list[Comment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = {c.pk: c for c in members}
        self.fields["comments"].choices = (  # type: ignore[attr-defined]
            [(str(c.pk), str(c.number)) for c in members]
        )

    def selected(self) -> list[Comment]:
        return [self.members[int(pk)] for pk in self.cleaned_data["comments"]]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("comments") and not data.get("reason", "").strip():
            published = [
                self.members[int(pk)].number
                for pk in data["comments"]
                if self.members[int(pk)].is_answer_published
            ]
            if published:
                self.add_error(
                    "reason",
                    _("The answers to comments %(numbers)s are published: say why they change.")
                    % {"numbers": ", ".join(map(str, published))},
                )
        return data
