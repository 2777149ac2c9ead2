"""Forms for SWOT boards, goals, proposed solutions and actions."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from core import idempotency
from core.bounds import MEDIUM_TEXT
from core.forms import PlnAmountField
from swot.models import Action, SwotItem, SwotSession


class SwotItemForm(forms.Form):
    quadrant = forms.ChoiceField(label=_("Quadrant"), choices=SwotItem.Quadrant.choices)
    text = forms.CharField(
        label=_("Your point"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    # One-time token of this rendering: a double click adds one point (core.idempotency).
    token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("token", idempotency.new_token())


class SwotSessionForm(forms.ModelForm):
    class Meta:
        model = SwotSession
        fields = ["topic", "votes_per_member"]


class MergeForm(forms.Form):
    source = forms.ModelChoiceField(label=_("Duplicate"), queryset=SwotItem.objects.none())
    target = forms.ModelChoiceField(label=_("Merge into"), queryset=SwotItem.objects.none())

    def __init__(self, *args: Any, session: SwotSession, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        live = session.items.filter(merged_into__isnull=True)
        for name in ("source", "target"):
            cast(forms.ModelChoiceField, self.fields[name]).queryset = live


class SwotItemsField(forms.ModelMultipleChoiceField):
    """SWOT items labelled with their board and quadrant, so the link is clear."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.session.topic[:60]} · {obj.get_quadrant_display()}: {obj.text}"


class GoalForm(forms.Form):
    title = forms.CharField(label=_("Goal"), max_length=300)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=MEDIUM_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # The queryset is the team's programme's areas, set per form (swot cannot import
    # consultations, where PriorityArea lives).
    priority_areas: Any = forms.ModelMultipleChoiceField(
        label=_("Priority areas (alignment with the strategy)"),
        queryset=None,
        required=False,
        help_text=_(
            "The priority areas linked to the programme by the coordinators "
            "(programme settings in the administration)."
        ),
        widget=forms.CheckboxSelectMultiple,
    )
    swot_items = SwotItemsField(
        label=_("SWOT items this goal answers"),
        queryset=SwotItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, team: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        areas = cast(forms.ModelMultipleChoiceField, self.fields["priority_areas"])
        areas.queryset = team.programme.priority_areas.all()
        if not areas.queryset.exists():
            # An empty list said nothing: tell the moderator why and who can fix it.
            areas.help_text = _(
                "No priority areas are linked to this programme yet: a coordinator links "
                "them in the programme's settings (administration → Programmes)."
            )
        items = cast(forms.ModelMultipleChoiceField, self.fields["swot_items"])
        items.queryset = (
            SwotItem.objects.filter(session__meeting__team=team, merged_into__isnull=True)
            .select_related("session__meeting")
            .order_by("session__meeting__starts_at", "session__position", "quadrant", "position")
        )


class SolutionForm(forms.Form):
    text = forms.CharField(
        label=_("Proposed solution"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Shares the goal page with the goal form: ids must not collide.
        kwargs.setdefault("auto_id", "solution_%s")
        super().__init__(*args, **kwargs)


class ActionForm(forms.ModelForm):
    planned_funds = PlnAmountField(label=_("Planned funds (PLN)"), required=False)

    class Meta:
        model = Action
        fields = [
            "title",
            "responsible_party",
            "cooperation_form",
            "first_year",
            "last_year",
            "indicator",
            "planned_funds",
        ]
        widgets = {"first_year": forms.NumberInput(), "last_year": forms.NumberInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "action_%s")
        super().__init__(*args, **kwargs)
