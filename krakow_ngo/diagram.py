"""The data model as a Mermaid class diagram, made from the models themselves.

docs/architecture.md embeds the output between two markers; a test regenerates it and
fails when the committed picture is stale (``python manage.py model_diagram --write``).
"""

from __future__ import annotations

from pathlib import Path

from django.apps import apps
from django.db import models

# Lowest layer first (docs/architecture.md, "Layers"); core has no models.
APPS = ("programmes", "teams", "swot", "consultations", "reminders")
BEGIN = "<!-- model diagram: begin (python manage.py model_diagram --write) -->"
END = "<!-- model diagram: end -->"


def _models(app_label: str) -> list[type[models.Model]]:
    # simple_history's Historical* shadows repeat their model's fields: left out.
    return sorted(
        (
            model
            for model in apps.get_app_config(app_label).get_models()
            if not model.__name__.startswith("Historical")
        ),
        key=lambda model: model.__name__,
    )


def _name(model: type[models.Model]) -> str:
    return model.__name__


def model_diagram() -> str:
    """A Mermaid ``classDiagram``: one namespace per app, fields, and the relations."""
    lines = ["classDiagram"]
    relations: list[str] = []
    for app_label in APPS:
        lines.append(f"  namespace {app_label} {{")
        for model in _models(app_label):
            lines.append(f"    class {_name(model)} {{")
            for field in [*model._meta.fields, *model._meta.many_to_many]:
                target = field.related_model
                if field.is_relation and target is not None:
                    # Resolved after the registry is ready: a class, never "self".
                    assert not isinstance(target, str)  # noqa: S101
                    if target._meta.app_label not in APPS:
                        # A user, drawn as a field: arrows from every model to one
                        # User box would hide the rest of the picture.
                        lines.append(f"      {_name(target)} {field.name}")
                        continue
                    ends = (
                        '"*" --> "*"'
                        if field.many_to_many
                        else '"1" --> "1"'
                        if field.one_to_one
                        else '"*" --> "0..1"'
                        if field.null
                        else '"*" --> "1"'
                    )
                    relations.append(f"  {_name(model)} {ends} {_name(target)} : {field.name}")
                    continue
                if field.primary_key:
                    continue
                lines.append(f"      {type(field).__name__} {field.name}")
            lines.append("    }")
        lines.append("  }")
    lines += sorted(relations)
    return "\n".join(lines) + "\n"


def embedded(text: str) -> str:
    """The diagram between the markers of a Markdown file (without the code fence)."""
    start = text.index(BEGIN) + len(BEGIN)
    block = text[start : text.index(END)]
    return block.strip().removeprefix("```mermaid").removesuffix("```").strip() + "\n"


def write_into(path: Path) -> bool:
    """Replace the diagram between the markers of ``path``; True when it changed."""
    text = path.read_text(encoding="utf-8")
    start = text.index(BEGIN) + len(BEGIN)
    end = text.index(END)
    new = f"{text[:start]}\n```mermaid\n{model_diagram()}```\n{text[end:]}"
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text
