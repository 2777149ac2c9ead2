"""Who may do what (django-rules predicates).

The coordinator role is global: superusers and members of the coordinators'
group run the whole programme (SPEC §2). Per-team predicates live here too.
"""

from __future__ import annotations

from typing import Any

import rules
from django.conf import settings


@rules.predicate
def is_coordinator(user: Any) -> bool:
    """Coordinators manage every programme, team and consultation."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    # Cached per user object: the admin asks this many times per request.
    cached = getattr(user, "_is_coordinator_cache", None)
    if cached is None:
        cached = user.groups.filter(name=settings.COORDINATORS_GROUP).exists()
        user._is_coordinator_cache = cached
    return bool(cached)
