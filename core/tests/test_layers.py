"""The apps import only downwards (docs/architecture.md, "Layers").

Walks every module outside tests and migrations with ``ast`` (function-level imports
included, since a lazy import is still a dependency) and the string model references
of ForeignKey/OneToOneField/ManyToManyField, and fails on one that points up.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Lowest first: an app may import itself and the apps before it, never after it.
LAYERS = (
    "core",
    "programmes",
    "teams",
    "swot",
    "consultations",
    "implementation",
    "reminders",
    "grouping",
    "search",
    "feeds",
    "opendata",
    "personal_data",
    "krakow_ngo",
)
RANK = {app: rank for rank, app in enumerate(LAYERS)}
RELATION_FIELDS = {"ForeignKey", "OneToOneField", "ManyToManyField"}


def _modules() -> list[Path]:
    found = []
    for app in LAYERS:
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            if "tests" in parts or "migrations" in parts:
                continue
            found.append(path)
    return found


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _absolute(node: ast.ImportFrom, path: Path) -> str:
    """The module an ``import from`` names, with relative imports resolved."""
    if not node.level:
        return node.module or ""
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package.pop()
    base = package[: len(package) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _imported_apps(tree: ast.AST, path: Path) -> list[tuple[int, str, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = _absolute(node, path)
            names = [module] + [f"{module}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            top = name.split(".", 1)[0]
            if top in RANK:
                found.append((node.lineno, top, name))
    return found


def _lazy_references(tree: ast.AST) -> list[tuple[int, str, str]]:
    """``ForeignKey("app.Model")``-style references: their first argument or ``to=``."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name not in RELATION_FIELDS:
            continue
        targets = [*node.args[:1], *(k.value for k in node.keywords if k.arg == "to")]
        for target in targets:
            if isinstance(target, ast.Constant) and isinstance(target.value, str):
                label = target.value.split(".", 1)[0]
                if "." in target.value and label in RANK:
                    found.append((node.lineno, label, target.value))
    return found


def layer_violations() -> list[str]:
    """Every upward import or lazy model reference, as ``path:line: app -> name``."""
    violations = []
    for path in _modules():
        app = path.relative_to(ROOT).parts[0]
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for lineno, target, name in _imported_apps(tree, path) + _lazy_references(tree):
            if RANK[target] > RANK[app]:
                where = path.relative_to(ROOT)
                violations.append(f"{where}:{lineno}: {app} -> {name}")
    return sorted(set(violations))


def test_the_walker_sees_every_layer() -> None:
    apps = {path.relative_to(ROOT).parts[0] for path in _modules()}
    assert apps == set(LAYERS)


def test_the_walker_finds_function_level_and_relative_imports() -> None:
    source = (
        "from . import models\n"
        "from ..reminders import services\n"
        "def f():\n"
        "    import consultations.selectors\n"
        "class M:\n"
        "    team = models.ForeignKey('teams.SectorTeam', on_delete=None)\n"
        "    tags = ManyToManyField(to='swot.Goal')\n"
    )
    path = ROOT / "programmes" / "sub" / "mod.py"
    tree = ast.parse(source)
    assert {(t, n) for _, t, n in _imported_apps(tree, path)} >= {
        ("programmes", "programmes.sub"),
        ("programmes", "programmes.reminders.services"),
        ("consultations", "consultations.selectors"),
    }
    assert {n for _, _, n in _lazy_references(tree)} == {"teams.SectorTeam", "swot.Goal"}


def test_no_app_imports_or_references_a_higher_layer() -> None:
    violations = layer_violations()
    if violations:
        pytest.fail("Upward dependencies (docs/architecture.md):\n" + "\n".join(violations))


# Templates: templates/<app>/ may link to, include and load from its own layer and below.
URL = re.compile(r"""{%\s*url\s+['"](\w+):(\w+)""")
INCLUDE = re.compile(r"""{%\s*(include|extends)\s+['"]((\w+)/[^'"]+)""")
LOAD = re.compile(r"{%\s*load\s+([\w\s]+?)\s*%}")

# Empty since the team and programme pages got places (core/hooks.py): keep it so.
KNOWN_TEMPLATE_VIOLATIONS: set[str] = set()


def _tag_libraries() -> dict[str, str]:
    """Template tag library name -> the app that defines it."""
    return {
        path.stem: path.relative_to(ROOT).parts[0]
        for app in LAYERS
        for path in (ROOT / app).glob("templatetags/*.py")
        if path.stem != "__init__"
    }


def template_violations() -> list[str]:
    libraries = _tag_libraries()
    found = set()
    for app in LAYERS:
        for path in sorted((ROOT / "templates" / app).rglob("*.*")):
            text = path.read_text(encoding="utf-8")
            where = path.relative_to(ROOT)
            for match in URL.finditer(text):
                if RANK.get(match[1], -1) > RANK[app]:
                    found.add(f"{where}: {app} -> {match[1]} (url {match[1]}:{match[2]})")
            for match in INCLUDE.finditer(text):
                if RANK.get(match[3], -1) > RANK[app]:
                    found.add(f"{where}: {app} -> {match[3]} ({match[1]} {match[2]})")
            for match in LOAD.finditer(text):
                for library in match[1].split():
                    owner = libraries.get(library)
                    if owner and RANK[owner] > RANK[app]:
                        found.add(f"{where}: {app} -> {owner} (load {library})")
    return sorted(found)


def test_no_template_of_an_app_knows_a_higher_one_beyond_the_known_list() -> None:
    new = sorted(set(template_violations()) - KNOWN_TEMPLATE_VIOLATIONS)
    if new:
        pytest.fail("Templates that know a higher layer:\n" + "\n".join(new))
