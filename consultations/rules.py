"""Who may read and comment on what (django-rules predicates)."""

from __future__ import annotations

from typing import Any

import rules
from allauth.account.models import EmailAddress

from consultations.models import Comment, DraftVersion
from teams.rules import is_coordinator


@rules.predicate
def can_view_version(user: Any, version: DraftVersion) -> bool:
    """Published versions are public; unpublished ones only coordinators may read."""
    return version.is_published or is_coordinator(user)


@rules.predicate
def is_comment_author(user: Any, comment: Comment) -> bool:
    """Only the author reads a comment's private page and may edit or withdraw it."""
    return bool(getattr(user, "is_authenticated", False)) and comment.author_id == user.pk


@rules.predicate
def has_verified_email(user: Any) -> bool:
    """Comments need a confirmed e-mail address: the receipt and the answer go there."""
    if not getattr(user, "is_authenticated", False):
        return False
    return EmailAddress.objects.filter(user=user, verified=True).exists()
