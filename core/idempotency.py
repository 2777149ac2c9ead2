"""One-time form tokens: a second submission of one rendered form stores nothing new.

docs/architecture.md, "Idempotent forms". The form renders a fresh
:func:`new_token` in a hidden field; the service calls :func:`claim` inside its
transaction before it stores anything. ``claim`` answers the pk of what an earlier
submission of the same token stored (then the service returns that), or None after
recording the token (then the service stores and calls :func:`complete`).
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from django.db import IntegrityError, transaction

from core.models import FormSubmission

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def new_token() -> str:
    return secrets.token_urlsafe(24)


def valid(token: str) -> bool:
    return bool(TOKEN_RE.match(token or ""))


class AlreadySubmittedError(Exception):
    """The token was used before; ``object_pk`` is what that submission stored (or None)."""

    def __init__(self, object_pk: int | None) -> None:
        super().__init__(object_pk)
        self.object_pk = object_pk


def claim(*, user: Any, form: str, token: str) -> FormSubmission | None:
    """Record ``token`` for ``user``; raises AlreadySubmittedError when it was recorded before.

    A malformed or empty token (an old page, a client without it) claims nothing and
    returns None: the submission goes through as before.
    """
    if not valid(token):
        return None
    try:
        # A savepoint: the unique constraint makes a parallel insert of the same token
        # wait for the first transaction, then fail here once that one committed.
        with transaction.atomic():
            return FormSubmission.objects.create(user=user, form=form, token=token)
    except IntegrityError:
        earlier = FormSubmission.objects.filter(user=user, form=form, token=token).first()
        raise AlreadySubmittedError(earlier.object_pk if earlier else None) from None


def complete(submission: FormSubmission | None, *, object_pk: int) -> None:
    if submission is not None:
        FormSubmission.objects.filter(pk=submission.pk).update(object_pk=object_pk)
