"""The reminder e-mail: subject, plain text and HTML in the recipient's language."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from consultations.models import DraftVersion, SectionKind
from core.dates import WARSAW
from programmes.models import Programme
from reminders.models import ReminderDelivery, ReminderKind
from teams.models import Membership, SectorTeam

if TYPE_CHECKING:
    from django.core.mail.backends.base import BaseEmailBackend


from reminders.selectors import (
    empty_mandatory_sections,
    unanswered_count,
    unpublished_answers_count,
)
from reminders.tokens import unsubscribe_token


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _draft_path(version: DraftVersion) -> str:
    try:
        return version.get_absolute_url()
    except NoReverseMatch:
        # Paths are part of the product (docs/architecture.md, "Public paths").
        return f"/programmes/{version.programme.slug}/drafts/{version.number}/"


def countdown_text(due_on: dt.date, days_left: int) -> str:
    """The countdown line, e.g. 7 days left until 30 November 2026, in the active language."""
    date = formats.date_format(due_on, "j E Y")
    if days_left > 0:
        return ngettext(
            "%(days)d day left until %(date)s", "%(days)d days left until %(date)s", days_left
        ) % {"days": days_left, "date": date}
    if days_left == 0:
        return _("Today is the last day: %(date)s") % {"date": date}
    return _("The deadline passed on %(date)s") % {"date": date}


# Coordinator reminders about a count of outstanding work.
COUNTED_KINDS = frozenset(
    {
        ReminderKind.UNANSWERED_COMMENTS,
        ReminderKind.UNPUBLISHED_ANSWERS,
        ReminderKind.EMPTY_SECTIONS,
    }
)


class ChunkContext:
    """Per-chunk caches, so a chunk of a hundred costs a handful of extra queries."""

    def __init__(self) -> None:
        self.drafts: dict[int, DraftVersion | None] = {}
        self.facts: dict[tuple[int, str], Any] = {}

    def draft(self, programme: Programme, now: dt.datetime) -> DraftVersion | None:
        if programme.pk not in self.drafts:
            self.drafts[programme.pk] = (
                DraftVersion.objects.filter(programme=programme, published_at__lte=now)
                .published()
                .order_by("-number")
                .first()
            )
        return self.drafts[programme.pk]

    def fact(self, programme: Programme, kind: str) -> Any:
        key = (programme.pk, kind)
        if key not in self.facts:
            if kind == ReminderKind.UNANSWERED_COMMENTS:
                self.facts[key] = unanswered_count(programme)
            elif kind == ReminderKind.UNPUBLISHED_ANSWERS:
                self.facts[key] = unpublished_answers_count(programme)
            elif kind == ReminderKind.EMPTY_SECTIONS:
                self.facts[key] = empty_mandatory_sections(programme)
            else:
                self.facts[key] = None
        return self.facts[key]


def _team_work_status(delivery: ReminderDelivery) -> list[dict[str, Any]]:
    from swot.models import Goal, SwotSession

    teams = SectorTeam.objects.filter(
        programme=delivery.programme,
        memberships__user=delivery.user,
        memberships__role=Membership.Role.MODERATOR,
    ).distinct()
    if delivery.deadline_key.startswith("meeting:"):
        teams = teams.filter(meetings__pk=int(delivery.deadline_key.split(":")[1]))
    rows = []
    for team in teams:
        rows.append(
            {
                "team": team,
                "open_sessions": SwotSession.objects.filter(
                    meeting__team=team, closed_at__isnull=True
                ).count(),
                "goals": Goal.objects.filter(team=team).count(),
                "goals_without_actions": Goal.objects.filter(
                    team=team, actions__isnull=True
                ).count(),
            }
        )
    return rows


def build_message(
    delivery: ReminderDelivery,
    *,
    address: str,
    language: str,
    now: dt.datetime,
    cache: ChunkContext,
    connection: BaseEmailBackend | None = None,
) -> EmailMultiAlternatives:
    """Subject, plain text and HTML of one reminder, in the recipient's language."""
    programme = delivery.programme
    days_left = (delivery.due_on - timezone.localdate(now, WARSAW)).days
    unsubscribe_path = reverse(
        "reminders:unsubscribe",
        kwargs={"token": unsubscribe_token(delivery.user_id, delivery.kind)},
    )
    draft = cache.draft(programme, now) if delivery.kind == ReminderKind.COMMENT_PHASE else None
    fact = cache.fact(programme, delivery.kind)
    with translation.override(language):
        if delivery.kind == ReminderKind.EMPTY_SECTIONS:
            fact = [str(SectionKind(kind).label) for kind in fact]
        context = {
            "delivery": delivery,
            "user": delivery.user,
            "programme": programme,
            "kind": delivery.kind,
            "days_left": days_left,
            "overdue": days_left < 0,
            "countdown": countdown_text(delivery.due_on, days_left),
            "due_on": delivery.due_on,
            "programme_url": _absolute(programme.get_absolute_url()),
            "draft": draft,
            "draft_url": _absolute(_draft_path(draft)) if draft else "",
            "fact": fact,
            "teams": _team_work_status(delivery) if delivery.kind == ReminderKind.TEAM_WORK else [],
            "unsubscribe_url": _absolute(unsubscribe_path),
            "preferences_url": _absolute(reverse("reminders:preferences")),
            "kind_label": ReminderKind(delivery.kind).label,
            # Phase and meeting names are content (Polish); the statutory one is ours.
            "deadline_label": _("Adoption deadline (art. 5a)")
            if delivery.deadline_key.startswith("adoption:")
            else delivery.deadline_label,
            "site_url": settings.SITE_URL,
            "language": language,
        }
        subject = " ".join(render_to_string("emails/reminder-subject.txt", context).split())
        # Template tags leave blank lines behind; a plain-text mail should not show them.
        text = re.sub(r"\n{3,}", "\n\n", render_to_string("emails/reminder-body.txt", context))
        text = text.strip() + "\n"
        html = render_to_string("emails/reminder-body.html", context)
    domain = urlparse(settings.SITE_URL).hostname or "localhost"
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[address],
        connection=connection,
        headers={
            "List-Unsubscribe": f"<{_absolute(unsubscribe_path)}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
            # Stable across retries, so receivers that de-duplicate can do so.
            "Message-ID": f"<reminder-{delivery.pk}@{domain}>",
        },
    )
    message.attach_alternative(html, "text/html")
    return message
