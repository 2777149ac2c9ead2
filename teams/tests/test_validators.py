from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from teams import validators
from teams.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["8567346215", "526-000-12-46"])
def test_it_accepts_a_valid_nip(value):
    validators.validate_nip(validators.normalize_nip(value))


@pytest.mark.parametrize("value", ["8567346216", "123", "abcdefghij", "12345678901"])
def test_it_refuses_an_invalid_nip_with_a_clear_message(value):
    with pytest.raises(ValidationError, match="NIP jest nieprawidłowy"):
        validators.validate_nip(validators.normalize_nip(value))


@pytest.mark.parametrize("value", ["192598184", "123456785", "12345678512347"])
def test_it_accepts_a_valid_regon(value):
    validators.validate_regon(value)


@pytest.mark.parametrize("value", ["192598183", "12345678612342", "12345678512348", "1234"])
def test_it_refuses_an_invalid_regon(value):
    with pytest.raises(ValidationError, match="REGON jest nieprawidłowy"):
        validators.validate_regon(value)


@pytest.mark.parametrize(
    ("raw", "normalized"), [("123456", "0000123456"), ("0000-123-456", "0000123456")]
)
def test_krs_is_left_padded_and_stripped(raw, normalized):
    assert validators.normalize_krs(raw) == normalized
    validators.validate_krs(normalized)


@pytest.mark.parametrize("value", ["12345678901", "00001234a6", ""])
def test_it_refuses_a_krs_that_is_not_ten_digits(value):
    with pytest.raises(ValidationError, match="10 cyfr"):
        validators.validate_krs(value)


def test_organisation_full_clean_reports_each_bad_field_beside_it():
    org = OrganisationFactory.build(krs="12345678901", nip="8567346216", regon="192598183")
    with pytest.raises(ValidationError) as exc:
        org.full_clean()
    assert set(exc.value.message_dict) >= {"krs", "nip", "regon"}


def test_organisation_clean_normalises_what_people_type():
    org = OrganisationFactory.build(krs="123456", nip="PL 856-734-62-15", regon="192 598 184")
    org.full_clean()
    assert (org.krs, org.nip, org.regon) == ("0000123456", "8567346215", "192598184")
    assert org.nip_display == "856-734-62-15"


def test_database_refuses_a_malformed_krs():
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        OrganisationFactory(krs="12ab")
