"""Organisation names on public pages follow who is confirmed (docs/architecture.md, "Caching").

A comment shows its organisation's name only while the author's representation is
confirmed (or they are on a team for it): confirming, revoking, renaming an organisation
or changing a membership changes the published answers and the report. Every save or
delete of these rows, through a service or the admin, gives a new ``organisations``
revision, which the cached pages' keys include.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from core import revisions
from teams.models import Membership, Organisation, Representative


def organisations_changed(sender: Any, **kwargs: Any) -> None:
    revisions.bump(revisions.ORGANISATIONS)


for model in (Organisation, Representative, Membership):
    post_save.connect(organisations_changed, sender=model, dispatch_uid=f"rev-{model.__name__}")
    post_delete.connect(
        organisations_changed, sender=model, dispatch_uid=f"rev-del-{model.__name__}"
    )
