from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from krakow_ngo.seed.loader import seed_krakow


class Command(BaseCommand):
    help = "Load the 2011 seed of krakow_ngo/seed/ (idempotent); --demo adds a current cycle and demo logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--demo", action="store_true", help="Also load a current cycle open for comments today."
        )
        parser.add_argument(
            "--today", type=dt.date.fromisoformat, help="Pretend today is this date (YYYY-MM-DD)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["demo"] and settings.PRODUCTION:
            raise CommandError("--demo is refused in production mode (DJANGO_ENV=production).")
        report = seed_krakow(demo=options["demo"], today=options["today"])
        if report.created:
            created = ", ".join(f"{n} {label}" for label, n in sorted(report.created.items()))
            self.stdout.write(self.style.SUCCESS(f"Created: {created}."))
        else:
            self.stdout.write("Nothing to do: the seed is already loaded.")
        if report.demo_programme is not None:
            self.stdout.write(f"Demo cycle: {report.demo_programme.title}")
        if report.demo_logins:
            self.stdout.write("")
            self.stdout.write(self.style.WARNING("Demo logins (development only):"))
            for username, password, email in report.demo_logins:
                self.stdout.write(f"  {username:<18} {password:<24} {email}")
            self.stdout.write(
                f"  Coordinator and moderator: {settings.SITE_URL}/admin/ ; "
                f"members: {settings.SITE_URL}/accounts/login/ (SITE_URL sets the host)."
            )
