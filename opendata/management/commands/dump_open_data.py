from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from opendata.services import open_data_dump, open_data_dump_all
from programmes.models import Programme


class Command(BaseCommand):
    help = "Write each programme's public record as JSON and CSV (docs/opendata.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--programme", help="slug of one programme (default: all)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["programme"]:
            paths = [open_data_dump(programme=Programme.objects.get(slug=options["programme"]))]
        else:
            paths = open_data_dump_all()
        for path in paths:
            self.stdout.write(str(path))
