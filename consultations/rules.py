"""Who may read, comment on and edit what (django-rules permissions).

Views and the admin ask ``request.user.has_perm(...)``, as ``teams`` and ``swot`` do.
The phase is part of the permission, the adhocracy4 way: ``consultations.add_comment``
is false outside an open comment phase, so no view checks the calendar itself. The
explanation shown when it is closed comes from ``selectors.comment_window``, the
same function the predicate asks.

Names of the public permissions do not reuse the admin's model permissions where the
meaning differs: ``change_own_comment`` is the author's edit, while the admin's
``change_comment`` is the coordinators' answer (held through their group).
Superusers hold every permission (Django); services still refuse a closed phase.
"""

from __future__ import annotations

from typing import Any

import rules

from consultations.models import Comment, DraftVersion, Paragraph, Section
from teams.rules import has_verified_email, is_coordinator

__all__ = [
    "can_view_version",
    "has_verified_email",
    "is_comment_author",
    "is_comment_changeable",
    "is_open_for_comments",
]


def _version(obj: Any) -> DraftVersion | None:
    if isinstance(obj, DraftVersion):
        return obj
    if isinstance(obj, Comment):
        return obj.version
    if isinstance(obj, Section):
        return obj.version
    if isinstance(obj, Paragraph):
        return obj.section.version
    return None


@rules.predicate
def can_view_version(user: Any, version: DraftVersion | None) -> bool:
    """Published versions are public; unpublished ones only coordinators may read."""
    return version is not None and (version.is_published or is_coordinator(user))


@rules.predicate
def is_open_for_comments(user: Any, obj: Any) -> bool:
    """The version (of a comment) is the one under consultation and a comment phase is open."""
    from consultations.selectors import comment_window_now

    version = _version(obj)
    return version is not None and comment_window_now(version).phase is not None


@rules.predicate
def is_comment_author(user: Any, comment: Comment | None) -> bool:
    """Only the author reads a comment's private page and may edit or withdraw it."""
    return (
        comment is not None
        and bool(getattr(user, "is_authenticated", False))
        and comment.author_id == user.pk
    )


@rules.predicate
def is_comment_changeable(user: Any, comment: Comment | None) -> bool:
    """Neither withdrawn, set aside nor answered (even in draft): the answer refers to the
    text as it is. The same rule as ``services.comment_change_check``, which saving asks."""
    return (
        comment is not None
        and not comment.is_withdrawn
        and not comment.is_not_a_comment
        and not comment.answer
        and not comment.is_answer_published
    )


@rules.predicate
def is_editable_part(user: Any, obj: Any) -> bool:
    """Without an object (changelists) yes; a version, section or paragraph: not frozen."""
    if obj is None:
        return True
    version = _version(obj)
    return version is not None and not version.is_frozen


rules.add_perm("consultations.view_version", can_view_version)
# Anyone may open the form of an open version; sending also needs an account, a
# confirmed e-mail and a capacity, which the service checks with its own messages.
rules.add_perm("consultations.add_comment", can_view_version & is_open_for_comments)
rules.add_perm("consultations.view_own_comment", is_comment_author)
rules.add_perm(
    "consultations.change_own_comment",
    is_comment_author & is_comment_changeable & is_open_for_comments,
)

# The admin: coordinators hold the model permissions through their group (ModelBackend
# answers only without an object); these add the object-level answer, which is where
# "a published version never changes" (DraftVersion.is_frozen) shows in the admin.
for _model in ("draftversion", "section", "paragraph"):
    rules.add_perm(f"consultations.view_{_model}", is_coordinator)
    rules.add_perm(f"consultations.add_{_model}", is_coordinator & is_editable_part)
    for _action in ("change", "delete"):
        rules.add_perm(f"consultations.{_action}_{_model}", is_coordinator & is_editable_part)
