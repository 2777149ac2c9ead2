"""Forms of the consultation: the Polish comment form, the admin answer form, reminder choices."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultations.models import Comment, DraftVersion, Paragraph
from consultations.selectors import Capacity
from consultations.services import (
    CORRECTION_REASON_MAX,
    CommentData,
    RegisteredCommentData,
    comment_register_check,
)
from core.bounds import validate_sane_date
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
    # The one-time token of this rendering of the form (core.idempotency).
    token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
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
        max_length=CORRECTION_REASON_MAX,
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

    resulting_paragraph_ref = forms.CharField(
        label=_("Paragraph changed or deleted in response"),
        required=False,
        max_length=200,
        help_text=_(
            "For accepted comments: the paragraph of a later version that the comment changed, "
            "or the commented paragraph itself when it was deleted."
        ),
    )

    class Meta:
        model = Comment
        fields = ["answer", "answer_justification"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from django.urls import reverse

        super().__init__(*args, **kwargs)
        comment = self.instance
        if comment.pk:
            programme = comment.version.programme
            following = (
                programme.versions.published()
                .filter(number__gt=comment.version.number)
                .order_by("number")
                .first()
            )
            self.fields["resulting_paragraph_ref"] = ParagraphReferenceField(
                programme=programme,
                default_version=following.number if following else comment.version.number,
                label=self.fields["resulting_paragraph_ref"].label,
                help_text=self.fields["resulting_paragraph_ref"].help_text,
                required=False,
                widget=ParagraphPickerWidget(
                    search_url=reverse("consultations:paragraph_search", args=[programme.slug])
                ),
            )
            if comment.resulting_paragraph_id:
                paragraph = comment.resulting_paragraph
                self.initial["resulting_paragraph_ref"] = (
                    f"w. {paragraph.section.version.number} § {paragraph.label}"
                )

    def clean_resulting_paragraph_ref(self) -> Any:
        paragraph = self.cleaned_data.get("resulting_paragraph_ref")
        if paragraph and paragraph.section.version.number < self.instance.version.number:
            raise ValidationError(
                _("Choose a paragraph of this version (if it was deleted) or of a later one."),
                code="earlier_version",
            )
        return paragraph

    def _changes_published_answer(self, answer: str | None, justification: str) -> bool:
        """Whether the posted answer differs from the published one in the database.

        Compared with the stored row, not with the form's instance: reverting from the
        admin's history page builds the form on the *historical* values, so there the
        form's own ``changed_data`` sees no change while the service does (issue 16).
        """
        if not self.instance.pk or answer is None:
            return False
        stored = (
            Comment.objects.filter(pk=self.instance.pk)
            .values("answer", "answer_justification", "answer_published_at")
            .first()
        )
        if stored is None or stored["answer_published_at"] is None:
            return False
        return (answer, justification) != (stored["answer"], stored["answer_justification"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        answer, justification = data.get("answer"), (data.get("answer_justification") or "")
        if answer and not justification.strip():
            self.add_error("answer_justification", _("Give the justification of the position."))
        if justification.strip() and not answer:
            self.add_error("answer", _("Choose a position."))
        if (
            self._changes_published_answer(answer, justification)
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
    starts_at = forms.DateTimeField(
        label=_("Starts at"), widget=_LOCAL_DATETIME, validators=[validate_sane_date]
    )
    ends_at = forms.DateTimeField(
        label=_("Ends at"), widget=_LOCAL_DATETIME, validators=[validate_sane_date]
    )
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


# ------------------------------------------------------------------------------
# The paragraph picker: a text field; htmx suggests as you type, the server resolves
# ------------------------------------------------------------------------------
class ParagraphPickerWidget(forms.TextInput):
    """A reference field ("w. 2 § 3.1"); with htmx, suggestions appear as you type.

    Without JavaScript the person types the reference (or a few words: the form
    then lists the matching paragraphs beside the field) and saves.
    """

    template_name = "consultations/includes/paragraph_picker.html"

    def __init__(self, *, search_url: str = "", attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"autocomplete": "off", "size": 40, **(attrs or {})})
        self.search_url = search_url

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> Any:
        # The project's template tree, not the form renderer's (which sees only app dirs).
        from django.template.loader import render_to_string
        from django.utils.safestring import mark_safe

        context = self.get_context(name, value, attrs)
        return mark_safe(render_to_string(self.template_name, context))  # noqa: S308

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["search_url"] = self.search_url
        return context


class ParagraphReferenceField(forms.CharField):
    """Resolves "w. N § s.p" (or "§ s.p" in ``default_version``) to a paragraph."""

    def __init__(
        self, *, programme: Any = None, default_version: int | None = None, **kwargs: Any
    ) -> None:
        self.programme = programme
        self.default_version = default_version
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Any:
        from consultations.selectors import paragraph_resolve, paragraph_search

        text = super().clean(value)
        if not text:
            return None
        if self.programme is None:
            raise ValidationError(_("Choose the version first."), code="programme")
        paragraph = paragraph_resolve(self.programme, text, default_version=self.default_version)
        if paragraph is not None:
            return paragraph
        suggestions = [c.reference for c in paragraph_search(self.programme, text, limit=5)]
        if suggestions:
            raise ValidationError(
                _("Write the reference as “w. 2 § 3.1”. Matching paragraphs: %(list)s."),
                code="ambiguous",
                params={"list": "; ".join(suggestions)},
            )
        raise ValidationError(
            _("No paragraph matches “%(text)s”. Write it as “w. 2 § 3.1”."),
            code="not_found",
            params={"text": text},
        )


class RegisteredCommentForm(forms.ModelForm):
    """A coordinator enters a comment received by e-mail, by post or at a meeting."""

    received_at = forms.SplitDateTimeField(
        label=_("Date received"),
        widget=forms.SplitDateTimeWidget(date_attrs={"type": "date"}, time_attrs={"type": "time"}),
        help_text=_("Outside the comment phase the comment is recorded as late."),
        validators=[validate_sane_date],
    )
    paragraph_ref = forms.CharField(
        label=_("Part of the document"),
        required=False,
        max_length=200,
        help_text=_("Empty for a comment on the whole document."),
    )

    class Meta:
        model = Comment
        fields = [
            "version",
            "channel",
            "capacity",
            "organisation",
            "sender_name",
            "current_wording",
            "proposed_wording",
            "justification",
            "scan",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = DraftVersion.objects.published().select_related(  # type: ignore[attr-defined]
            "programme"
        )
        self.fields["channel"].choices = [  # type: ignore[attr-defined]
            c for c in Comment.Channel.choices if c[0] != Comment.Channel.PORTAL
        ]
        self.fields["capacity"].initial = Comment.Capacity.ORGANISATION

    def clean(self) -> dict[str, Any]:
        from consultations.selectors import paragraph_resolve

        data = super().clean() or {}
        version = data.get("version")
        reference = (data.get("paragraph_ref") or "").strip()
        data["paragraph"] = None
        if version is not None and reference:
            paragraph = paragraph_resolve(
                version.programme, reference, default_version=version.number
            )
            if paragraph is None or paragraph.section.version_id != version.pk:
                self.add_error(
                    "paragraph_ref",
                    _("No paragraph “%(text)s” in version %(n)s. Write it as “§ 3.1”.")
                    % {"text": reference, "n": version.number},
                )
            else:
                data["paragraph"] = paragraph
        return data

    def _post_clean(self) -> None:
        # The service numbers and validates the comment (author, number, window); what it
        # would refuse in the letter itself is asked here, to show beside the field.
        data = self.cleaned_data
        if self.errors or any(k not in data for k in ("channel", "received_at", "capacity")):
            return
        try:
            comment_register_check(
                data=RegisteredCommentData(
                    channel=data["channel"],
                    received_at=data["received_at"],
                    sender_name=data.get("sender_name") or "",
                    comment=CommentData(
                        current_wording="",
                        proposed_wording="",
                        justification="",
                        capacity=data["capacity"],
                        organisation=data.get("organisation"),
                    ),
                ),
                now=timezone.now(),
            )
        except ValidationError as exc:
            self.add_error(None, exc)
