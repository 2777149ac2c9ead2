from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from krakow_ngo.seed.loader import SEED_SLUG
from programmes.models import Programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(seed_class, db):
    return Programme.objects.get(slug=SEED_SLUG)


def test_programme_page_is_404_for_an_unknown_slug(client, db):
    assert client.get("/programmes/nope/").status_code == 404


def test_home_without_any_programme_says_so(client, db):
    response = client.get("/")
    assert response.status_code == 200


def test_health_reports_each_part(client, db):
    response = client.get("/health/")
    data = response.json()
    assert response.status_code == 200
    assert data["status"] == "ok"
    assert set(data["checks"]) == {"database", "cache", "worker", "outbox"}


def test_health_is_503_when_the_broker_is_down(client, db, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    from krakow_ngo.celery import app

    old = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        response = client.get("/health/")
    finally:
        app.conf.broker_url = old
    assert response.status_code == 503
    assert response.json()["checks"]["worker"]["ok"] is False


@pytest.mark.parametrize("path", ["/accessibility/", "/privacy/"])
def test_footer_pages_render_and_are_linked_from_every_page(client, db, path):
    assert client.get(path).status_code == 200
    assert f'href="{path}"' in client.get("/").content.decode()


def test_accessibility_statement_has_the_ministry_ids(client, db):
    html = client.get("/accessibility/").content.decode()
    for marker in ("a11y-data-publikacja", "a11y-data-aktualizacja", "a11y-status"):
        assert f'id="{marker}"' in html


class TestOnTheSeed:
    """Tests that read the 2011 seed, loaded once for the class (conftest.py, seed_module)."""

    def test_home_shows_the_current_programme_timeline_and_countdown(self, client, seeded):
        with time_machine.travel(dt.datetime(2011, 11, 23, 12, tzinfo=dt.UTC), tick=False):
            response = client.get("/", HTTP_ACCEPT_LANGUAGE="pl")
        html = response.content.decode()
        assert response.status_code == 200
        assert seeded.title in html
        assert "Ostateczna konsultacja projektu" in html
        assert "30 listopada 2011" in html
        assert "zostało 7 dni" in html.lower() or "7 dni" in html

    def test_programme_page_shows_legal_basis_strategy_and_teams(self, client, seeded):
        response = client.get(reverse("consultations:programme_detail", args=[SEED_SLUG]))
        html = response.content.decode()
        assert response.status_code == 200
        assert "CXI/1510/10" in html
        assert "I-8" in html
        assert "Obszar zagrożenia ubóstwem" in html
        assert html.count('href="/teams/') == 8

    def test_english_is_available(self, client, seeded):
        response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
        assert 'lang="en"' in response.content.decode()

    def test_team_and_meeting_pages_render_the_seed(self, client, seeded):
        team = seeded.teams.get(slug="wykluczenie-spoleczne")
        html = client.get(team.get_absolute_url()).content.decode()
        assert team.name in html
        meeting = team.meetings.get()
        html = client.get(meeting.get_absolute_url()).content.decode()
        assert "Analiza SWOT" in html
        assert "wyciszamy komórki" in html
