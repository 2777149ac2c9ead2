"""Everything the portal holds about one person (RODO art. 15 and 20)."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db.models import Model

from consultations.models import Comment
from reminders.models import ReminderDelivery, ReminderPreferences
from swot.models import SwotItem, SwotVote
from teams.models import Attendance, Membership, Representative


def _value(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, Model):
        return str(value)
    return value


def _row(obj: Model, fields: list[str]) -> dict[str, Any]:
    return {name: _value(getattr(obj, name)) for name in fields}


def login_names(user: Any) -> set[str]:
    """The names django-axes records this person's logins under: what they typed, lower
    case (``krakow_ngo.auth.axes_username``) — their username or any of their addresses."""
    typed = {user.get_username(), user.email}
    typed |= set(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    names = {n.strip() for n in typed if n and n.strip()}
    return names | {n.lower() for n in names}


def login_records(user: Any) -> dict[str, list[dict[str, Any]]]:
    """What the portal keeps of this person's logins (django-axes): each login and logout,
    failed attempts still counted against a lockout, and the log of failures."""
    names = login_names(user)
    where = ["attempt_time", "ip_address", "user_agent", "path_info"]
    return {
        "logins": [
            _row(r, [*where, "logout_time"])
            for r in AccessLog.objects.filter(username__in=names).order_by("attempt_time")
        ],
        "failed_attempts": [
            _row(r, [*where, "failures_since_start"])
            for r in AccessAttempt.objects.filter(username__in=names).order_by("attempt_time")
        ],
        "failure_log": [
            _row(r, [*where, "locked_out"])
            for r in AccessFailureLog.objects.filter(username__in=names).order_by("attempt_time")
        ],
    }


def personal_data(user: Any) -> dict[str, Any]:
    """The export: plain JSON values, grouped by kind, only this person's rows."""
    comments = (
        Comment.objects.filter(author=user)
        .select_related("version__programme", "organisation", "paragraph__section")
        .order_by("pk")
    )
    return {
        "account": _row(
            user,
            ["username", "first_name", "last_name", "email", "date_joined", "last_login"],
        ),
        "login_records": [
            {"kind": kind, **row} for kind, rows in login_records(user).items() for row in rows
        ],
        "email_addresses": [
            _row(a, ["email", "verified", "primary"])
            for a in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "memberships": [
            _row(m, ["team", "organisation", "role", "public_name_consent"])
            for m in Membership.objects.filter(user=user).select_related("team", "organisation")
        ],
        "representations": [
            _row(r, ["organisation", "stated_at", "registered_organisation"])
            for r in Representative.objects.filter(user=user).select_related("organisation")
        ],
        "comments": [
            {
                **_row(
                    c,
                    [
                        "receipt_number",
                        "part_label",
                        "capacity",
                        "organisation",
                        "current_wording",
                        "proposed_wording",
                        "justification",
                        "submitted_at",
                        "status",
                        "answer",
                        "answer_justification",
                        "answer_published_at",
                    ],
                ),
                "history": [
                    _row(h, ["history_date", "history_type", "history_change_reason"])
                    | {"proposed_wording": h.proposed_wording, "justification": h.justification}
                    for h in c.history.order_by("history_date")
                ],
            }
            for c in comments
        ],
        "swot_items": [
            _row(i, ["session", "quadrant", "text"])
            for i in SwotItem.objects.filter(author=user).select_related("session")
        ],
        "votes": [
            _row(v, ["item", "created_at"])
            for v in SwotVote.objects.filter(voter=user).select_related("item")
        ],
        "attendance": [
            _row(a, ["meeting", "will_attend"])
            for a in Attendance.objects.filter(user=user).select_related("meeting")
        ],
        "reminder_preferences": [
            _row(
                p,
                [f.name for f in ReminderPreferences._meta.fields if f.name not in ("id", "user")],
            )
            for p in ReminderPreferences.objects.filter(user=user)
        ],
        "reminder_deliveries": [
            _row(d, ["programme", "kind", "deadline_label", "due_on", "status", "email", "sent_at"])
            for d in ReminderDelivery.objects.filter(user=user).select_related("programme")
        ],
        "consents": [
            {"team": str(m.team), "public_name_consent": m.public_name_consent}
            for m in Membership.objects.filter(user=user).select_related("team")
        ],
    }
