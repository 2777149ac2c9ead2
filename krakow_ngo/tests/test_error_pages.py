"""Error pages 500 and 503 (issue 16, item 8): in our layout, Polish first, with what to
do next, rendered without the database; the database being down answers 503."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.urls import path

from core.errors import server_error, service_unavailable

ROOT = Path(__file__).resolve().parents[2]


# A URLconf of this module's own: a view with a bug, and views whose database is gone.
def _bug(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


def _database_gone(request: HttpRequest) -> HttpResponse:
    raise OperationalError("server closed the connection unexpectedly")


def _connection_closed(request: HttpRequest) -> HttpResponse:
    raise InterfaceError("connection already closed")


urlpatterns = [
    path("bug/", _bug),
    path("database-gone/", _database_gone),
    path("connection-closed/", _connection_closed),
]
handler500 = "core.errors.server_error"


def _polish_then_english(html: str, polish: str, english: str) -> None:
    assert polish in html
    assert english in html
    assert html.index(polish) < html.index(english)
    assert '<html lang="pl">' in html
    assert '<section lang="en"' in html


# No django_db mark: pytest-django refuses every query in these tests, so the pages
# below are proven to render without a database.
def test_the_500_page_renders_without_a_database():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    _polish_then_english(html, "Błąd po naszej stronie", "An error on our side")
    assert "Moje uwagi" in html  # what to do next: check whether the comment arrived
    assert "konsultacje@example.org" in html or "mailto:" in html
    assert 'href="/static/css/portal.css"' in html  # our layout


def test_the_503_page_renders_without_a_database():
    response = service_unavailable(RequestFactory().get("/"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    _polish_then_english(
        html, "Portal jest chwilowo niedostępny", "The portal is temporarily unavailable"
    )
    assert "Spróbuj ponownie za 1 minutę." in html
    assert "Try again in 1 minute." in html


def test_the_500_handler_answers_503_when_the_database_is_the_cause():
    try:
        raise OperationalError("could not connect to server")
    except OperationalError:
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 503
    assert response["Retry-After"]


@pytest.mark.urls(__name__)
def test_a_bug_answers_the_static_500_page(client):
    client.raise_request_exception = False
    response = client.get("/bug/")
    assert response.status_code == 500
    assert "Błąd po naszej stronie" in response.content.decode()


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("url", ["/database-gone/", "/connection-closed/"])
@pytest.mark.parametrize("debug", [False, True])
def test_a_database_error_in_a_view_answers_503(settings, client, url, debug):
    settings.DEBUG = debug  # the middleware answers before Django's debug page too
    client.raise_request_exception = False
    response = client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Portal nie może w tej chwili połączyć się ze swoją bazą danych" in (
        response.content.decode()
    )


def test_maintenance_answers_503_without_touching_the_database(settings, client, tmp_path):
    flag = tmp_path / "maintenance"
    settings.MAINTENANCE_FILE = str(flag)
    flag.write_text("restore in progress")
    for url in ("/", "/programmes/", "/accounts/login/", "/admin/"):
        response = client.get(url)
        assert response.status_code == 503
        assert response["Retry-After"] == "300"
        assert "Trwają prace konserwacyjne" in response.content.decode()


@pytest.mark.django_db
def test_maintenance_leaves_the_health_check_to_tell_the_truth(settings, client, tmp_path):
    flag = tmp_path / "maintenance"
    settings.MAINTENANCE_FILE = str(flag)
    flag.write_text("")
    response = client.get("/health/")
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.django_db
def test_without_the_maintenance_file_pages_answer(settings, client, tmp_path, programme):
    settings.MAINTENANCE_FILE = str(tmp_path / "maintenance")
    assert client.get("/").status_code == 200


# ------------------------------------------------------------------------------
# The whole portal with PostgreSQL unreachable: a real server process
# ------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, dict[str, str], str]:
    try:
        with urllib.request.urlopen(url, timeout=90) as response:  # noqa: S310 - loopback
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def test_every_page_answers_503_when_postgresql_does_not_answer(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"PYTEST_VERSION", "DJANGO_ENV"}}
    # Nothing listens on this port: every query fails to connect.
    env |= {
        "DATABASE_URL": f"postgres://root@127.0.0.1:{_free_port()}/nowhere",
        "DEBUG": "false",
        "REDIS_URL": "",
    }
    server = subprocess.Popen(  # our own WSGI app, as in production
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "krakow_ngo.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--timeout",
            "120",
            # Load Django before listening: the port answers only once the app is ready.
            "--preload",
            # The default control socket is one path shared by every gunicorn here.
            "--no-control-socket",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "server.log").open("w"),
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        for page in ("/", "/programmes/", "/accounts/login/", "/teams/any-team/"):
            status, headers, html = _get(base + page)
            assert status == 503, (page, html[:500])
            assert headers["Retry-After"] == "30"
            assert "Portal jest chwilowo niedostępny" in html
            assert "Content-Security-Policy" in headers
    finally:
        server.terminate()
        server.wait(timeout=20)
