"""``manage.py send_reminders [--dry-run] [--at DATETIME]``: run the reminder pass once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from core.dates import WARSAW, warsaw_midnight
from reminders.services import reminders_plan, reminders_send_due


def parse_at(raw: str) -> dt.datetime:
    """An ISO date or date-time; naive values are Warsaw time."""
    value = parse_datetime(raw)
    if value is None:
        day = parse_date(raw)
        if day is None:
            raise CommandError(f"--at: not a date or date-time: {raw!r}")
        return warsaw_midnight(day) + dt.timedelta(hours=7)
    if timezone.is_naive(value):
        value = value.replace(tzinfo=WARSAW)
    return value


class Command(BaseCommand):
    help = "Run the deadline reminder pass once (the same service the beat entry starts)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Print who would get what; send nothing."
        )
        parser.add_argument(
            "--at", metavar="DATETIME", help="Pretend it is this moment (ISO, Warsaw time)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = parse_at(options["at"]) if options["at"] else timezone.now()
        local = timezone.localtime(now, WARSAW)
        if options["dry_run"]:
            plan = reminders_plan(now=now)
            users = get_user_model().objects.in_bulk({d.user_id for d in plan.due})
            self.stdout.write(f"Reminders due on {local:%Y-%m-%d} (dry run, nothing sent):")
            for due, reason in plan.decisions:
                user = users[due.user_id]
                verdict = f"skip: {reason}" if reason else "send"
                self.stdout.write(
                    f"  {user.get_username()} <{user.email}> | {due.deadline.kind} | "
                    f"{due.deadline.label} | due {due.deadline.due_on} | "
                    f"{due.offset} days | {verdict}"
                )
            self.stdout.write(f"{len(plan.decisions)} reminder(s).")
            return
        result = reminders_send_due(now=now)
        self.stdout.write(
            f"{local:%Y-%m-%d}: {result.created} new reminder row(s), {result.skipped} skipped, "
            f"{len(result.enqueued_ids)} enqueued for sending."
        )
