"""Public reads for the API and the dumps: published things only."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Max, Prefetch, QuerySet

from consultations.models import Comment, DraftVersion, Paragraph, Section
from programmes.models import Phase, Programme
from swot.models import Goal, SwotItem, SwotSession
from teams.models import Meeting, SectorTeam


def programmes() -> QuerySet[Programme]:
    return Programme.objects.order_by("pk")


def phases(programme: Programme | None = None) -> QuerySet[Phase]:
    qs = Phase.objects.order_by("programme_id", "starts_at", "pk")
    return qs.filter(programme=programme) if programme else qs


def versions(programme: Programme | None = None) -> QuerySet[DraftVersion]:
    qs = DraftVersion.objects.published().order_by("programme_id", "number")
    return qs.filter(programme=programme) if programme else qs


def version_detail(pk: int) -> DraftVersion:
    sections = Section.objects.order_by("position").prefetch_related(
        Prefetch("paragraphs", queryset=Paragraph.objects.order_by("number"))
    )
    return (
        DraftVersion.objects.published()
        .prefetch_related(Prefetch("sections", queryset=sections))
        .get(pk=pk)
    )


def comments(programme: Programme | None = None) -> QuerySet[Comment]:
    """The public report's rows (consultations.selectors.report_comments), every programme."""
    qs = (
        Comment.objects.answer_published()
        .active()
        .filter(version__status=DraftVersion.Status.PUBLISHED)
        .select_related("version", "paragraph__section", "organisation")
        .order_by("version__programme_id", "version__number", "number")
    )
    return qs.filter(version__programme=programme) if programme else qs


def teams(programme: Programme | None = None) -> QuerySet[SectorTeam]:
    qs = SectorTeam.objects.order_by("programme_id", "position", "pk")
    return qs.filter(programme=programme) if programme else qs


def goals(programme: Programme | None = None) -> QuerySet[Goal]:
    qs = Goal.objects.order_by("team_id", "position", "pk").prefetch_related("solutions", "actions")
    return qs.filter(team__programme=programme) if programme else qs


def swot_results(programme: Programme | None = None) -> QuerySet[SwotSession]:
    """Closed boards only: an open board is work in progress."""
    items = (
        SwotItem.objects.filter(merged_into__isnull=True)
        .annotate(n_votes=Count("votes"))
        .order_by("quadrant", "-n_votes", "position", "pk")
    )
    qs = (
        SwotSession.objects.filter(closed_at__isnull=False)
        .select_related("meeting")
        .prefetch_related(Prefetch("items", queryset=items))
        .order_by("pk")
    )
    return qs.filter(meeting__team__programme=programme) if programme else qs


def last_public_change() -> dt.datetime | None:
    """The newest publication moment: what Last-Modified reports for every API answer."""
    moments = [
        DraftVersion.objects.aggregate(m=Max("published_at"))["m"],
        Comment.objects.aggregate(m=Max("answer_published_at"))["m"],
        Programme.objects.aggregate(m=Max("report_published_at"))["m"],
        Meeting.objects.aggregate(m=Max("minutes_published_at"))["m"],
        SwotSession.objects.aggregate(m=Max("closed_at"))["m"],
    ]
    present = [m for m in moments if m is not None]
    return max(present) if present else None
