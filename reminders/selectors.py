"""Deadline reminders, the reads: which deadlines fall on which Warsaw day, who is due what.

Days are Warsaw calendar days (core.dates): "7 days left" means the deadline falls on
the 7th Warsaw date after today, whatever the UTC offset did in between."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations.models import Adoption, Comment, DraftVersion
from consultations.selectors import version_empty_mandatory_sections
from core.dates import WARSAW, shifted, warsaw_date, warsaw_midnight
from core.ical import add_event, new_calendar
from implementation.models import AnnualReport, report_due_on
from programmes.models import Phase, Programme
from programmes.selectors import programme_timeline
from reminders.models import ReminderKind, ReminderOffset
from teams.models import Meeting, Membership, SectorTeam

if TYPE_CHECKING:
    pass


# The adoption deadline's last notice goes out the day after it passed.
OVERDUE_OFFSET = -1

Audience = str  # "members" | "moderators" | "coordinators"


# ------------------------------------------------------------------------------
# Deadlines
# ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Deadline:
    programme: Programme
    kind: str
    key: str
    label: str
    due_on: dt.date
    audience: Audience
    team_id: int | None = None
    opens_at: dt.datetime | None = None


@dataclass(frozen=True)
class Due:
    """One reminder the pass decided on (before opt-out and address checks)."""

    user_id: int
    deadline: Deadline
    offset: int


def active_offsets() -> list[int]:
    """Offsets (days before a deadline) set in the admin, largest first."""
    return list(
        ReminderOffset.objects.filter(is_active=True)
        .order_by("-days")
        .values_list("days", flat=True)
    )


def _local_date(value: dt.datetime) -> dt.date:
    return timezone.localtime(value, WARSAW).date()


def deadlines_between(first: dt.date, last: dt.date) -> list[Deadline]:
    """Every deadline whose Warsaw date lies in [first, last], across programmes."""
    start, end = warsaw_midnight(first), warsaw_midnight(last + dt.timedelta(days=1))
    result: list[Deadline] = []
    phases = Phase.objects.filter(ends_at__gte=start, ends_at__lt=end).select_related("programme")
    for phase in phases:
        due_on = _local_date(phase.ends_at)
        key = f"phase:{phase.pk}"
        if phase.accepts_comments:
            result.append(
                Deadline(
                    phase.programme,
                    ReminderKind.COMMENT_PHASE,
                    key,
                    phase.name,
                    due_on,
                    "members",
                    opens_at=phase.starts_at,
                )
            )
        if phase.kind == Phase.Kind.TEAM_WORK:
            result.append(
                Deadline(
                    phase.programme, ReminderKind.TEAM_WORK, key, phase.name, due_on, "moderators"
                )
            )
        if phase.kind == Phase.Kind.SUMMARY:
            for kind in (ReminderKind.UNANSWERED_COMMENTS, ReminderKind.UNPUBLISHED_ANSWERS):
                result.append(
                    Deadline(phase.programme, kind, key, phase.name, due_on, "coordinators")
                )
    meetings = Meeting.objects.filter(
        starts_at__gte=start, starts_at__lt=end, team__kind=SectorTeam.Kind.SECTOR
    ).select_related("team__programme")
    for meeting in meetings:
        result.append(
            Deadline(
                meeting.team.programme,
                ReminderKind.TEAM_WORK,
                f"meeting:{meeting.pk}",
                meeting.title,
                _local_date(meeting.starts_at),
                "moderators",
                team_id=meeting.team_id,
            )
        )
    # 30 November of year Y is the deadline of programmes starting in Y + 1.
    years = {first.year + 1 + i for i in range(last.year - first.year + 1)}
    for programme in Programme.objects.filter(first_year__in=years):
        due_on = programme.adoption_deadline
        if not first <= due_on <= last:
            continue
        key = f"adoption:{programme.pk}"
        label = _("Adoption deadline (art. 5a)")
        for kind in (
            ReminderKind.ADOPTION_DEADLINE,
            ReminderKind.UNANSWERED_COMMENTS,
            ReminderKind.UNPUBLISHED_ANSWERS,
            ReminderKind.EMPTY_SECTIONS,
        ):
            result.append(Deadline(programme, kind, key, label, due_on, "coordinators"))
    # An adopted programme has nothing of the consultation left to remind anyone of
    # (issue 10, item 5); its annual reports come after adoption (issue 12).
    adopted = set(
        Adoption.objects.filter(programme_id__in={d.programme.pk for d in result}).values_list(
            "programme_id", flat=True
        )
    )
    return [d for d in result if d.programme.pk not in adopted] + _report_deadlines(first, last)


def _report_deadlines(first: dt.date, last: dt.date) -> list[Deadline]:
    """31 May of Y + 1 for each year Y of an adopted programme whose report is unpublished."""
    result: list[Deadline] = []
    label = _("Annual implementation report (art. 5a ust. 3)")
    # The report on year Y is due in Y + 1: the years whose due date falls in the window
    # (most days' windows hold none, and then this costs no query).
    years = [y for y in range(first.year - 1, last.year + 1) if first <= report_due_on(y) <= last]
    if not years:
        return result
    adopted = Programme.objects.filter(
        adoption__isnull=False, first_year__lte=years[-1], last_year__gte=years[0]
    )
    published = set(
        AnnualReport.objects.published()
        .filter(programme__in=adopted)
        .values_list("programme_id", "year")
    )
    for programme in adopted:
        for year in years:
            due_on = report_due_on(year)
            if not programme.first_year <= year <= programme.last_year:
                continue
            if (programme.pk, year) in published:
                continue
            result.append(
                Deadline(
                    programme,
                    ReminderKind.IMPLEMENTATION_REPORT,
                    f"implementation-report:{programme.pk}:{year}",
                    f"{label}: {year}",
                    due_on,
                    "coordinators",
                )
            )
    return result


# ------------------------------------------------------------------------------
# Facts the coordinators' reminders are about
# ------------------------------------------------------------------------------
def unanswered_count(programme: Programme) -> int:
    return Comment.objects.filter(version__programme=programme).unanswered().count()


def unpublished_answers_count(programme: Programme) -> int:
    return (
        Comment.objects.filter(version__programme=programme, answer_published_at__isnull=True)
        .active()
        .exclude(answer="")
        .count()
    )


def empty_mandatory_sections(programme: Programme) -> list[str]:
    """Art. 5a ust. 4 contents (section kinds) missing or without text in the newest version.

    The same test publishing applies (``version_empty_mandatory_sections``).
    """
    version = DraftVersion.objects.filter(programme=programme).order_by("-number").first()
    return version_empty_mandatory_sections(version)


def has_published_final_version(programme: Programme) -> bool:
    """A version published after the last comment phase closed counts as the final one."""
    published = DraftVersion.objects.filter(programme=programme).published()
    last_comment_end = (
        Phase.objects.for_programme(programme)
        .accepting_comments()
        .order_by("-ends_at")
        .values_list("ends_at", flat=True)
        .first()
    )
    if last_comment_end is not None:
        published = published.filter(published_at__gt=last_comment_end)
    return published.exists()


def _coordinator_reminder_needed(deadline: Deadline, offset: int) -> bool:
    programme = deadline.programme
    if deadline.kind == ReminderKind.UNANSWERED_COMMENTS:
        return unanswered_count(programme) > 0
    if deadline.kind == ReminderKind.UNPUBLISHED_ANSWERS:
        return unpublished_answers_count(programme) > 0
    if deadline.kind == ReminderKind.EMPTY_SECTIONS:
        return bool(empty_mandatory_sections(programme))
    if deadline.kind == ReminderKind.ADOPTION_DEADLINE and offset == OVERDUE_OFFSET:
        return not has_published_final_version(programme)
    return True


# ------------------------------------------------------------------------------
# Recipients
# ------------------------------------------------------------------------------
def coordinator_ids() -> list[int]:
    """Active coordinators: members of the coordinators' group and superusers."""
    return list(
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__name=settings.COORDINATORS_GROUP))
        .values_list("pk", flat=True)
        .distinct()
    )


def _recipients(deadline: Deadline) -> list[int]:
    memberships = Membership.objects.filter(
        team__programme=deadline.programme, user__is_active=True
    )
    if deadline.audience == "members":
        qs = memberships
    elif deadline.audience == "moderators":
        qs = memberships.moderators().filter(team__kind=SectorTeam.Kind.SECTOR)
        if deadline.team_id is not None:
            qs = qs.filter(team_id=deadline.team_id)
    else:
        return coordinator_ids()
    return list(qs.values_list("user_id", flat=True).distinct())


def reminders_due(*, now: dt.datetime) -> list[Due]:
    """Everyone who should get which reminder on the Warsaw day of ``now``."""
    today = timezone.localdate(now, WARSAW)
    offsets = active_offsets()
    wanted_offsets = set(offsets) | {OVERDUE_OFFSET}
    horizon = max(offsets, default=0)
    result: list[Due] = []
    for deadline in deadlines_between(
        today + dt.timedelta(days=OVERDUE_OFFSET), today + dt.timedelta(days=horizon)
    ):
        offset = (deadline.due_on - today).days
        if offset not in wanted_offsets:
            continue
        if offset == OVERDUE_OFFSET and deadline.kind != ReminderKind.ADOPTION_DEADLINE:
            continue
        if deadline.opens_at is not None and deadline.opens_at > now:
            continue  # no "comments close soon" before comments open
        if deadline.audience == "coordinators" and not _coordinator_reminder_needed(
            deadline, offset
        ):
            continue
        result.extend(Due(uid, deadline, offset) for uid in _recipients(deadline))
    return result


# ------------------------------------------------------------------------------
# The deadlines feed
# ------------------------------------------------------------------------------
def programme_deadlines_ical(programme: Programme, *, site_url: str) -> bytes:
    """Every phase end and the adoption deadline as all-day iCalendar events."""
    page = f"{site_url}{programme.get_absolute_url()}"
    cal = new_calendar(
        name=f"{programme.title} — {_('deadlines')}",
        producer=programme.municipality.name,
        product="NGO programme consultations",
    )
    stamp = timezone.now()
    for phase in programme_timeline(programme):
        day = warsaw_date(phase.ends_at)
        add_event(
            cal,
            uid=f"phase-{phase.pk}-end",
            start=day,
            end=shifted(day, dt.timedelta(days=1)),
            summary=_("End: %(phase)s") % {"phase": phase.name},
            description=phase.description or phase.get_kind_display(),
            url=page,
            stamp=stamp,
            transparent=True,
        )
    add_event(
        cal,
        uid=f"programme-{programme.pk}-adoption",
        start=programme.adoption_deadline,
        end=programme.adoption_deadline + dt.timedelta(days=1),
        summary=_("Adoption deadline: %(programme)s") % {"programme": programme.title},
        description=_(
            "The council adopts the programme by 30 November of the year before it (art. 5a)."
        ),
        url=page,
        stamp=stamp,
        transparent=True,
    )
    return cal.to_ical()
