"""The organisations' survey: one answer per organisation, editable until it closes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.dates import WARSAW
from implementation import selectors, services
from implementation.models import Survey, SurveyAnswer
from teams.models import Representative
from teams.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
OPEN = dt.datetime(2013, 2, 1, tzinfo=WARSAW)


@pytest.fixture
def survey(adopted: Any) -> Survey:
    return Survey.objects.create(
        programme=adopted, year=2012, opens_at=OPEN, closes_at=OPEN + dt.timedelta(days=30)
    )


def _representative(organisation: Any, *, verified: bool = True) -> Any:
    user = UserFactory()
    EmailAddress.objects.create(user=user, email=user.email, verified=verified, primary=True)
    Representative.objects.create(user=user, organisation=organisation)
    return user


def test_one_answer_per_organisation_changed_while_open(survey: Survey) -> None:
    org = OrganisationFactory()
    first, second = _representative(org), _representative(org)
    services.survey_answer_save(
        survey=survey, organisation=org, data={"open_competition": 2}, by=first, now=OPEN
    )
    services.survey_answer_save(
        survey=survey,
        organisation=org,
        data={"open_competition": 4, "remarks": "Lepiej."},
        by=second,
        now=OPEN + dt.timedelta(days=1),
    )
    answer = SurveyAnswer.objects.get()
    assert (answer.open_competition, answer.answered_by) == (4, second)
    with pytest.raises(ValidationError):
        services.survey_answer_save(
            survey=survey,
            organisation=org,
            data={"contract": 1},
            by=first,
            now=OPEN + dt.timedelta(days=30),
        )


def test_only_confirmed_representatives_answer(survey: Survey, member: Any) -> None:
    org = OrganisationFactory()
    unconfirmed = _representative(org, verified=False)
    for user in (unconfirmed, member):
        with pytest.raises(PermissionDenied):
            services.survey_answer_save(survey=survey, organisation=org, data={}, by=user, now=OPEN)


def test_ratings_are_1_to_5(survey: Survey) -> None:
    org = OrganisationFactory()
    with pytest.raises(ValidationError):
        services.survey_answer_save(
            survey=survey, organisation=org, data={"contract": 6}, by=_representative(org), now=OPEN
        )


def test_the_report_summarises_the_answers(survey: Survey) -> None:
    for rating in (3, 4):
        org = OrganisationFactory()
        services.survey_answer_save(
            survey=survey,
            organisation=org,
            data={"small_grant": rating, "remarks": f"Uwaga {rating}"},
            by=_representative(org),
            now=OPEN,
        )
    summary = selectors.survey_summary(survey.programme, 2012)
    ratings = {r["form"]: r for r in summary["ratings"]}
    assert summary["answers"] == 2
    assert ratings["small_grant"]["average"] == "3.5"
    assert ratings["contract"]["average"] is None
    assert summary["remarks"] == ["Uwaga 3", "Uwaga 4"]


@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 302), ("member", 403), ("coordinator", 403)]
)
def test_the_survey_page_is_for_representatives(
    role: str, status: int, request: Any, client: Any, survey: Survey
) -> None:
    user = request.getfixturevalue(role)
    if user:
        client.force_login(user)
    assert (
        client.get(reverse("implementation:survey", args=[survey.programme.slug, 2012])).status_code
        == status
    )


def test_a_representative_answers_in_the_browser(
    client: Any, survey: Survey, time_machine: Any
) -> None:
    time_machine.move_to(OPEN + dt.timedelta(days=2))
    org = OrganisationFactory()
    client.force_login(_representative(org))
    url = reverse("implementation:survey", args=[survey.programme.slug, 2012])
    response = client.post(
        url, {"organisation": org.pk, "open_competition": "5", "remarks": "x" * 2001}
    )
    assert response.status_code == 200  # too long: refused beside the field, text kept
    response = client.post(
        url, {"organisation": org.pk, "open_competition": "5", "remarks": "Dobrze."}
    )
    assert response.status_code == 302
    assert SurveyAnswer.objects.get().open_competition == 5
