"""What a feed lists: the public record's dated events, newest first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from consultations.models import Comment, DraftVersion
from programmes.models import PhaseChange, Programme
from teams.models import Meeting

FEED_LENGTH = 50


@dataclass(frozen=True)
class FeedItem:
    """One Atom entry; ``key`` is stable, so readers do not show an entry twice."""

    key: str
    title: str
    description: str
    url: str
    at: dt.datetime
    category: str


def _programmes(programme: Programme | None) -> QuerySet[Programme]:
    qs = Programme.objects.all()
    return qs.filter(pk=programme.pk) if programme is not None else qs


def _moment(at: dt.datetime) -> str:
    return date_format(timezone.localtime(at), "j E Y, H:i")


def _timeline_change(change: PhaseChange) -> FeedItem:
    """A change of a phase's dates as the programme page's "History of timeline changes"
    shows it: when, what before and after, why, and who (docs/feeds.md)."""
    who = change.changed_by.get_full_name() or _("coordinator")
    description = _(
        "Before: %(old_start)s – %(old_end)s. After: %(new_start)s – %(new_end)s. "
        "Why: %(why)s Changed by %(who)s on %(when)s."
    ) % {
        "old_start": _moment(change.old_starts_at),
        "old_end": _moment(change.old_ends_at),
        "new_start": _moment(change.new_starts_at),
        "new_end": _moment(change.new_ends_at),
        "why": change.reason,
        "who": who,
        "when": _moment(change.changed_at),
    }
    page = reverse("consultations:programme_detail", kwargs={"slug": change.programme.slug})
    return FeedItem(
        key=f"timeline-{change.pk}",
        title=_("Consultation timeline changed: %(phase)s") % {"phase": change.phase.name},
        description=description,
        url=f"{page}#timeline-changes",
        at=change.changed_at,
        category="timeline",
    )


def feed_items(*, programme: Programme | None = None) -> list[FeedItem]:
    """New versions, published answers, reports, meetings, minutes and timeline changes
    (FEED_LENGTH newest)."""
    items: list[FeedItem] = []
    programmes = _programmes(programme)
    versions = (
        DraftVersion.objects.published()
        .filter(programme__in=programmes)
        .select_related("programme")
        .order_by("-published_at")[:FEED_LENGTH]
    )
    for v in versions:
        assert v.published_at is not None  # noqa: S101 — published() guarantees it
        items.append(
            FeedItem(
                key=f"version-{v.pk}",
                title=_("Version %(n)s of the draft published: %(title)s")
                % {"n": v.number, "title": v.programme.title},
                description=v.change_note,
                url=v.get_absolute_url(),
                at=v.published_at,
                category="version",
            )
        )
    answers = (
        Comment.objects.active()
        .answer_published()
        .filter(version__programme__in=programmes)
        .select_related("version__programme", "organisation", "paragraph__section")
        .order_by("-answer_published_at")[:FEED_LENGTH]
    )
    for c in answers:
        assert c.answer_published_at is not None  # noqa: S101 — answer_published()
        report = reverse("consultations:report", kwargs={"slug": c.version.programme.slug})
        items.append(
            FeedItem(
                key=f"answer-{c.pk}",
                title=_("Answer to comment No. %(n)s (%(part)s): %(answer)s")
                % {"n": c.number, "part": c.part_label, "answer": c.get_answer_display()},
                description=f"{c.public_author}: {c.answer_justification}",
                url=f"{report}#comment-{c.version.number}-{c.number}",
                at=c.answer_published_at,
                category="answer",
            )
        )
    for p in programmes.filter(report_published_at__isnull=False):
        assert p.report_published_at is not None  # noqa: S101 — filtered above
        items.append(
            FeedItem(
                key=f"report-{p.pk}",
                title=_("Consultation report published: %(title)s") % {"title": p.title},
                description=p.report_summary,
                url=reverse("consultations:report", kwargs={"slug": p.slug}),
                at=p.report_published_at,
                category="report",
            )
        )
    # A meeting is news when it is announced: its first history row (simple_history).
    first_record = Meeting.history.filter(id=OuterRef("pk")).order_by("history_date")
    meetings = (
        Meeting.objects.filter(team__programme__in=programmes)
        .annotate(
            announced_at=Coalesce(Subquery(first_record.values("history_date")[:1]), "starts_at")
        )
        .select_related("team")
        .order_by("-announced_at")[:FEED_LENGTH]
    )
    for m in meetings:
        items.append(
            FeedItem(
                key=f"meeting-{m.pk}",
                title=_("Meeting of %(team)s: %(title)s") % {"team": m.team.name, "title": m.title},
                description=str(m),
                url=m.get_absolute_url(),
                at=m.announced_at,
                category="meeting",
            )
        )
        if m.minutes_published_at is not None:
            items.append(
                FeedItem(
                    key=f"minutes-{m.pk}",
                    title=_("Minutes published: %(title)s") % {"title": str(m)},
                    description=m.minutes[:1000],
                    url=f"{m.get_absolute_url()}#minutes-heading",
                    at=m.minutes_published_at,
                    category="minutes",
                )
            )
    changes = (
        PhaseChange.objects.filter(programme__in=programmes)
        .select_related("phase", "programme", "changed_by")
        .order_by("-changed_at", "-pk")[:FEED_LENGTH]
    )
    items.extend(_timeline_change(change) for change in changes)
    items.sort(key=lambda item: (item.at, item.key), reverse=True)
    return items[:FEED_LENGTH]
