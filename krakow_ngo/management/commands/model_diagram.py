from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from krakow_ngo.diagram import model_diagram, write_into


class Command(BaseCommand):
    help = (
        "Print the data model as a Mermaid class diagram, or --write it into docs/architecture.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--write",
            action="store_true",
            help="Replace the diagram between the markers of docs/architecture.md.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["write"]:
            path = Path(settings.BASE_DIR) / "docs" / "architecture.md"
            changed = write_into(path)
            self.stdout.write(f"{path}: {'updated' if changed else 'already up to date'}.")
        else:
            self.stdout.write(model_diagram(), ending="")
