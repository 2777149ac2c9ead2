"""Security headers (issue 16, item 6): the CSP on every page, HSTS/SSL from the
environment, and `manage.py check --deploy` clean in production mode."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "k3y-for-the-deploy-check-only-" + "Zq8$wX2!vR7#pL4@" * 2,
    "DATABASE_URL": "postgres://u@127.0.0.1:5432/db",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "ALLOWED_HOSTS": "konsultacje.example.org",
    "EMAIL_HOST": "smtp.example.org",
    "DEFAULT_FROM_EMAIL": "konsultacje@example.org",
    "SITE_URL": "https://konsultacje.example.org",
}


def _production(*args: str, **overrides: str) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION_ENV
        and k not in {"PYTEST_VERSION", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        and not k.startswith("SECURE_")
    }
    env |= PRODUCTION_ENV | overrides
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def test_check_deploy_is_clean_in_production_mode():
    result = _production("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stderr


PRINT_SECURITY = (
    "import krakow_ngo.settings as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
    "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, s.SESSION_COOKIE_SECURE, "
    "s.CSRF_COOKIE_SECURE)"
)


def test_production_defaults_are_the_strict_ones():
    result = _production("-c", PRINT_SECURITY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "31536000", "True", "True", "True", "True"]


def test_each_security_setting_can_be_changed_from_the_environment():
    result = _production(
        "-c",
        PRINT_SECURITY,
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="3600",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="false",
        SECURE_HSTS_PRELOAD="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "3600", "False", "False", "False", "False"]


def test_check_deploy_warns_when_production_turns_the_redirect_off():
    """The clean check above can fail: the same check sees a weakened setting."""
    result = _production(
        "manage.py", "check", "--deploy", "--fail-level", "WARNING", SECURE_SSL_REDIRECT="false"
    )
    assert result.returncode != 0
    assert "security.W008" in result.stdout + result.stderr


# ------------------------------------------------------------------------------
# Content-Security-Policy
# ------------------------------------------------------------------------------
@pytest.mark.django_db
def test_every_page_carries_a_policy_without_unsafe_inline(client, programme):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert directives["script-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    # The one inline <style> (the brand colours) carries this response's nonce.
    nonce = re.search(r"'nonce-([^']+)'", " ".join(directives["style-src"]))
    assert nonce
    html = response.content.decode()
    assert f'<style nonce="{nonce[1]}">' in html
    # A fresh nonce on each response.
    assert client.get("/")["Content-Security-Policy"] != policy


@pytest.mark.django_db
def test_json_responses_carry_the_policy_too(client):
    assert "default-src 'self'" in client.get("/health/")["Content-Security-Policy"]


# Pages are served under the CSP; e-mails (read in mail programs) and the print
# templates rendered by WeasyPrint (never served as HTML) keep their inline styles.
NOT_SERVED = ("emails", "pdf")
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b(?![^>]*\bnonce=)|\sstyle\s*=", re.I)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I)


def _served_templates() -> list[Path]:
    found = []
    for path in (ROOT / "templates").rglob("*.html"):
        parts = path.relative_to(ROOT / "templates").parts
        if any(part in NOT_SERVED for part in parts):
            continue
        found.append(path)
    return found


def test_templates_of_pages_have_no_inline_scripts_styles_or_handlers():
    templates = _served_templates()
    assert len(templates) > 50
    offenders = []
    for path in templates:
        text = path.read_text()
        for pattern in (INLINE_SCRIPT, INLINE_STYLE, EVENT_HANDLER):
            offenders += [f"{path.relative_to(ROOT)}: {m[0]}" for m in pattern.finditer(text)]
    assert offenders == []


def test_the_scan_would_see_an_inline_script_or_style():
    for bad in (
        "<script>alert(1)</script>",
        '<p style="color:red">',
        "<style>p{}</style>",
        '<a onclick="x()">',
    ):
        assert any(p.search(bad) for p in (INLINE_SCRIPT, INLINE_STYLE, EVENT_HANDLER)), bad
    assert not INLINE_SCRIPT.search('<script src="/static/js/board.js" defer></script>')
    assert not INLINE_SCRIPT.search('<script type="application/json" id="x">{}</script>')


def test_the_policy_comes_from_settings():
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert all("'unsafe-inline'" not in values for values in directives.values())
