"""Who may read and comment on what (django-rules predicates)."""

from __future__ import annotations

from typing import Any

import rules

from consultations.models import Comment, DraftVersion
from teams.rules import has_verified_email, is_coordinator

__all__ = ["can_view_version", "has_verified_email", "is_comment_author"]


@rules.predicate
def can_view_version(user: Any, version: DraftVersion) -> bool:
    """Published versions are public; unpublished ones only coordinators may read."""
    return version.is_published or is_coordinator(user)


@rules.predicate
def is_comment_author(user: Any, comment: Comment) -> bool:
    """Only the author reads a comment's private page and may edit or withdraw it."""
    return bool(getattr(user, "is_authenticated", False)) and comment.author_id == user.pk
