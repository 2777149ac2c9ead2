from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory
from stdnum.pl import nip as stdnum_nip
from stdnum.pl import regon as stdnum_regon

from teams.models import AgendaItem, Meeting, Membership, Organisation, SectorTeam

User = get_user_model()


def valid_nip(n: int) -> str:
    """A valid NIP derived from ``n`` (check digit 10 is impossible: skip those)."""
    base = f"{(n * 7919) % 10**9:09d}"
    while True:
        check = stdnum_nip.checksum(base + "0") % 11  # weights end with -1
        digits = base + str(check) if check != 10 else None
        if digits and stdnum_nip.is_valid(digits):
            return digits
        base = f"{(int(base) + 1) % 10**9:09d}"


def valid_regon(n: int) -> str:
    base = f"{(n * 104729) % 10**8:08d}"
    return base + stdnum_regon.calc_check_digit(base)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = factory.Faker("first_name", locale="pl_PL")
    last_name = factory.Faker("last_name", locale="pl_PL")
    password = factory.django.Password("test-password-123")


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Stowarzyszenie Testowe nr {n}")
    krs = factory.Sequence(lambda n: f"{n + 1000:010d}")
    nip = factory.Sequence(lambda n: valid_nip(n + 1))
    regon = factory.Sequence(lambda n: valid_regon(n + 1))
    address = "ul. Testowa 1, 30-001 Kraków"
    email = factory.LazyAttribute(lambda o: f"biuro{o.krs}@example.org")


class SectorTeamFactory(DjangoModelFactory):
    class Meta:
        model = SectorTeam

    programme = factory.SubFactory("consultations.tests.factories.ProgrammeFactory")
    name = factory.Sequence(lambda n: f"Zespół Branżowy nr {n}")
    slug = factory.Sequence(lambda n: f"zespol-{n}")
    scope = "Zakres prac zespołu."


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    team = factory.SubFactory(SectorTeamFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.MEMBER


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting

    team = factory.SubFactory(SectorTeamFactory)
    title = factory.Sequence(lambda n: f"Spotkanie {n}")
    starts_at = factory.LazyFunction(lambda: dt.datetime(2011, 7, 6, 10, tzinfo=dt.UTC))
    place = "Sala Obrad"


class AgendaItemFactory(DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Punkt {n}")
