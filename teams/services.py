"""Writes for teams: roles and memberships."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction

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
