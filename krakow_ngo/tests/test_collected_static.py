"""What ``collectstatic`` collects: our files, not the unused bundles of installed packages
(krakow_ngo.staticfiles.CollectedStaticConfig)."""

from __future__ import annotations

from django.apps import apps
from django.contrib.staticfiles import finders


def _collected() -> set[str]:
    ignore = apps.get_app_config("staticfiles").ignore_patterns
    return {path for finder in finders.get_finders() for path, _storage in finder.list(ignore)}


def test_collectstatic_skips_the_packages_own_swagger_and_htmx_bundles() -> None:
    collected = _collected()
    assert not {p for p in collected if p.startswith(("ninja/", "django_htmx/"))}
    # What the pages load instead is collected, and so is the admin's.
    assert {
        "vendor/swagger-ui/swagger-ui-bundle.js",
        "vendor/swagger-ui/swagger-ui-init.js",
        "vendor/htmx/htmx.min.js",
        "admin/css/base.css",
    } <= collected


def test_the_core_app_keeps_its_own_config() -> None:
    # The staticfiles config lives apart from core/apps.py: "core" still gets CoreConfig
    # (its ready() installs the database casters).
    assert type(apps.get_app_config("core")).__name__ == "CoreConfig"
