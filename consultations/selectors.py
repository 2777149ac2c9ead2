"""Reads across relations for the consultation pages."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from consultations.models import (
    MANDATORY_SECTION_KINDS,
    Comment,
    DraftVersion,
    Paragraph,
    Phase,
    PriorityArea,
    Programme,
    Section,
)
from swot.models import Action, Goal, ProposedSolution, SwotSession
from teams.models import Meeting, SectorTeam


def programme_current() -> Programme | None:
    """The programme on the home page: the one flagged current, else the newest."""
    return (
        Programme.objects.filter(is_current=True).first()
        or Programme.objects.order_by("-first_year").first()
    )


@dataclass(frozen=True)
class Countdown:
    label: str
    ends_on: dt.date
    days_left: int


def programme_countdowns(programme: Programme, *, now: dt.datetime) -> list[Countdown]:
    """Countdowns to the end of the current/next phase and to the adoption deadline."""
    from django.utils import timezone
    from django.utils.translation import gettext as _

    today = timezone.localdate(now)
    result: list[Countdown] = []
    phase = Phase.objects.for_programme(programme).upcoming(now).order_by("ends_at").first()
    if phase is not None:
        ends_on = timezone.localdate(phase.ends_at)
        result.append(Countdown(phase.name, ends_on, (ends_on - today).days))
    deadline = programme.adoption_deadline
    result.append(Countdown(_("Adoption deadline (art. 5a)"), deadline, (deadline - today).days))
    return result


def programme_timeline(programme: Programme) -> QuerySet[Phase]:
    return Phase.objects.for_programme(programme).order_by("starts_at", "pk")


def programme_teams(programme: Programme) -> QuerySet[SectorTeam]:
    """Teams with the number of members and organisations, sector teams first."""
    return (
        SectorTeam.objects.filter(programme=programme)
        .annotate(
            n_members=Count("memberships", distinct=True),
            n_organisations=Count(
                "memberships__organisation",
                distinct=True,
                filter=Q(memberships__organisation__isnull=False),
            ),
        )
        .prefetch_related("priority_areas")
        .order_by("-kind", "position", "name")
    )


def programme_for_detail(slug: str) -> QuerySet[Programme]:
    from consultations.models import StrategyGoal

    return Programme.objects.filter(slug=slug).prefetch_related(
        Prefetch("strategy_goals", queryset=StrategyGoal.objects.select_related("document")),
        "priority_areas__document",
    )


def report_comments(programme: Programme) -> QuerySet[Comment]:
    """Rows of the public consultation report: comments whose answers are published.

    Ordered by version and number (the report's "Lp."); only organisation names are
    public, so the author is deliberately not selected.
    """
    return (
        Comment.objects.filter(version__programme=programme)
        .answer_published()
        .active()
        .select_related(
            "version", "paragraph__section", "organisation", "resulting_paragraph__section__version"
        )
        .order_by("version__number", "number")
    )


def report_counts(programme: Programme) -> dict[str, list[tuple[str, int]]]:
    """Counts by position and by organisation for the report's summary tables."""
    rows = report_comments(programme)
    by_answer = [
        (str(Comment.Answer(row["answer"]).label), row["n"])
        for row in rows.order_by().values("answer").annotate(n=Count("pk")).order_by("answer")
    ]
    by_org: dict[str, int] = {}
    for comment in rows:
        key = comment.public_author
        by_org[key] = by_org.get(key, 0) + 1
    return {"by_answer": by_answer, "by_organisation": sorted(by_org.items())}


# ------------------------------------------------------------------------------
# The programme document: composition, publishing checks, diff and PDF
# ------------------------------------------------------------------------------
def composition_goals(programme: Programme) -> QuerySet[Goal]:
    """Every goal of every team of the programme, with its areas, solutions and actions."""
    return (
        Goal.objects.filter(team__programme=programme)
        .select_related("team")
        .prefetch_related(
            Prefetch("priority_areas", queryset=PriorityArea.objects.order_by("number")),
            Prefetch("solutions", queryset=ProposedSolution.objects.order_by("position", "pk")),
            Prefetch("actions", queryset=Action.objects.order_by("position", "pk")),
        )
        .order_by("-team__kind", "team__position", "team__name", "position", "pk")
    )


def composition_meetings(programme: Programme) -> QuerySet[Meeting]:
    """Meetings of the programme's teams, oldest first, with their SWOT sessions counted."""
    return (
        Meeting.objects.filter(team__programme=programme)
        .select_related("team")
        .prefetch_related(
            Prefetch(
                "swot_sessions",
                queryset=SwotSession.objects.annotate(
                    n_items=Count("items", distinct=True, filter=Q(items__merged_into=None)),
                    n_votes=Count("items__votes", distinct=True),
                ).order_by("position", "pk"),
            )
        )
        .order_by("starts_at", "pk")
    )


@dataclass(frozen=True)
class ConsultationCounts:
    comments: int
    organisations: int
    by_answer: dict[str, int]
    unanswered: int


def consultation_counts(programme: Programme) -> ConsultationCounts:
    """How many comments the programme's consultations received and how they were answered."""
    active = Comment.objects.filter(version__programme=programme).active()
    by_answer = {
        row["answer"]: row["n"]
        for row in active.exclude(answer="").values("answer").annotate(n=Count("pk"))
    }
    return ConsultationCounts(
        comments=active.count(),
        organisations=active.exclude(organisation=None).values("organisation").distinct().count(),
        by_answer=by_answer,
        unanswered=active.filter(answer="").count(),
    )


def version_sections(version: DraftVersion) -> QuerySet[Section]:
    """The sections of a version in order, each with its paragraphs."""
    return (
        Section.objects.filter(version=version)
        .prefetch_related(Prefetch("paragraphs", queryset=Paragraph.objects.order_by("number")))
        .order_by("position")
    )


def version_empty_mandatory_sections(version: DraftVersion) -> list[str]:
    """Kinds of the art. 5a ust. 4 sections that are missing or have no text, in statutory order."""
    filled = set(
        Paragraph.objects.filter(section__version=version)
        .exclude(text__regex=r"^\s*$")
        .values_list("section__kind", flat=True)
    )
    return [kind for kind in MANDATORY_SECTION_KINDS if kind not in filled]


def version_for_number(programme: Programme, number: int) -> DraftVersion | None:
    # Ordered by pk: the default ordering would join the programme for nothing.
    return DraftVersion.objects.filter(programme=programme, number=number).order_by("pk").first()


def comments_changing_paragraphs(version: DraftVersion) -> QuerySet[Comment]:
    """Accepted or partly accepted comments linked to a paragraph of ``version``."""
    return (
        Comment.objects.filter(
            resulting_paragraph__section__version=version,
            answer__in=[Comment.Answer.ACCEPTED, Comment.Answer.PARTLY_ACCEPTED],
        )
        .active()
        .select_related("version")
        .order_by("version__number", "number")
    )


def report_fingerprint(programme: Programme) -> str:
    """Names the report's current content: it changes whenever a row or the summary changes."""
    digest = hashlib.sha256()
    digest.update(programme.report_summary.encode())
    digest.update(str(programme.report_published_at).encode())
    for row in report_comments(programme).values_list(
        "pk", "answer", "answer_justification", "answered_at", "answer_published_at", "status"
    ):
        digest.update(repr(row).encode())
    return f"report-{digest.hexdigest()[:40]}"
