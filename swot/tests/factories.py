from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from swot.models import (
    Action,
    CooperationForm,
    Goal,
    ProposedSolution,
    SwotItem,
    SwotSession,
    SwotVote,
)
from teams.tests.factories import MeetingFactory, SectorTeamFactory, UserFactory


class SwotSessionFactory(DjangoModelFactory):
    class Meta:
        model = SwotSession

    meeting = factory.SubFactory(MeetingFactory)
    topic = factory.Sequence(lambda n: f"Temat SWOT {n}")
    position = factory.Sequence(lambda n: n)


class SwotItemFactory(DjangoModelFactory):
    class Meta:
        model = SwotItem

    session = factory.SubFactory(SwotSessionFactory)
    quadrant = SwotItem.Quadrant.STRENGTH
    text = factory.Sequence(lambda n: f"Element analizy {n}")
    author = factory.SubFactory(UserFactory)


class SwotVoteFactory(DjangoModelFactory):
    class Meta:
        model = SwotVote

    item = factory.SubFactory(SwotItemFactory)
    voter = factory.SubFactory(UserFactory)


class GoalFactory(DjangoModelFactory):
    class Meta:
        model = Goal

    team = factory.SubFactory(SectorTeamFactory)
    title = factory.Sequence(lambda n: f"Cel współpracy {n}")
    description = "Opis celu."


class ProposedSolutionFactory(DjangoModelFactory):
    class Meta:
        model = ProposedSolution

    goal = factory.SubFactory(GoalFactory)
    position = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"Propozycja rozwiązania {n}")


class ActionFactory(DjangoModelFactory):
    class Meta:
        model = Action

    goal = factory.SubFactory(GoalFactory)
    position = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Działanie {n}")
    responsible_party = "Wydział Spraw Społecznych UMK"
    cooperation_form = CooperationForm.COMMISSIONING
    first_year = 2012
    last_year = 2013
    indicator = "liczba uczestników"
    planned_funds = factory.Faker("pydecimal", left_digits=6, right_digits=2, positive=True)
