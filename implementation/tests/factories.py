from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from consultations.models import Adoption
from consultations.tests.factories import DraftVersionFactory
from implementation.models import ImplementationRecord
from programmes.models import Programme
from teams.tests.factories import UserFactory


def adopt(programme: Programme, *, by: Any = None) -> Adoption:
    """Record an adoption directly (the service's own tests live in consultations)."""
    version = DraftVersionFactory(programme=programme)
    return Adoption.objects.create(
        programme=programme,
        version=version,
        council="Miasta Przykładowa",
        resolution_number="XX/123/2011",
        resolution_date=dt.date(programme.first_year - 1, 11, 20),
        bip_url="https://bip.example.org/uchwala",
        recorded_by=by or UserFactory(),
        recorded_at=timezone.now(),
    )


class RecordFactory(DjangoModelFactory):
    class Meta:
        model = ImplementationRecord

    action = factory.SubFactory("swot.tests.factories.ActionFactory")
    programme = factory.LazyAttribute(lambda r: r.action.goal.team.programme)
    year = factory.LazyAttribute(lambda r: r.action.first_year)
    status = "done"
    funds_planned = Decimal("1000.00")
    funds_spent = Decimal("900.00")
    entered_by = factory.SubFactory(UserFactory)
