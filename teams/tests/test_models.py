from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from teams.models import DEFAULT_GROUND_RULES, Membership
from teams.tests.factories import MeetingFactory, MembershipFactory, SectorTeamFactory

pytestmark = pytest.mark.django_db


def test_one_membership_per_user_and_team():
    membership = MembershipFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(user=membership.user, team=membership.team, role=Membership.Role.EXPERT)


def test_only_one_coordinating_team_per_programme(programme):
    SectorTeamFactory(programme=programme, kind="coordinating")
    with pytest.raises(IntegrityError), transaction.atomic():
        SectorTeamFactory(programme=programme, kind="coordinating")


def test_meetings_get_the_seed_ground_rules_by_default():
    meeting = MeetingFactory()
    assert meeting.ground_rules == DEFAULT_GROUND_RULES
    assert "nie musimy się ze sobą zgadzać" in meeting.ground_rules
    assert str(meeting).endswith("(06.07.2011)")
