"""Reads across relations for the consultation pages."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from consultations.models import (
    MANDATORY_SECTION_KINDS,
    Adoption,
    Comment,
    DraftVersion,
    Paragraph,
    Section,
)
from programmes.models import Phase, PriorityArea, Programme
from swot.models import Action, Goal, ProposedSolution, SwotSession
from teams.models import Meeting, Membership, Organisation, Representative, SectorTeam
from teams.rules import is_coordinator


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
    if programme_adoption(programme) is not None:
        return result  # adopted: no deadline is left to count down to
    phase = Phase.objects.for_programme(programme).upcoming(now).order_by("ends_at").first()
    if phase is not None:
        ends_on = timezone.localdate(phase.ends_at)
        result.append(Countdown(phase.name, ends_on, (ends_on - today).days))
    deadline = programme.adoption_deadline
    result.append(Countdown(_("Adoption deadline (art. 5a)"), deadline, (deadline - today).days))
    return result


def programme_adoption(programme: Programme) -> Adoption | None:
    """The recorded adoption, cached on the programme object (pages ask several times)."""
    if not hasattr(programme, "_adoption_cache"):
        programme._adoption_cache = (  # type: ignore[attr-defined]
            Adoption.objects.filter(programme=programme).select_related("version").first()
        )
    cached: Adoption | None = programme._adoption_cache  # type: ignore[attr-defined]
    return cached


@dataclass(frozen=True)
class AdoptionStatus:
    """Where a programme stands with the council (art. 5a ust. 1), as the public sees it."""

    adoption: Adoption | None
    deadline: dt.date
    overdue: bool  # the deadline passed and no adoption is recorded

    @property
    def is_adopted(self) -> bool:
        return self.adoption is not None


def programme_adoption_status(programme: Programme, *, now: dt.datetime) -> AdoptionStatus:
    """Adopted, pending, or not adopted (no adoption recorded) by its 30 November."""
    from django.utils import timezone

    adoption = programme_adoption(programme)
    overdue = adoption is None and timezone.localdate(now) > programme.adoption_deadline
    return AdoptionStatus(adoption, programme.adoption_deadline, overdue)


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
    from programmes.models import StrategyGoal

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


# ---------------------------------------------------------------------------
# Drafts, comments and the people who write them
# ---------------------------------------------------------------------------
def programme_versions(
    programme: Programme, *, include_unpublished: bool
) -> QuerySet[DraftVersion]:
    """Versions of the programme, newest first, with the number of active comments."""
    versions = DraftVersion.objects.filter(programme=programme)
    if not include_unpublished:
        versions = versions.published()
    return versions.annotate(
        n_comments=Count("comments", filter=~Q(comments__status=Comment.Status.WITHDRAWN))
    ).order_by("-number")


def version_for_reading(slug: str, number: int) -> QuerySet[DraftVersion]:
    return DraftVersion.objects.filter(programme__slug=slug, number=number).select_related(
        "programme"
    )


def version_sections(version: DraftVersion) -> QuerySet[Section]:
    """Sections with their paragraphs, each paragraph with its number of active comments.

    Two queries whatever the size of the document (the draft page's query count is
    asserted in the tests).
    """
    paragraphs = Paragraph.objects.annotate(
        n_comments=Count("comments", filter=~Q(comments__status=Comment.Status.WITHDRAWN))
    ).order_by("number")
    return (
        Section.objects.filter(version=version)
        .prefetch_related(Prefetch("paragraphs", queryset=paragraphs))
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


def version_published_comments(version: DraftVersion) -> QuerySet[Comment]:
    """Comments of the version whose answers are published (what the public may read)."""
    return (
        Comment.objects.filter(version=version)
        .active()
        .answer_published()
        .select_related("organisation")
        .order_by("number")
    )


def comments_for_user(user: Any) -> QuerySet[Comment]:
    """Every comment of ``user``, newest first, for /me/comments/."""
    return (
        Comment.objects.filter(author=user)
        .select_related("version__programme", "paragraph__section", "organisation")
        .order_by("-submitted_at", "-pk")
    )


@dataclass(frozen=True)
class Capacity:
    """One way a person may sign a comment: for an organisation, or as expert/official."""

    key: str
    label: str
    capacity: str
    organisation: Organisation | None


def commenter_capacities(user: Any) -> list[Capacity]:
    """Organisations the user speaks for, plus expert/official if a team says so."""
    from django.utils.translation import gettext as _

    if not getattr(user, "is_authenticated", False):
        return []
    organisations = {
        r.organisation.pk: r.organisation
        for r in Representative.objects.filter(user=user).select_related("organisation")
    }
    roles = set()
    for membership in Membership.objects.filter(user=user).select_related("organisation"):
        if membership.organisation is not None:
            organisations.setdefault(membership.organisation.pk, membership.organisation)
        roles.add(membership.role)
    result = [
        Capacity(f"org-{org.pk}", org.name, Comment.Capacity.ORGANISATION, org)
        for org in sorted(organisations.values(), key=lambda o: o.name)
    ]
    if Membership.Role.EXPERT in roles:
        result.append(Capacity("expert", _("as an expert"), Comment.Capacity.EXPERT, None))
    if Membership.Role.OFFICIAL in roles:
        result.append(
            Capacity("official", _("as a city official"), Comment.Capacity.OFFICIAL, None)
        )
    return result


@dataclass(frozen=True)
class Correction:
    at: dt.datetime
    reason: str


def report_corrections(programme: Programme) -> dict[int, list[Correction]]:
    """Corrections of published answers, with their reasons, by comment (one query)."""
    from consultations.services import CORRECTION_PREFIX

    result: dict[int, list[Correction]] = {}
    rows = (
        Comment.history.filter(
            version__programme=programme, history_change_reason__startswith=CORRECTION_PREFIX
        )
        .order_by("history_date")
        .values_list("id", "history_date", "history_change_reason")
    )
    for pk, at, reason in rows:
        result.setdefault(pk, []).append(Correction(at, reason.removeprefix(CORRECTION_PREFIX)))
    return result


def report_comment_phases(programme: Programme) -> QuerySet[Phase]:
    """The comment phases (dates and channels) the report describes."""
    return Phase.objects.for_programme(programme).accepting_comments().order_by("starts_at")


def version_previous_readable(version: DraftVersion, user: Any) -> DraftVersion | None:
    """The newest earlier version this person may read, to offer "what changed"."""
    earlier = DraftVersion.objects.filter(
        programme_id=version.programme_id, number__lt=version.number
    )
    if not is_coordinator(user):
        earlier = earlier.published()
    return earlier.order_by("-number").first()
