"""SWOT board partial: query count and render time for a large board against a small
one, measured in the same run (ratios, not absolute times).

    DATABASE_URL=postgres://... python bench/board_partial.py

It runs in a throw-away database of its own (bench/figures.py), so the factories'
KRS numbers never collide with organisations already in DATABASE_URL's database.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "krakow_ngo.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench.figures import emit, own_database  # noqa: E402
from swot.tests.factories import SwotItemFactory, SwotSessionFactory, SwotVoteFactory  # noqa: E402
from teams.tests.factories import MeetingFactory, MembershipFactory  # noqa: E402

SIZES = (5, 200)
ROUNDS = 30


def measure(client: Client, url: str) -> tuple[int, float]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    # Read now: every request_started signal empties the query log.
    queries = len(ctx.captured_queries)
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - start)
    return queries, statistics.median(times)


def main() -> None:
    results: dict[tuple[str, int], tuple[int, float]] = {}
    with own_database("board"):
        member: Any = MembershipFactory(team__slug="bench-board-team")
        moderator: Any = MembershipFactory(team=member.team, role="moderator")
        voters = [MembershipFactory(team=member.team).user for _ in range(10)]
        sessions: dict[int, Any] = {}
        for size in SIZES:
            session: Any = SwotSessionFactory(meeting=MeetingFactory(team=member.team))
            for i in range(size):
                item = SwotItemFactory(session=session, quadrant="SWOT"[i % 4])
                SwotVoteFactory(item=item, voter=voters[i % 10])
            sessions[size] = session
        for who, membership in (("member", member), ("moderator", moderator)):
            client = Client()
            client.force_login(membership.user)
            for size, session in sessions.items():
                url = reverse("swot:board_items", args=[session.pk])
                results[who, size] = measure(client, url)
    small, large = SIZES
    for who in ("member", "moderator"):
        (small_q, small_t), (large_q, large_t) = results[who, small], results[who, large]
        print(
            f"{who}: board partial queries {small_q} ({small} items, baseline), {large_q} ({large})"
        )
        print(f"{who}: query ratio {large}/{small} items: {large_q / small_q:.2f}")
        print(f"{who}: render-time ratio {large}/{small} items: {large_t / small_t:.2f}")
    emit(
        {
            f"{who}_{size}": {"queries": q, "median_ms": round(t * 1000, 2)}
            for (who, size), (q, t) in results.items()
        }
    )


if __name__ == "__main__":
    main()
