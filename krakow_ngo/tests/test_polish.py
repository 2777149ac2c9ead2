"""Polish that reads right: error pages, e-mails, dates, slugs, team kinds (issue 11, item 6)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from consultations.selectors import moment_display
from consultations.tests.factories import ProgrammeFactory
from core.dates import WARSAW
from programmes.admin import ProgrammeAdminForm
from teams.tests.factories import SectorTeamFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["pl", "en"])
def test_the_404_page_is_in_our_layout_and_says_what_to_do(client, language):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE=language)
    html = response.content.decode()
    assert response.status_code == 404
    assert f'<html lang="{language}">' in html
    assert 'id="main"' in html  # base.html: header, skip link, footer
    assert reverse("consultations:programme_list") in html


def test_the_403_page_offers_to_log_in(client, team):
    response = client.get(reverse("teams:team_invitations", args=[team.slug]) + "x/")
    assert response.status_code == 404  # unknown path first
    from teams.tests.factories import UserFactory

    client.force_login(UserFactory())
    response = client.get(reverse("teams:team_invitations", args=[team.slug]))
    assert response.status_code == 403
    html = response.content.decode()
    assert 'id="main"' in html
    assert reverse("consultations:home") in html


def test_a_date_ending_a_sentence_has_one_stop_in_english():
    with translation.override("en"):
        text = moment_display(dt.datetime(2011, 9, 30, 23, 59, tzinfo=WARSAW)) + "."
    assert not text.endswith("..")
    assert text.endswith("p.m.")


def test_the_reminder_greets_without_a_guessed_vocative():
    from django.template.loader import render_to_string

    class Person:
        first_name = "Celina"

    with translation.override("pl"):
        body = render_to_string("emails/reminder-body.txt", {"user": Person()})
    assert "Celina," not in body
    assert body.startswith("Dzień dobry,")


def test_a_new_programme_gets_a_short_slug_by_default(db):
    from programmes.tests.factories import MunicipalityFactory

    data = {
        "title": "Wieloletni program współpracy Gminy Miejskiej Kraków z organizacjami "
        "pozarządowymi na lata 2031–2033",
        "municipality": MunicipalityFactory().pk,
        "kind": "multi_year",
        "first_year": 2031,
        "last_year": 2033,
        "legal_basis": "Ustawa",
        "consultation_min_days": 14,
        "slug": "",
    }
    form = ProgrammeAdminForm(data)
    assert form.is_valid(), form.errors
    assert form.save().slug == "wpw-2031-2033"
    # The same years again: the message stands beside the field.
    form = ProgrammeAdminForm(data)
    assert not form.is_valid()
    assert "slug" in form.errors


def test_the_coordinating_team_is_not_labelled_twice_and_zero_is_not_counted(client):
    programme = ProgrammeFactory()
    SectorTeamFactory(programme=programme, name="Zespół Koordynujący", kind="coordinating")
    html = client.get(programme.get_absolute_url()).content.decode()
    assert html.count("oordynując") == 1
    assert "0 organiza" not in html


def test_the_sign_up_e_mail_names_the_portal_and_its_address(client, settings):
    settings.SITE_URL = "https://konsultacje.example.org"
    client.post(
        reverse("account_signup"),
        {
            "email": "nowa.ngo@example.org",
            "password1": "Dlugie-haslo-2031",
            "password2": "Dlugie-haslo-2031",
        },
    )
    body = mail.outbox[-1].body
    assert "https://konsultacje.example.org" in body
    assert "127.0.0.1" not in body.split("http", 1)[0]
    assert "nowa.ngo" not in body.replace("nowa.ngo@example.org", "")
