"""``flush`` empties every table; on SQLite it must pass the comment-deletion trigger."""

from __future__ import annotations

from typing import Any

from django.core.management.commands.flush import Command as FlushCommand

from consultations.db import whole_database_flush


class Command(FlushCommand):
    def handle(self, **options: Any) -> None:
        with whole_database_flush():
            super().handle(**options)
