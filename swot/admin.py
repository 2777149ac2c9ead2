from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.admin import ServiceWritesAdminMixin
from swot import services
from swot.models import Action, Goal, ProposedSolution, SwotItem, SwotSession, SwotVote
from teams.admin import TeamScopedAdminMixin


class SwotAdminMixin(ServiceWritesAdminMixin):
    """Writes go to swot.services (docs/architecture.md, "Writes from the admin")."""

    def service_save(
        self, request: HttpRequest, record: Any, save_m2m: Callable[[], None] | None
    ) -> None:
        services.swot_record_save(record=record, by=request.user, save_m2m=save_m2m)

    def service_delete(self, request: HttpRequest, record: Any) -> None:
        services.swot_record_delete(record=record, by=request.user)


class SwotItemInline(TeamScopedAdminMixin, admin.TabularInline):
    model = SwotItem
    team_path = "session__meeting__team"
    extra = 0
    fields = ("quadrant", "text", "author", "position", "merged_into")
    autocomplete_fields = ("author",)
    raw_id_fields = ("merged_into",)


@admin.register(SwotSession)
class SwotSessionAdmin(SwotAdminMixin, TeamScopedAdminMixin, admin.ModelAdmin):
    team_path = "meeting__team"
    list_display = ("topic", "meeting", "opens_at", "closes_at", "closed_at")
    list_filter = ("meeting__team__programme", "meeting__team")
    search_fields = ("topic",)
    date_hierarchy = "opens_at"
    inlines = [SwotItemInline]


@admin.register(SwotItem)
class SwotItemAdmin(SwotAdminMixin, TeamScopedAdminMixin, admin.ModelAdmin):
    team_path = "session__meeting__team"
    list_display = ("text", "quadrant", "session", "author", "vote_count")
    list_filter = ("quadrant", "session__meeting__team")
    search_fields = ("text",)
    autocomplete_fields = ("author",)
    raw_id_fields = ("merged_into",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[SwotItem]:
        return super().get_queryset(request).annotate(n_votes=Count("votes"))

    @admin.display(description=_("votes"), ordering="n_votes")
    def vote_count(self, obj: SwotItem) -> int:
        return obj.n_votes  # type: ignore[attr-defined]


@admin.register(SwotVote)
class SwotVoteAdmin(SwotAdminMixin, TeamScopedAdminMixin, admin.ModelAdmin):
    team_path = "item__session__meeting__team"
    list_display = ("item", "voter", "created_at")
    list_filter = ("item__session__meeting__team",)
    autocomplete_fields = ("voter",)
    raw_id_fields = ("item",)


class ProposedSolutionInline(TeamScopedAdminMixin, admin.TabularInline):
    model = ProposedSolution
    team_path = "goal__team"
    extra = 0


class ActionInline(TeamScopedAdminMixin, admin.StackedInline):
    model = Action
    team_path = "goal__team"
    extra = 0


@admin.register(Goal)
class GoalAdmin(SwotAdminMixin, TeamScopedAdminMixin, admin.ModelAdmin):
    team_path = "team"
    list_display = ("title", "team", "position")
    list_filter = ("team__programme", "team", "priority_areas")
    search_fields = ("title", "description")
    filter_horizontal = ("priority_areas",)
    raw_id_fields = ("swot_items", "continues")
    inlines = [ProposedSolutionInline, ActionInline]


@admin.register(Action)
class ActionAdmin(SwotAdminMixin, TeamScopedAdminMixin, admin.ModelAdmin):
    team_path = "goal__team"
    list_display = ("title", "goal", "cooperation_form", "first_year", "last_year", "planned_funds")
    list_filter = ("cooperation_form", "goal__team")
    search_fields = ("title", "responsible_party", "indicator")
