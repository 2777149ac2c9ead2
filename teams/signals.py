"""Organisation names on public pages follow who is confirmed (docs/architecture.md, "Caching").

A comment shows its organisation's name only while the author's representation is
confirmed (or they are on a team for it): confirming, revoking, renaming an organisation
or changing a membership changes the published answers and the report. Every save or
delete of these rows, through a service or the admin, gives a new ``organisations``
revision, which the cached pages' keys include.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save

from core import revisions
from teams.models import Membership, Organisation, Representative, SectorTeam
from teams.rules import COORDINATORS_SCOPE


def organisations_changed(sender: Any, **kwargs: Any) -> None:
    revisions.bump(revisions.ORGANISATIONS)


for model in (Organisation, Representative, Membership):
    post_save.connect(organisations_changed, sender=model, dispatch_uid=f"rev-{model.__name__}")
    post_delete.connect(
        organisations_changed, sender=model, dispatch_uid=f"rev-del-{model.__name__}"
    )


def team_changed(sender: Any, instance: SectorTeam, **kwargs: Any) -> None:
    """A team's name, scope or position shows on its page and the programme's list of teams
    (docs/architecture.md, "Caching"), whether the admin or a service saved it."""
    revisions.bump(
        revisions.programme_scope(instance.programme_id), revisions.team_scope(instance.pk)
    )


post_save.connect(team_changed, sender=SectorTeam, dispatch_uid="rev-SectorTeam")
post_delete.connect(team_changed, sender=SectorTeam, dispatch_uid="rev-del-SectorTeam")


def coordinators_changed(sender: Any, **kwargs: Any) -> None:
    """Who is a coordinator is kept per revision (``teams.rules.coordinator_ids``): any
    change of a user's groups or of a group itself (renamed, deleted) gives a new one."""
    if kwargs.get("action", "post_").startswith("post_"):
        revisions.bump(COORDINATORS_SCOPE)


m2m_changed.connect(
    coordinators_changed, sender=get_user_model().groups.through, dispatch_uid="rev-user-groups"
)
post_save.connect(coordinators_changed, sender=Group, dispatch_uid="rev-Group")
post_delete.connect(coordinators_changed, sender=Group, dispatch_uid="rev-del-Group")
