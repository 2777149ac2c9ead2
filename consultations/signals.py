"""A version row changes what its programme's pages show (docs/architecture.md, "Caching").

The services bump the programme's revision as they write; this also covers a version
saved or deleted anywhere else (the admin, a migration of data), so that nothing kept
under the old number (a page, or a process's copy of the version itself:
``core.pagecache.current``) outlives the change.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from consultations.models import DraftVersion
from core import revisions


def version_changed(sender: Any, instance: DraftVersion, **kwargs: Any) -> None:
    revisions.bump(revisions.programme_scope(instance.programme_id))


post_save.connect(version_changed, sender=DraftVersion, dispatch_uid="rev-DraftVersion")
post_delete.connect(version_changed, sender=DraftVersion, dispatch_uid="rev-del-DraftVersion")
