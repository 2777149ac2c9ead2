"""How a person is named in public, and how an erased account is recognised.

docs/personal-data.md, "`/me/delete/` — erasure (art. 17)": an erased account keeps its row (the public record
points to it) under the username ``usuniete-konto-<id>``, inactive and without names. No
page, export or PDF shows that username: where a person's name would stand, an erased
account reads "osoba fizyczna" (a natural person).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

ERASED_PREFIX = "usuniete-konto-"


def erased_username(pk: int) -> str:
    """The username an account gets when its data is erased."""
    return f"{ERASED_PREFIX}{pk}"


def is_erased(user: Any) -> bool:
    return bool(
        user is not None and not user.is_active and user.get_username() == erased_username(user.pk)
    )


def public_name(user: Any, *, default: str = "") -> str:
    """A person's name for a public page: full name, else username; ``default`` for none."""
    if not user or not hasattr(user, "get_username"):
        return default  # nobody recorded (a template passes "" for a missing value)
    if is_erased(user):
        return _("natural person")
    return str(user.get_full_name() or user.get_username())
