from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from consultations import selectors
from krakow_ngo.seed.grouping_demo import comments_generate
from programmes.models import Programme


class Command(BaseCommand):
    help = (
        "Demo only: add generated comments (campaigns, paraphrases, remarks) to the version "
        "under consultation of the current programme; run after `seed_krakow --demo`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--comments", type=int, default=2000)
        parser.add_argument("--programme", help="Slug (default: the current programme).")
        parser.add_argument("--group", action="store_true", help="Then compute the groups.")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Refused in production mode (DJANGO_ENV=production).")
        if not 1 <= options["comments"] <= 20000:
            raise CommandError("--comments must be between 1 and 20000.")
        programme = (
            Programme.objects.filter(slug=options["programme"]).first()
            if options["programme"]
            else selectors.programme_current()
        )
        if programme is None:
            raise CommandError("No programme: run `seed_krakow --demo` first.")
        version = selectors.version_under_consultation(programme)
        if version is None:
            raise CommandError("The programme has no published version.")
        user_model = get_user_model()
        author = (
            user_model.objects.filter(username="demo-czlonek").first()
            or user_model.objects.order_by("pk").first()
        )
        if author is None:
            raise CommandError("No user to sign the comments.")
        created = comments_generate(
            version=version,
            n=options["comments"],
            author=author,
            starts=timezone.now() - dt.timedelta(days=7),
        )
        self.stdout.write(self.style.SUCCESS(f"{len(created)} comments on {version}."))
        if options["group"]:
            from grouping.services import grouping_compute

            run = grouping_compute(version=version, trigger="on_demand")
            self.stdout.write(
                f"Grouped in {run.seconds:.1f} s: {run.campaigns.count()} campaigns, "
                f"{run.groups.count()} groups."
            )
