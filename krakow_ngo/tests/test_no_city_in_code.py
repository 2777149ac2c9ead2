"""Nothing city-specific outside the seed: the local government is data (docs/municipality.md).

Every occurrence of "krak" in any letter case fails, in templates/, our own static files
(static/vendor is third-party) and every .py outside krakow_ngo/seed/, tests and
migrations. That catches Kraków, Krakowa, Krakowie, krakow.pl and KRAKÓW alike.

Allowed, because they are names of code rather than text a reader sees:
- ``krakow_ngo``: the project package (settings module, Celery app, imports); renaming
  it would touch every deployment's DJANGO_SETTINGS_MODULE and Procfile.
- ``seed_krakow``: the management command README names, and its loader function.
Both are removed before the search, as whole identifiers only, so "krakow_ngo.pl" or
"Krakowa" next to them would still be found.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
ALLOWED_IDENTIFIERS = re.compile(r"\b(?:krakow_ngo|seed_krakow)\b(?![.\w-]*\.pl\b)")
CITY = re.compile(r"krak", re.IGNORECASE)
SKIPPED_DIRS = {".venv", ".git", "node_modules", "staticfiles", "media", "__pycache__"}


def _walk(base: Path, suffixes: tuple[str, ...] | None = None) -> Iterator[Path]:
    for path in sorted(base.rglob("*")):
        parts = set(path.relative_to(ROOT).parts)
        if parts & SKIPPED_DIRS or any(p.startswith(".") for p in parts) or not path.is_file():
            continue
        if suffixes is None or path.suffix in suffixes:
            yield path


def checked_files() -> list[Path]:
    files = list(_walk(ROOT / "templates"))
    files += [p for p in _walk(ROOT / "static") if "vendor" not in p.relative_to(ROOT).parts]
    for path in _walk(ROOT, (".py",)):
        rel = path.relative_to(ROOT)
        if rel.parts[:2] == ("krakow_ngo", "seed"):
            continue
        if {"tests", "migrations"} & set(rel.parts) or rel.name == "conftest.py":
            continue
        files.append(path)
    return files


def city_mentions(text: str) -> list[str]:
    """Lines that still name the city once the allowed identifiers are taken out."""
    return [
        line.strip() for line in text.splitlines() if CITY.search(ALLOWED_IDENTIFIERS.sub("", line))
    ]


def test_the_search_finds_every_spelling_and_spares_only_the_identifiers():
    for text in ("Kraków", "KRAKÓW", "Miasta Krakowa", "w Krakowie", "iod@um.krakow.pl"):
        assert city_mentions(text), text
    assert city_mentions("krakow_ngo.pl")
    assert not city_mentions("from krakow_ngo.seed.loader import seed_krakow")
    assert not city_mentions(
        'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "krakow_ngo.settings")'
    )


def test_the_search_covers_templates_static_and_code():
    rels = {str(p.relative_to(ROOT)) for p in checked_files()}
    assert "templates/base.html" in rels
    assert "templates/pages/privacy.html" in rels
    assert "static/css/portal.css" in rels
    assert "krakow_ngo/settings.py" in rels
    assert not any(r.startswith(("static/vendor/", "krakow_ngo/seed/")) for r in rels)


def test_nothing_city_specific_stays_outside_the_seed():
    hits = []
    for path in checked_files():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # images and fonts
        hits += [f"{path.relative_to(ROOT)}: {line[:120]}" for line in city_mentions(text)]
    assert hits == [], "Move these into the Municipality record or the seed:\n" + "\n".join(hits)
