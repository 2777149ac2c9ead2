from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from search.services import index_rebuild


class Command(BaseCommand):
    help = "Build the search index again from everything public (docs/search.md)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = index_rebuild()
        self.stdout.write(f"{count} entries indexed.")
