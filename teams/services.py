"""Writes for teams: roles and memberships."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from teams.models import Organisation, Representative

# Coordinators run the whole programme: every model of the three domain apps.
COORDINATED_APPS = ("teams", "swot", "consultations", "simple_history", "django_celery_beat")


@transaction.atomic
def coordinators_group_sync() -> Group:
    """Create the coordinators' group and give it every permission of the domain apps."""
    group, _ = Group.objects.get_or_create(name=settings.COORDINATORS_GROUP)
    wanted = set(
        Permission.objects.filter(content_type__app_label__in=COORDINATED_APPS).values_list(
            "pk", flat=True
        )
    )
    if set(group.permissions.values_list("pk", flat=True)) != wanted:
        group.permissions.set(wanted)
    return group


@transaction.atomic
def representative_state(*, user: Any, organisation: Organisation) -> Representative:
    """Record that ``user`` speaks for an existing ``organisation`` (idempotent)."""
    representative, _ = Representative.objects.get_or_create(user=user, organisation=organisation)
    return representative


@transaction.atomic
def organisation_register(*, user: Any, data: Mapping[str, Any]) -> Organisation:
    """Add a new organisation (validated KRS/NIP/REGON) and make ``user`` its representative."""
    organisation = Organisation(**data)
    organisation.full_clean()
    organisation.save()
    Representative.objects.create(
        user=user, organisation=organisation, registered_organisation=True
    )
    return organisation
