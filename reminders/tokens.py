"""Signed one-click unsubscribe links of reminder e-mails."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core import signing

from reminders.models import ReminderKind

if TYPE_CHECKING:
    pass


# Changing the salt would invalidate every link in e-mails already sent: keep it.
UNSUBSCRIBE_SALT = "consultations.reminders.unsubscribe"


def unsubscribe_token(user_id: int, kind: str) -> str:
    return signing.dumps({"u": user_id, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """(user id, kind) from a link in an e-mail; raises ``signing.BadSignature``."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    kind = ReminderKind(data["k"]).value
    return int(data["u"]), kind
