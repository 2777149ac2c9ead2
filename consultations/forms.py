"""Forms of the consultation: the Polish comment form, the admin answer form, reminder choices."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from consultations.models import Comment, DraftVersion, Paragraph
from consultations.selectors import Capacity
from consultations.services import CommentData

MAX_TEXT = 5000


class ParagraphChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Paragraph) -> str:
        text = obj.text if len(obj.text) <= 70 else obj.text[:69] + "…"
        return f"§ {obj.label} — {text}"


class CommentForm(forms.Form):
    """Which part, current wording, proposed wording, justification, on whose behalf."""

    paragraph = ParagraphChoiceField(
        label=_("Part of the document"),
        queryset=Paragraph.objects.none(),
        required=False,
        empty_label=_("The whole document"),
    )
    current_wording = forms.CharField(
        label=_("Current wording"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The text of the paragraph; shorten it to quote the part you mean."),
    )
    proposed_wording = forms.CharField(
        label=_("Proposed wording"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write the wording you propose.")},
    )
    justification = forms.CharField(
        label=_("Justification"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Say why the change is needed.")},
    )
    on_behalf = forms.ChoiceField(
        label=_("On behalf of"),
        error_messages={
            "required": _("Choose the organisation you speak for."),
            "invalid_choice": _("Choose one of your organisations."),
        },
    )

    def __init__(
        self,
        *args: Any,
        version: DraftVersion,
        capacities: list[Capacity],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.capacities = {c.key: c for c in capacities}
        cast(forms.ModelChoiceField, self.fields["paragraph"]).queryset = (
            Paragraph.objects.filter(section__version=version)
            .select_related("section")
            .order_by("section__position", "number")
        )
        choices: list[tuple[str, str]] = [(c.key, c.label) for c in capacities]
        if len(capacities) != 1:
            choices.insert(0, ("", str(_("— choose —"))))
        cast(forms.ChoiceField, self.fields["on_behalf"]).choices = choices
        for name in ("current_wording", "proposed_wording", "justification"):
            self.fields[name].widget.attrs["maxlength"] = MAX_TEXT

    def comment_data(self) -> CommentData:
        capacity = self.capacities[self.cleaned_data["on_behalf"]]
        return CommentData(
            current_wording=self.cleaned_data["current_wording"],
            proposed_wording=self.cleaned_data["proposed_wording"],
            justification=self.cleaned_data["justification"],
            capacity=capacity.capacity,
            organisation=capacity.organisation,
        )

    @staticmethod
    def initial_for(comment: Comment) -> dict[str, Any]:
        key = f"org-{comment.organisation_id}" if comment.organisation_id else comment.capacity
        return {
            "paragraph": comment.paragraph_id,
            "current_wording": comment.current_wording,
            "proposed_wording": comment.proposed_wording,
            "justification": comment.justification,
            "on_behalf": key,
        }


class CommentAnswerForm(forms.ModelForm):
    """The admin's change form for a comment: position, justification, correction reason."""

    correction_reason = forms.CharField(
        label=_("Reason for correcting a published answer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when you change an answer that is already published."),
    )

    not_a_comment_kind = forms.ChoiceField(
        label=_("Set aside as not a comment on this document"),
        required=False,
        choices=[("", "—"), *Comment.NotACommentKind.choices],
        help_text=_("The number stays; the text is hidden from the public and the reason shown."),
    )
    not_a_comment_reason = forms.CharField(
        label=_("Reason shown publicly instead of the text"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = Comment
        fields = ["answer", "answer_justification", "resulting_paragraph"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        answer, justification = data.get("answer"), (data.get("answer_justification") or "")
        if answer and not justification.strip():
            self.add_error("answer_justification", _("Give the justification of the position."))
        if justification.strip() and not answer:
            self.add_error("answer", _("Choose a position."))
        instance = self.instance
        if (
            instance.pk
            and instance.is_answer_published
            and {"answer", "answer_justification"} & set(self.changed_data)
            and not (data.get("correction_reason") or "").strip()
        ):
            self.add_error(
                "correction_reason",
                _("This answer is already published: say why it is being corrected."),
            )
        if data.get("not_a_comment_kind") and not (data.get("not_a_comment_reason") or "").strip():
            self.add_error(
                "not_a_comment_reason",
                _("Give the reason; it is shown publicly instead of the text."),
            )
        return data
