"""KRS, NIP and REGON: unique, typed in any digits, never a constraint name (issue 16)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from core.dberrors import constraint_name
from teams import services
from teams.models import Organisation
from teams.tests.factories import OrganisationFactory, UserFactory, valid_nip, valid_regon

pytestmark = pytest.mark.django_db

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _register_data(**overrides: str) -> dict[str, str]:
    data = {
        "new-name": "Fundacja Nowa",
        "new-krs": "0000999999",
        "new-other_register": "",
        "new-nip": valid_nip(9001),
        "new-regon": valid_regon(9001),
        "new-address": "ul. Nowa 1, 30-001",
        "new-email": "",
        "new-website": "",
        "register": "1",
    }
    return data | {f"new-{k}": v for k, v in overrides.items()}


def _post_register(client: Any, **overrides: str) -> Any:
    client.force_login(UserFactory())
    return client.post(
        reverse("teams:organisation_statement"),
        _register_data(**overrides),
        HTTP_ACCEPT_LANGUAGE="en",
    )


@pytest.mark.parametrize("field", ["nip", "regon"])
def test_a_number_already_registered_is_refused_naming_its_organisation(
    client: Any, field: str
) -> None:
    holder = OrganisationFactory(name="Stowarzyszenie Pierwsze")
    response = _post_register(client, **{field: getattr(holder, field)})
    assert response.status_code == 200
    errors = response.context["register_form"].errors
    assert "Stowarzyszenie Pierwsze" in errors[field][0]
    assert f"organisation_{field}_unique" not in response.content.decode()
    assert Organisation.objects.count() == 1


def test_a_krs_in_full_width_digits_is_accepted_after_normalising(client: Any) -> None:
    response = _post_register(
        client,
        krs="0000999999".translate(FULL_WIDTH),
        nip=valid_nip(9001).translate(FULL_WIDTH),
        regon=valid_regon(9001).translate(FULL_WIDTH),
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Fundacja Nowa")
    assert (organisation.krs, organisation.nip, organisation.regon) == (
        "0000999999",
        valid_nip(9001),
        valid_regon(9001),
    )


def test_a_full_width_duplicate_krs_is_refused_with_a_message_not_a_constraint(
    client: Any,
) -> None:
    OrganisationFactory(krs="0000999999", name="Stowarzyszenie Pierwsze")
    response = _post_register(client, krs="0000999999".translate(FULL_WIDTH))
    assert response.status_code == 200
    assert "already registered" in response.context["register_form"].errors["krs"][0]
    assert "organisation_krs" not in response.content.decode()


def test_the_admin_names_the_organisation_that_has_the_nip(client: Any, coordinator: Any) -> None:
    holder = OrganisationFactory(name="Stowarzyszenie Pierwsze")
    client.force_login(coordinator)
    response = client.post(
        reverse("admin:teams_organisation_add"),
        {
            "name": "Druga",
            "krs": "",
            "other_register": "ewidencja 1",
            "nip": holder.nip,
            "regon": "",
            "address": "ul. A 1",
            "email": "",
            "website": "",
            "verification_note": "",
            "representatives-TOTAL_FORMS": "0",
            "representatives-INITIAL_FORMS": "0",
            "representatives-MIN_NUM_FORMS": "0",
            "representatives-MAX_NUM_FORMS": "1000",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "Stowarzyszenie Pierwsze" in response.context["adminform"].form.errors["nip"][0]


def test_the_database_refuses_a_second_nip_and_the_name_maps_to_the_field() -> None:
    holder = OrganisationFactory()
    with pytest.raises(IntegrityError) as info, transaction.atomic():
        OrganisationFactory(nip=holder.nip)
    assert constraint_name(info.value) in {"organisation_nip_unique", "teams_organisation.nip"}


def test_the_service_turns_a_late_duplicate_into_a_field_error() -> None:
    holder = OrganisationFactory(name="Stowarzyszenie Pierwsze")
    with pytest.raises(ValidationError) as info:
        services.organisation_register(
            user=UserFactory(),
            data={
                "name": "Druga",
                "other_register": "ewidencja",
                "address": "x",
                "regon": holder.regon,
            },
        )
    assert "Stowarzyszenie Pierwsze" in info.value.message_dict["regon"][0]


def test_a_phone_in_full_width_digits_is_stored_in_ascii() -> None:
    from programmes.tests.factories import MunicipalityFactory

    municipality = MunicipalityFactory()
    municipality.accessibility_contact_phone = "+48 １２ ６１６ １２ １２"
    municipality.full_clean()
    assert municipality.accessibility_contact_phone == "+48 12 616 12 12"
