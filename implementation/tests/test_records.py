"""Implementation records: who enters them, in the browser and through the service."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from implementation import services
from implementation.models import ImplementationRecord
from implementation.tests.factories import RecordFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "other_team_member", "moderator", "coordinator", "official"]


def _login(request: Any, client: Any, role: str) -> Any:
    user = request.getfixturevalue(role)
    if user is not None:
        client.force_login(user)
    return user


@pytest.mark.parametrize(
    ("role", "status"),
    list(zip(ROLES, [302, 403, 403, 403, 200, 200], strict=True)),
)
def test_results_page_access(
    role: str, status: int, request: Any, client: Any, adopted: Any, action: Any
) -> None:
    _login(request, client, role)
    url = reverse("implementation:results", args=[adopted.slug, 2012])
    assert client.get(url).status_code == status


@pytest.mark.parametrize(
    ("role", "allowed"),
    list(zip(ROLES, [False, False, False, False, True, True], strict=True)),
)
def test_enter_record_permission_per_role(
    role: str, allowed: bool, request: Any, adopted: Any, action: Any
) -> None:
    user = request.getfixturevalue(role)
    if user is None:
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser()
    assert user.has_perm("implementation.enter_record", action) is allowed
    assert user.has_perm("implementation.enter_results", adopted) is allowed
    assert user.has_perm("implementation.manage_report", adopted) is (role == "coordinator")


def test_an_official_enters_only_their_own_teams_actions(
    adopted: Any, official: Any, action: Any, other_action: Any
) -> None:
    now = timezone.now()
    record = services.record_save(
        programme=adopted,
        action=action,
        year=2012,
        data={"funds_spent": Decimal("5.00")},
        by=official,
        now=now,
    )
    assert record.entered_by == official
    with pytest.raises(PermissionDenied):
        services.record_save(
            programme=adopted, action=other_action, year=2012, data={}, by=official, now=now
        )


def test_the_year_must_lie_in_the_action_and_programme(
    adopted: Any, coordinator: Any, action: Any
) -> None:
    with pytest.raises(ValidationError):
        services.record_save(
            programme=adopted, action=action, year=2015, data={}, by=coordinator, now=timezone.now()
        )


def test_dropped_needs_a_reason(adopted: Any, coordinator: Any, action: Any) -> None:
    with pytest.raises(ValidationError) as info:
        services.record_save(
            programme=adopted,
            action=action,
            year=2012,
            data={"status": "dropped"},
            by=coordinator,
            now=timezone.now(),
        )
    assert "dropped_reason" in info.value.message_dict


def test_corrections_keep_history(
    adopted: Any, coordinator: Any, official: Any, action: Any
) -> None:
    services.record_save(
        programme=adopted,
        action=action,
        year=2012,
        data={"funds_spent": Decimal("10.00")},
        by=official,
        now=timezone.now(),
    )
    services.record_save(
        programme=adopted,
        action=action,
        year=2012,
        data={"funds_spent": Decimal("12.00")},
        by=coordinator,
        now=timezone.now(),
    )
    record = ImplementationRecord.objects.get()
    assert [h.funds_spent for h in record.history.order_by("history_date")] == [
        Decimal("10.00"),
        Decimal("12.00"),
    ]
    assert record.history.first().history_user == coordinator


def test_the_form_page_saves_changed_actions_in_polish_amounts(
    client: Any, adopted: Any, official: Any, action: Any
) -> None:
    client.force_login(official)
    url = reverse("implementation:results", args=[adopted.slug, 2012])
    page = client.get(url)
    assert action.title in page.content.decode()
    p = f"a{action.pk}"
    data = {
        f"{p}-status": "done",
        f"{p}-funds_planned": "1 200 000,50 zł",
        f"{p}-funds_spent": "1 000 000",
        f"{p}-grants_total": "",
        f"{p}-competitions": "1",
        f"{p}-offers_received": "4",
        f"{p}-grants_awarded": "2",
        f"{p}-open_competition": "on",
        f"{p}-organisations_involved": "3",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    record = ImplementationRecord.objects.get()
    assert record.funds_planned == Decimal("1200000.50")
    assert record.funds_spent == Decimal("1000000.00")


def test_a_bad_amount_keeps_the_text_and_saves_nothing(
    client: Any, adopted: Any, official: Any, action: Any
) -> None:
    client.force_login(official)
    url = reverse("implementation:results", args=[adopted.slug, 2012])
    p = f"a{action.pk}"
    response = client.post(
        url,
        {
            f"{p}-status": "done",
            f"{p}-funds_spent": "1.200,00",
            f"{p}-competitions": "0",
            f"{p}-offers_received": "0",
            f"{p}-grants_awarded": "0",
            f"{p}-organisations_involved": "0",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="1.200,00"' in body
    assert "decimal comma" in body or "przecink" in body
    assert not ImplementationRecord.objects.exists()


def test_the_model_refuses_negative_funds_in_the_database(adopted: Any, action: Any) -> None:
    from django.db import IntegrityError, transaction

    record = RecordFactory(action=action, year=2012)
    with pytest.raises(IntegrityError), transaction.atomic():
        ImplementationRecord.objects.filter(pk=record.pk).update(funds_spent=Decimal("-1"))
