"""The local government as one record that pages, e-mails, PDFs and feeds read."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.account.adapter import get_adapter
from django.core.exceptions import ValidationError
from django.urls import reverse

from consultations.tests.factories import ProgrammeFactory
from programmes.models import Municipality
from programmes.selectors import current_municipality
from programmes.tests.factories import MunicipalityFactory
from teams.tests.factories import SectorTeamFactory

pytestmark = pytest.mark.django_db


def _other() -> Municipality:
    return MunicipalityFactory(
        name="Powiat Inny",
        name_genitive="Powiatu Innego",
        kind="powiat",
        council_name="Rada Powiatu",
    )


# ------------------------------------------------------------------------------
# The selector
# ------------------------------------------------------------------------------
def test_an_empty_database_gets_a_neutral_unsaved_stand_in(django_assert_num_queries):
    with django_assert_num_queries(1):
        municipality = current_municipality()
    assert municipality.pk is None
    assert municipality.name
    assert municipality.name == municipality.display_name
    assert municipality.brand_colours == ("#0B5394", "#F2C200")


def test_the_current_programmes_record_wins_over_the_first(django_assert_num_queries):
    first = MunicipalityFactory()
    other = _other()
    ProgrammeFactory(municipality=first)
    ProgrammeFactory(municipality=other, is_current=True)
    with django_assert_num_queries(1):
        assert current_municipality() == other


def test_without_a_current_programme_the_first_record_is_used():
    first = MunicipalityFactory()
    _other()
    assert current_municipality() == first


# ------------------------------------------------------------------------------
# Bounded, validated fields
# ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("colour_primary", "red"),
        ("colour_primary", "#12345"),
        ("colour_secondary", "#0B5394;}body{display:none"),
        ("accessibility_contact_phone", "call me"),
        ("bip_url", "ftp://bip.example.org"),
        ("bip_url", "javascript:alert(1)"),
        ("logo_static_path", "../settings.py"),
        ("logo_static_path", "/etc/passwd.png"),
        ("logo_static_path", "img/missing-logo.png"),
        ("logo_static_path", "css/portal.css"),
        ("dpo_email", "not-an-address"),
        ("name", "x" * 201),
    ],
)
def test_bad_values_are_refused_beside_their_field(field, value):
    municipality = MunicipalityFactory.build(**{field: value})
    with pytest.raises(ValidationError) as caught:
        municipality.full_clean()
    assert field in caught.value.message_dict


def test_a_complete_record_is_valid():
    MunicipalityFactory.build().full_clean()


def test_a_colour_that_slipped_past_validation_never_reaches_the_style_element():
    municipality = MunicipalityFactory.build(colour_primary="#000;}", colour_secondary="#123ABC")
    assert municipality.brand_colours == ("#0B5394", "#123ABC")


# ------------------------------------------------------------------------------
# What reads it
# ------------------------------------------------------------------------------
def test_every_page_names_the_record_in_its_title_header_and_footer(client):
    municipality = MunicipalityFactory(short_name="Przykładowo", colour_primary="#7A1F5C")
    ProgrammeFactory(municipality=municipality, is_current=True)
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="pl").content.decode()
    assert "· Przykładowo</title>" in html
    assert html.count("Gmina Przykładowo") >= 2  # header and footer
    assert "ul. Urzędowa 1, 00-001 Przykładowo" in html
    assert 'href="https://bip.example.org"' in html
    assert "--portal-brand: #7A1F5C" in html


def test_the_accessibility_statement_names_the_entity_and_its_contact_person(client):
    MunicipalityFactory()
    html = client.get(reverse("accessibility"), HTTP_ACCEPT_LANGUAGE="pl").content.decode()
    assert '<span id="a11y-podmiot">Gmina Przykładowo</span>' in html
    assert "Ewa Kontaktowa" in html
    assert "mailto:dostepnosc@example.org" in html
    assert 'href="tel:+48220000000"' in html
    assert "Gminy Przykładowo" in html  # genitive: "w budynkach Gminy Przykładowo"


def test_the_privacy_clause_names_the_controller_and_the_dpo(client):
    MunicipalityFactory()
    html = client.get(reverse("privacy"), HTTP_ACCEPT_LANGUAGE="pl").content.decode()
    assert "Wójt Gminy Przykładowo, ul. Urzędowa 1, 00-001 Przykładowo" in html
    assert "Adam Inspektor" in html
    assert "mailto:iod@example.org" in html


@pytest.mark.parametrize("path", ["/", "/accessibility/", "/privacy/"])
def test_a_fresh_install_shows_neutral_pages(client, path, settings):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="pl")
    html = response.content.decode()
    assert response.status_code == 200
    if path == "/privacy/":
        assert f"mailto:{settings.CONTACT_EMAIL}" in html


def test_the_deadlines_feed_and_team_calendar_are_produced_by_the_record(client):
    programme = ProgrammeFactory(municipality=_other())
    team = SectorTeamFactory(programme=programme)
    feed = client.get(f"/programmes/{programme.slug}/deadlines.ics").content.decode()
    assert "PRODID:-//Powiat Inny//NGO programme consultations//PL" in feed
    calendar = client.get(f"/teams/{team.slug}/calendar.ics").content.decode()
    assert "PRODID:-//Powiat Inny//sector teams//PL" in calendar


def test_account_e_mail_subjects_carry_the_records_prefix(rf: Any):
    MunicipalityFactory(short_name="Przykładowo")
    subject = get_adapter(rf.get("/")).format_email_subject("Potwierdź adres")
    assert subject.endswith("· Przykładowo] Potwierdź adres")


def test_a_programme_in_use_cannot_be_deleted_with_its_record():
    from django.db.models import ProtectedError

    programme = ProgrammeFactory()
    with pytest.raises(ProtectedError):
        programme.municipality.delete()


# ------------------------------------------------------------------------------
# The admin
# ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("role", "status"),
    [("member", 302), ("other_team_member", 302), ("moderator", 403), ("coordinator", 200)],
)
def test_only_coordinators_edit_the_record(client, request, role, status):
    municipality = MunicipalityFactory()
    user = request.getfixturevalue(role)
    if role == "moderator":
        from teams.services import moderator_staff_sync

        moderator_staff_sync(user=user)
    client.force_login(user)
    url = reverse("admin:programmes_municipality_change", args=[municipality.pk])
    assert client.get(url).status_code == status


def test_anonymous_is_sent_to_the_admin_login(client):
    url = reverse("admin:programmes_municipality_changelist")
    assert client.get(url)["Location"].startswith(reverse("admin:login"))


def test_a_bad_colour_in_the_admin_is_refused_beside_the_field_and_the_rest_stays(
    client, coordinator
):
    client.force_login(coordinator)
    data = {
        "name": "Gmina Nowa",
        "name_genitive": "Gminy Nowej",
        "short_name": "",
        "kind": "gmina",
        "council_name": "Rada Gminy Nowa",
        "bip_url": "https://bip.example.org",
        "seat": "ul. Polna 2",
        "accessibility_contact_name": "",
        "accessibility_contact_email": "",
        "accessibility_contact_phone": "",
        "controller_name": "Wójt Gminy Nowa",
        "controller_address": "",
        "dpo_name": "",
        "dpo_email": "",
        "logo_static_path": "",
        "colour_primary": "blue",
        "colour_secondary": "#F2C200",
    }
    url = reverse("admin:programmes_municipality_add")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "colour_primary" in response.context["adminform"].form.errors
    assert "Wójt Gminy Nowa" in response.content.decode()
    assert not Municipality.objects.filter(name="Gmina Nowa").exists()
    response = client.post(url, {**data, "colour_primary": "#114477"})
    assert response.status_code == 302
    assert Municipality.objects.get(name="Gmina Nowa").colour_primary == "#114477"


def test_a_record_that_programmes_use_offers_no_delete(client, coordinator):
    programme = ProgrammeFactory()
    client.force_login(coordinator)
    url = reverse("admin:programmes_municipality_delete", args=[programme.municipality.pk])
    assert client.get(url).status_code == 403
