"""Search latency at 10,000 paragraphs and 20,000 comments: our index vs a plain ILIKE scan.

PostgreSQL only (needs DATABASE_URL); skips itself on SQLite. Builds a throw-away test
database with one published version of 10,000 paragraphs and 20,000 comments with
published answers, their text drawn from the seed's own words (krakow_ngo/seed/), indexes
it with search.services.index_rebuild and times, per query, search.selectors.search()
(lemmas, GIN index) next to ``text ILIKE '%…%'`` over paragraphs and comments.
Usage: DATABASE_URL=postgres://… python bench/search_latency.py
"""

from __future__ import annotations

import os
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "krakow_ngo.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Q  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.figures import own_database  # noqa: E402

PARAGRAPHS = 10_000
COMMENTS = 20_000
QUERIES = [
    "organizacja",
    "wykluczenie",
    "wspolpraca",
    "ekonomii spolecznej",
    '"ekonomii społecznej"',
]
# What a plain scan would look for: the words as typed.
ILIKE = {
    "organizacja": ["organizacja"],
    "wykluczenie": ["wykluczenie"],
    "wspolpraca": ["wspolpraca"],
    "ekonomii spolecznej": ["ekonomii", "spolecznej"],
    '"ekonomii społecznej"': ["ekonomii społecznej"],
}


def seed_words() -> list[str]:
    text = "".join(
        (ROOT / "krakow_ngo" / "seed" / name).read_text(encoding="utf-8")
        for name in ("data.py", "comments.py")
    )
    return re.findall(r"[^\W\d_]+", " ".join(re.findall(r'"([^"\n]*)"', text)))


def build() -> None:
    from consultations.models import Comment, DraftVersion, Paragraph, Section
    from consultations.tests.factories import ProgrammeFactory
    from teams.tests.factories import OrganisationFactory, UserFactory

    rng = random.Random(13)
    words = seed_words()

    def sentence(n: int) -> str:
        start = rng.randrange(len(words) - n)
        return " ".join(words[start : start + n]) + "."

    programme: Any = ProgrammeFactory()
    version = DraftVersion.objects.create(programme=programme, number=1, title="Bench")
    sections = Section.objects.bulk_create(
        Section(version=version, position=i, kind="free", title=f"Rozdział {i}")
        for i in range(1, 101)
    )
    Paragraph.objects.bulk_create(
        (
            Paragraph(section=s, number=n, text=sentence(45))
            for s in sections
            for n in range(1, PARAGRAPHS // len(sections) + 1)
        ),
        batch_size=2000,
    )
    DraftVersion.objects.filter(pk=version.pk).update(
        status="published", published_at=timezone.now()
    )
    author: Any = UserFactory()
    org: Any = OrganisationFactory()
    paragraphs = list(
        Paragraph.objects.filter(section__version=version).values_list("pk", flat=True)
    )
    now = timezone.now()
    Comment.objects.bulk_create(
        (
            Comment(
                version=version,
                paragraph_id=rng.choice(paragraphs),
                number=n,
                author=author,
                organisation=org,
                proposed_wording=sentence(20),
                justification=sentence(30),
                answer="accepted",
                answer_justification=sentence(15),
                answer_published_at=now,
            )
            for n in range(1, COMMENTS + 1)
        ),
        batch_size=2000,
    )


def median_ms(fn: Callable[[], Any], runs: int = 9) -> tuple[float, int]:
    result = fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, len(result)


def main() -> None:
    if connection.vendor != "postgresql":
        print("search_latency: skipped (PostgreSQL only; set DATABASE_URL)")
        return
    from consultations.models import Comment, Paragraph
    from search import selectors
    from search.services import index_rebuild

    setup_test_environment()
    with own_database("search"):
        start = time.perf_counter()
        build()
        print(f"built in {time.perf_counter() - start:.1f} s", flush=True)
        built = time.perf_counter() - start
        start = time.perf_counter()
        entries = index_rebuild()
        indexed = time.perf_counter() - start
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(
            f"{PARAGRAPHS} paragraphs, {COMMENTS} comments: built in {built:.1f} s, "
            f"{entries} entries indexed in {indexed:.1f} s"
        )
        for q in QUERIES:
            parsed = selectors.parse_query(q)
            ours, hits = median_ms(lambda p=parsed: selectors.search(query=p))  # type: ignore[misc]

            def scan(terms: list[str] = ILIKE[q]) -> list[int]:
                para = Q()
                comm = Q()
                for t in terms:
                    para &= Q(text__icontains=t)
                    comm &= (
                        Q(justification__icontains=t)
                        | Q(proposed_wording__icontains=t)
                        | Q(answer_justification__icontains=t)
                    )
                ids = list(Paragraph.objects.filter(para).values_list("pk", flat=True)[:200])
                return ids + list(
                    Comment.objects.filter(comm).values_list("pk", flat=True)[: 200 - len(ids)]
                )

            plain, plain_hits = median_ms(scan)
            print(
                f"{q!r:24} index {ours:7.1f} ms ({hits:3} hits, max 200)  "
                f"ILIKE {plain:7.1f} ms ({plain_hits:3} hits)  ratio {ours / plain:.2f}"
            )


if __name__ == "__main__":
    main()
