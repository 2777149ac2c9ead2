"""Who coordinates is kept under a revision (teams.rules.coordinator_ids): every change
of the group takes effect at once, and a kept answer asks the database nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.testing import revisions_committed
from teams.rules import coordinator_ids, is_coordinator
from teams.services import coordinators_group_sync
from teams.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _fresh(user):
    """The user as the next request loads it (the per-object cache starts empty)."""
    return get_user_model().objects.get(pk=user.pk)


def test_joining_and_leaving_the_group_takes_effect_at_once():
    user = UserFactory()
    group = coordinators_group_sync()
    assert not is_coordinator(_fresh(user))
    user.groups.add(group)
    assert is_coordinator(_fresh(user))
    group.user_set.remove(user)  # from the group's side, as the admin's group page does
    assert not is_coordinator(_fresh(user))
    user.groups.add(group)
    user.groups.clear()
    assert not is_coordinator(_fresh(user))


def test_renaming_the_group_ends_the_role():
    user = UserFactory()
    group = coordinators_group_sync()
    user.groups.add(group)
    assert is_coordinator(_fresh(user))
    group.name = "Dawni koordynatorzy"
    group.save()
    assert not is_coordinator(_fresh(user))


def test_deleting_the_group_ends_the_role():
    user = UserFactory()
    coordinators_group_sync().user_set.add(user)
    assert is_coordinator(_fresh(user))
    coordinators_group_sync().delete()
    assert not is_coordinator(_fresh(user))


def test_a_kept_answer_asks_the_database_nothing(coordinator, member):
    revisions_committed()
    coordinator_ids()
    with CaptureQueriesContext(connection) as ctx:
        assert is_coordinator(_fresh(coordinator)) is True
        assert is_coordinator(_fresh(member)) is False
    # Only the two users' rows: the group is not asked again.
    assert len(ctx.captured_queries) == 2
