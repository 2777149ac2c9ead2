"""Reads across relations for the consultation pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from consultations.models import Comment, Phase, Programme
from teams.models import SectorTeam


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


def programme_deadlines_ical(programme: Programme, *, site_url: str) -> bytes:
    """Every phase end and the adoption deadline as all-day iCalendar events."""
    import icalendar
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from consultations.models import WARSAW

    host = site_url.split("://", 1)[-1].split("/", 1)[0] or "localhost"
    page = f"{site_url}{programme.get_absolute_url()}"
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Gmina Miejska Krakow//NGO programme consultations//PL")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{programme.title} — {_('deadlines')}")
    cal.add("x-wr-timezone", "Europe/Warsaw")
    stamp = timezone.now()

    def add(uid: str, day: dt.date, summary: str, description: str) -> None:
        event = icalendar.Event()
        event.add("uid", f"{uid}@{host}")
        event.add("dtstamp", stamp)
        # All-day on the Warsaw date: the deadline is that whole day, wherever one reads it.
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
        event.add("summary", summary)
        event.add("description", description)
        event.add("url", page)
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)

    for phase in programme_timeline(programme):
        add(
            f"phase-{phase.pk}-end",
            timezone.localtime(phase.ends_at, WARSAW).date(),
            _("End: %(phase)s") % {"phase": phase.name},
            phase.description or phase.get_kind_display(),
        )
    add(
        f"programme-{programme.pk}-adoption",
        programme.adoption_deadline,
        _("Adoption deadline: %(programme)s") % {"programme": programme.title},
        _("The council adopts the programme by 30 November of the year before it (art. 5a)."),
    )
    return cal.to_ical()
