from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from programmes.models import Programme
from search.models import Kind
from teams.models import SectorTeam


class SearchForm(forms.Form):
    """The query and the three filters; every field bounded, all optional."""

    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.order_by("-pk"),
        to_field_name="slug",
        required=False,
        empty_label=_("all programmes"),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("everything")), *Kind.choices], required=False
    )
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=SectorTeam.objects.select_related("programme").order_by("programme", "position"),
        required=False,
        empty_label=_("all teams"),
    )
