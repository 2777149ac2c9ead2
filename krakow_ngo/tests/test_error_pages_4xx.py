"""Error pages 400 and 403 (also a refused form token) in our layout and the visitor's language.

Issue 11, item 6: each says what to do next. 404 is in test_polish.py; 500 and 503
have their own tests.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from teams.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LANGUAGES = [("pl", "Co możesz zrobić"), ("en", "What you can do")]


def _in_our_layout(html: str, language: str) -> None:
    assert f'<html lang="{language}">' in html
    assert 'id="main"' in html  # base.html: header, skip link, footer
    assert reverse("consultations:home") in html


@pytest.mark.parametrize(("language", "next_steps"), LANGUAGES)
def test_the_403_page_in_the_visitors_language(client, team, language, next_steps):
    client.force_login(UserFactory())
    response = client.get(
        reverse("teams:team_invitations", args=[team.slug]), HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 403
    html = response.content.decode()
    _in_our_layout(html, language)
    assert next_steps in html


@pytest.mark.parametrize(("language", "next_steps"), LANGUAGES)
def test_a_refused_form_token_gets_our_page_not_djangos(language, next_steps, db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("account_login"), {"login": "x", "password": "y"}, HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 403
    html = response.content.decode()
    _in_our_layout(html, language)
    assert next_steps in html
    assert "CSRF verification failed" not in html


@pytest.mark.parametrize(("language", "next_steps"), LANGUAGES)
def test_the_400_page_in_the_visitors_language(language, next_steps, db):
    client = Client(HTTP_HOST="not-our-host.example", raise_request_exception=False)
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert next_steps in html


def test_shared_links_name_the_configured_address_not_the_host_header(client, settings):
    settings.SITE_URL = "https://konsultacje.example.gov.pl"
    html = client.get(reverse("consultations:programme_list")).content.decode()
    assert (
        '<meta property="og:url" content="https://konsultacje.example.gov.pl/programmes/">' in html
    )


def test_the_polish_error_pages_do_not_guess_the_visitors_gender(client, team):
    # "trafiłeś", "powinieneś" assume a man; an official page addresses everyone.
    masculine = re.compile(r"\w+(?:łeś|eneś)\b")
    pages = [client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="pl").content.decode()]
    client.force_login(UserFactory())
    url = reverse("teams:team_invitations", args=[team.slug])
    pages.append(client.get(url, HTTP_ACCEPT_LANGUAGE="pl").content.decode())
    for html in pages:
        assert masculine.findall(html) == []
