"""Forms of the consultation: the Polish comment form, the admin answer form, reminder choices."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from consultations.models import Comment, DraftVersion, Paragraph
from consultations.selectors import Capacity
from consultations.services import CommentData
from programmes.models import Phase, Programme

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
        return data


# ------------------------------------------------------------------------------
# The next cycle
# ------------------------------------------------------------------------------
_LOCAL_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class NextProgrammeForm(forms.Form):
    """Years, title and address of the programme started from the previous one."""

    first_year = forms.IntegerField(label=_("First year"), min_value=2004, max_value=2100)
    last_year = forms.IntegerField(label=_("Last year"), min_value=2004, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=400)
    slug = forms.SlugField(
        label=_("Address"),
        max_length=100,
        help_text=_("Part of the programme's web address, e.g. wpw-2031-2033."),
    )
    make_current = forms.BooleanField(
        label=_("Show it on the home page as the current programme"), required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first_year"), data.get("last_year")
        if first and last and first > last:
            self.add_error("last_year", _("The last year cannot come before the first year."))
        slug = data.get("slug")
        if slug and Programme.objects.filter(slug=slug).exists():
            self.add_error("slug", _("This address is taken: type another one."))
        return data


class PhaseProposalForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Phase.Kind.choices)
    name = forms.CharField(label=_("Name"), max_length=300)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=_LOCAL_DATETIME)
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=_LOCAL_DATETIME)
    accepts_comments = forms.BooleanField(label=_("Accepts comments"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("A phase must end after it starts."))
        return data


PhaseProposalFormSet = forms.formset_factory(PhaseProposalForm, extra=0, can_delete=True)


class ParagraphTextForm(forms.Form):
    """The text of one paragraph in the document editor."""

    text = forms.CharField(
        label=_("Text"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )


class SectionTitleForm(forms.Form):
    title = forms.CharField(label=_("Section title"), max_length=400)
