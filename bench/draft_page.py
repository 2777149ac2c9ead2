"""Draft page: time to render a large document against a small one, same run.

Prints the ratio (300 paragraphs + 2,000 comments vs 10 paragraphs + 0 comments) and
the number of SQL queries of each; runs on a throw-away test database.
Usage: python bench/draft_page.py
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
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from bench.figures import emit, own_database  # noqa: E402


def build(paragraphs: int, comments: int) -> Any:
    from consultations.tests.test_draft_page import _document

    return _document(paragraphs, comments)


def measure(client: Client, url: str, runs: int = 7) -> tuple[float, int]:
    client.get(url)  # warm the template cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        times.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return statistics.median(times), len(ctx.captured_queries)


def main() -> None:
    setup_test_environment()
    with own_database("draft"):
        client = Client()
        small = build(10, 0)
        large = build(300, 2000)
        base_t, base_q = measure(client, small.get_absolute_url())
        big_t, big_q = measure(client, large.get_absolute_url())
        print(f"draft page 10 paragraphs/0 comments: {base_t * 1000:.1f} ms, {base_q} queries")
        print(f"draft page 300 paragraphs/2000 comments: {big_t * 1000:.1f} ms, {big_q} queries")
        print(f"ratio large/small: {big_t / base_t:.2f}x; queries equal: {base_q == big_q}")
        emit(
            {
                "small_ms": round(base_t * 1000, 1),
                "large_ms": round(big_t * 1000, 1),
                "ratio": big_t / base_t,
                "queries": [base_q, big_q],
            }
        )


if __name__ == "__main__":
    main()
