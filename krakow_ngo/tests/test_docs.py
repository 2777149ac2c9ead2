"""The documentation in docs/ stays true to the code, and the code cites only it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from krakow_ngo.diagram import embedded, model_diagram

ROOT = Path(settings.BASE_DIR)
DOCS = ROOT / "docs"

# Documents that lived beside the repository while it was being built: a reader of the
# repository does not have them, so code and docs cite docs/ instead.
OUTSIDE = re.compile(
    r"\b(?:SPEC|STYLE|STACK|DOMAIN-PL)(?:\.md)?\b|\.\./shared|/work/shared|design card"
)
CITATION = re.compile(r"""docs/([\w-]+\.md)(?:[,:]?\s*[“"]([^"”\n]+)[”"])?""")
SKIP_DIRS = {
    ".venv",
    ".git",
    "node_modules",
    "vendor",
    "staticfiles",
    "media",
    "locale",
    "__pycache__",
}
SUFFIXES = {".py", ".html", ".txt", ".css", ".js", ".md", ".toml", ".ini", ".cfg", ".yml", ".yaml"}
NAMED = {"Makefile", "Procfile", "run"}


def _sources() -> list[Path]:
    found = []
    for path in sorted(ROOT.rglob("*")):
        if not path.is_file() or SKIP_DIRS & set(path.relative_to(ROOT).parts):
            continue
        if path.suffix in SUFFIXES or path.name in NAMED:
            found.append(path)
    return found


def _headings(doc: Path) -> set[str]:
    return {
        line.lstrip("#").strip()
        for line in doc.read_text(encoding="utf-8").splitlines()
        if line.startswith("#")
    }


def test_the_committed_model_diagram_is_current() -> None:
    committed = embedded((DOCS / "architecture.md").read_text(encoding="utf-8"))
    assert committed == model_diagram(), (
        "docs/architecture.md shows an old data model: run "
        "`python manage.py model_diagram --write` and commit the result."
    )


def test_nothing_cites_documents_outside_the_repository() -> None:
    this = Path(__file__).resolve()
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in _sources()
        if path.resolve() != this
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if OUTSIDE.search(line)
    ]
    if found:
        pytest.fail(
            "Cite docs/ (domain.md, architecture.md, operations.md) instead:\n" + "\n".join(found)
        )


def test_every_citation_of_docs_names_a_file_and_heading_that_exist() -> None:
    broken = []
    for path in _sources():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in CITATION.finditer(line):
                doc = DOCS / match[1]
                if not doc.exists():
                    broken.append(f"{path.relative_to(ROOT)}:{number}: no docs/{match[1]}")
                elif match[2] and match[2] not in _headings(doc):
                    broken.append(
                        f"{path.relative_to(ROOT)}:{number}: docs/{match[1]} has no section "
                        f'"{match[2]}"'
                    )
    if broken:
        pytest.fail("Citations of docs/ that lead nowhere:\n" + "\n".join(broken))


def test_the_checks_see_what_they_look_for() -> None:
    assert OUTSIDE.search("(STACK.md pitfall 5)")
    assert OUTSIDE.search("see ../shared/seed")
    assert not OUTSIDE.search("a STACKED card, the SPECIAL case")
    match = CITATION.search('(docs/architecture.md, "Moving models")')
    assert match is not None
    assert match.groups() == ("architecture.md", "Moving models")
