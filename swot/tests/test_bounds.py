"""Input that used to be stored wrongly or answer 500 on boards, goals and actions (issue 16)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from swot import services
from swot.models import Action

pytestmark = pytest.mark.django_db


def _action_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Wieloletnie konkursy",
        "responsible_party": "MOPS",
        "cooperation_form": "commissioning",
        "first_year": 2012,
        "last_year": 2014,
        "indicator": "",
        "planned_funds": "",
    }
    return data | overrides


@pytest.mark.parametrize("amount", ["1,2,3", "12 34,5,6", "1.200.000", "1200.50"])
def test_an_ambiguous_amount_is_refused_beside_the_field_with_the_text_kept(
    client: Any, moderator: Any, goal: Any, amount: str
) -> None:
    client.force_login(moderator)
    response = client.post(
        reverse("swot:action_add", args=[goal.pk]),
        _action_data(planned_funds=amount),
        HTTP_ACCEPT_LANGUAGE="pl",
    )
    assert response.status_code == 400
    form = response.context["action_form"]
    assert list(form.errors) == ["planned_funds"]
    assert "1 200 000,50 zł" in form.errors["planned_funds"][0]
    assert f'value="{amount}"' in response.content.decode()
    assert not Action.objects.exists()


@pytest.mark.parametrize("amount", ["1 200 000,50", "1200000,50", "1 200 000,50 zł"])
def test_polish_amounts_are_stored_exactly(
    client: Any, moderator: Any, goal: Any, amount: str
) -> None:
    client.force_login(moderator)
    response = client.post(
        reverse("swot:action_add", args=[goal.pk]), _action_data(planned_funds=amount)
    )
    assert response.status_code == 302
    assert str(goal.actions.get().planned_funds) == "1200000.50"


@pytest.mark.parametrize(("first", "last"), [(0, 0), (0, 2013), (2012, 0)])
def test_action_years_zero_are_refused(
    client: Any, moderator: Any, goal: Any, first: int, last: int
) -> None:
    client.force_login(moderator)
    response = client.post(
        reverse("swot:action_add", args=[goal.pk]), _action_data(first_year=first, last_year=last)
    )
    assert response.status_code == 400
    assert response.context["action_form"].errors
    assert not Action.objects.exists()
    with pytest.raises(ValidationError):
        services.action_save(
            goal=goal,
            by=moderator,
            title="a",
            responsible_party="b",
            cooperation_form="commissioning",
            first_year=first,
            last_year=last,
            indicator="",
            planned_funds=None,
        )
    assert not Action.objects.exists()


def test_moving_a_merged_item_is_refused_clearly(
    client: Any, moderator: Any, item: Any, other_item: Any
) -> None:
    services.swot_item_merge(source=other_item, target=item, by=moderator)
    client.force_login(moderator)
    response = client.post(
        reverse("swot:item_move", args=[other_item.pk]),
        {"direction": "up"},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert response.status_code == 200
    assert "merged into another one" in response.content.decode()
    with pytest.raises(ValidationError) as info:
        services.swot_item_move(item=other_item, by=moderator, direction=-1)
    assert info.value.code == "merged"


def test_a_text_past_its_limit_is_refused_by_the_service(moderator: Any, goal: Any) -> None:
    with pytest.raises(ValidationError):
        services.solution_add(goal=goal, by=moderator, text="x" * 2001)
    assert not goal.solutions.exists()
