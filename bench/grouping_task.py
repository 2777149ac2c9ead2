"""Grouping task on 2,000 comments next to reading those comments from the database.

Prints both times and the ratio (the task: load + campaigns + groups per paragraph and
across the document + store; the baseline: the same rows read with the ORM). Runs on a
throw-away test database. The first lemmatisation in a process loads simplemma's Polish
dictionary; it is warmed before timing and its time printed apart.
Usage: python bench/grouping_task.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "krakow_ngo.settings")

import django

django.setup()

from django.test.utils import setup_test_environment  # noqa: E402

from bench.figures import own_database  # noqa: E402


def main() -> None:
    import datetime as dt

    from django.utils import timezone

    from consultations.models import Comment
    from consultations.tests.conftest import build_version
    from consultations.tests.factories import ProgrammeFactory
    from grouping import text
    from grouping.services import grouping_compute
    from krakow_ngo.seed.grouping_demo import comments_generate
    from teams.tests.factories import OrganisationFactory, UserFactory

    setup_test_environment()
    with own_database("grouping"):
        clock = time.perf_counter()
        text.lemma("organizacjami")
        print(f"simplemma dictionary load (once per worker): {time.perf_counter() - clock:.2f} s")
        programme = ProgrammeFactory()
        version = build_version(programme, sections=11, paragraphs=6)
        for _ in range(40):
            OrganisationFactory()
        comments_generate(
            version=version,
            n=2000,
            author=UserFactory(),
            starts=timezone.now() - dt.timedelta(days=7),
        )
        reads = []
        for _ in range(5):
            clock = time.perf_counter()
            list(Comment.objects.filter(version=version).active().order_by("number"))
            reads.append(time.perf_counter() - clock)
        tasks = []
        for _ in range(3):
            clock = time.perf_counter()
            grouping_compute(version=version, trigger="on_demand")
            tasks.append(time.perf_counter() - clock)
        read, task = statistics.median(reads), statistics.median(tasks)
        print(f"read 2,000 comments: {read * 1000:.1f} ms (median of 5)")
        print(f"grouping task on 2,000 comments: {task:.2f} s (median of 3)")
        print(f"ratio task / read: {task / read:.0f}")


if __name__ == "__main__":
    main()
