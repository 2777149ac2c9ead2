"""Admin titles put each model's accusative into Django's title slots (docs/operations.md, "Pitfalls on our machines")."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext

from krakow_ngo.admin import ACCUSATIVE, accusative
from krakow_ngo.seed.loader import seed_krakow

pytestmark = pytest.mark.django_db

MODELS = sorted(admin.site._registry, key=lambda m: m._meta.label)


def test_every_registered_model_names_its_accusative():
    missing = [m._meta.label_lower for m in MODELS if m._meta.label_lower not in ACCUSATIVE]
    assert missing == []


def test_every_accusative_has_a_polish_form():
    po = (Path(settings.BASE_DIR) / "locale/pl/LC_MESSAGES/django.po").read_text()
    entries = dict(re.findall(r'msgctxt "accusative"\nmsgid "([^"]+)"\nmsgstr "([^"]*)"', po))
    for label, form in ACCUSATIVE.items():
        with translation.override("en"):
            english = str(form)  # no English catalogue entry: the msgid itself
        assert entries.get(english), label


@pytest.fixture
def admin_client_with_rows(client):
    seed_krakow(demo=True, today=dt.date(2026, 11, 28))
    user = get_user_model().objects.create_superuser("root-titles", "root@example.org", "x")
    client.force_login(user)
    return client


def _title(html: str) -> str:
    found = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    return found.group(1).strip() if found else ""


def test_changelist_add_change_and_delete_titles_of_every_model(admin_client_with_rows):
    # One seed for all models (loading it per model would take minutes).
    for model in MODELS:
        _check_titles(admin_client_with_rows, model)


def _check_titles(client, model):
    name = str(accusative(model))
    prefix = f"{model._meta.app_label}_{model._meta.model_name}"
    html = client.get(reverse(f"admin:{prefix}_changelist")).content.decode()
    # Read-only admins (a log, a grouping run) title their list "to view".
    assert (gettext("Select %s to change") % name in html) or (
        gettext("Select %s to view") % name in html
    )

    response = client.get(reverse(f"admin:{prefix}_add"))
    if response.status_code == 200:
        assert _title(response.content.decode()) == gettext("Add %s") % name

    obj = model._default_manager.first()
    if obj is None:
        return
    response = client.get(reverse(f"admin:{prefix}_change", args=[obj.pk]))
    assert response.status_code == 200
    expected = {gettext("Change %s") % name, gettext("View %s") % name}
    assert _title(response.content.decode()) in expected
    try:
        url = reverse(f"admin:{prefix}_delete", args=[obj.pk])
    except NoReverseMatch:
        return
    response = client.get(url)
    if response.status_code == 200:
        assert response.context["object_name"] == name
