"""Production mode refuses to start with missing or malformed variables."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "x" * 50,
    "DATABASE_URL": "postgres://u@127.0.0.1:5432/db",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "ALLOWED_HOSTS": "konsultacje.example.org",
    "EMAIL_HOST": "smtp.example.org",
    "DEFAULT_FROM_EMAIL": "konsultacje@example.org",
}


def _load_settings(**overrides: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in GOOD and k != "PYTEST_VERSION"}
    env |= GOOD | overrides
    env = {k: v for k, v in env.items() if v is not None and v != "<unset>"}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import krakow_ngo.settings as s; print(s.DEBUG, s.DATABASES['default']['ENGINE'])",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_starts_with_every_variable():
    result = _load_settings()
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False django.db.backends.postgresql"


@pytest.mark.parametrize("name", ["SECRET_KEY", "DATABASE_URL", "REDIS_URL", "EMAIL_HOST"])
def test_production_refuses_to_start_without(name):
    result = _load_settings(**{name: "<unset>"})
    assert result.returncode != 0
    assert f"{name} is required when DJANGO_ENV=production" in result.stderr


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("SECRET_KEY", "short", "SECRET_KEY must be at least 40"),
        ("REDIS_URL", "http://x", "REDIS_URL must start with redis://"),
        ("DATABASE_URL", "sqlite:///x.db", "DATABASE_URL must point at PostgreSQL"),
        ("EMAIL_PORT", "twenty-five", "EMAIL_PORT must be an integer"),
        ("DEBUG", "maybe", "DEBUG must be true or false"),
    ],
)
def test_production_refuses_malformed(name, value, message):
    result = _load_settings(**{name: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_development_defaults_need_no_variables():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in GOOD and k not in {"PYTEST_VERSION", "DEBUG"}
    }
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import krakow_ngo.settings as s; print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.EMAIL_BACKEND)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "django.db.backends.sqlite3",
        "True",
        "django.core.mail.backends.console.EmailBackend",
    ]
