"""PDF render time of the seeded draft and of a generated ~40-page draft.

Baseline, measured in the same run: the ``weasyprint`` command line on the very
same saved HTML. Our figure is the whole in-process path a Celery worker runs
(database reads, template, WeasyPrint with the static-only fetcher); the ratio
ours / CLI is what to compare between runs. The CLI pays interpreter start-up and
imports each time (~0.6 s), which a long-lived worker pays once.

Peak memory: the largest resident set of a fresh process that loads Django and renders
the version once (as a worker does) against the CLI process, each read with ``wait4``.

Runs on a throw-away SQLite database so it needs nothing set up:
    python bench/pdf_render.py
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# A render-once child (peak memory, below) reuses its parent's database and files.
WORK = Path(os.environ.get("BENCH_PDF_WORK") or tempfile.mkdtemp(prefix="bench-pdf-"))
os.environ["DATABASE_URL"] = ""
os.environ["SQLITE_PATH"] = str(WORK / "bench.sqlite3")
os.environ["MEDIA_ROOT"] = str(WORK / "media")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "krakow_ngo.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

REPEAT = 3


def best_of(fn, repeat: int = REPEAT) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def pages(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    found = re.search(r"^Pages:\s+(\d+)", out.stdout, re.M)
    return int(found.group(1)) if found else 0


def forty_page_version():
    """An unpublished version of the seeded programme, long enough for ~40 pages."""
    from consultations.models import MANDATORY_SECTION_KINDS, DraftVersion, Paragraph, Section
    from krakow_ngo.seed import data as seed_data
    from krakow_ngo.seed.loader import SEED_SLUG

    seed_texts = [p for row in seed_data.DRAFT_SECTIONS for p in row["paragraphs"]]
    titles = {row["kind"]: row["title"] for row in seed_data.DRAFT_SECTIONS}
    version = DraftVersion.objects.create(
        programme=DraftVersion.objects.get(programme__slug=SEED_SLUG, number=1).programme,
        number=40,
        title="Projekt – wersja do pomiaru czasu renderowania",
    )
    with transaction.atomic():
        for position, kind in enumerate(MANDATORY_SECTION_KINDS, start=1):
            section = Section.objects.create(
                version=version, position=position, kind=kind, title=titles[kind]
            )
            Paragraph.objects.bulk_create(
                Paragraph(
                    section=section, number=n, text=seed_texts[(position * 7 + n) % len(seed_texts)]
                )
                for n in range(1, 37)
            )
    return version


# Started by a small launcher, so that the measured child is forked from a small process:
# a child's peak resident set includes what it shared with its parent before exec.
LAUNCHER = (
    "import os, subprocess, sys; p = subprocess.Popen(sys.argv[1:]); "
    "_, status, usage = os.wait4(p.pid, 0); print(usage.ru_maxrss if status == 0 else -1)"
)


def peak_rss_mb(argv: list[str]) -> float:
    """Peak resident memory (MB) of one process running ``argv``, read with wait4."""
    out = subprocess.run(
        [sys.executable, "-c", LAUNCHER, *argv],
        capture_output=True,
        text=True,
        check=True,
        env=dict(os.environ, BENCH_PDF_WORK=str(WORK)),
    )
    kilobytes = int(out.stdout.strip().splitlines()[-1])
    if kilobytes < 0:
        raise SystemExit(f"{argv} failed")
    return kilobytes / 1024


def measure(label: str, version: Any) -> dict[str, Any]:
    from consultations import pdf

    html = pdf.render_draft_html(version)
    html_path = WORK / f"{label}.html"
    html_path.write_text(html, encoding="utf-8")
    ours_pdf = WORK / f"{label}.pdf"
    ours_pdf.write_bytes(pdf.render_draft_pdf(version))  # warm-up: fonts, imports
    ours = best_of(lambda: pdf.render_draft_pdf(version))
    same_html = best_of(lambda: pdf.render_pdf(html))
    weasyprint = Path(sys.executable).with_name("weasyprint")
    cli_pdf = WORK / f"{label}-cli.pdf"
    cli = best_of(
        lambda: subprocess.run([str(weasyprint), str(html_path), str(cli_pdf)], check=True)
    )
    n_ours, n_cli = pages(ours_pdf), pages(cli_pdf)
    ratio = ours / cli
    # Ours: a fresh process that loads Django and renders the version once, as a worker does.
    ours_mb = peak_rss_mb([sys.executable, __file__, "--render-once", str(version.pk)])
    cli_mb = peak_rss_mb([str(weasyprint), str(html_path), str(cli_pdf)])
    print(
        f"{label:>14}: {n_ours:3d} pages (CLI {n_cli:3d}) | ours {ours:6.2f} s "
        f"({ours / n_ours * 1000:4.0f} ms/page; saved HTML only {same_html:5.2f} s) | "
        f"weasyprint CLI {cli:5.2f} s | ratio ours/CLI {ratio:4.2f} | "
        f"peak memory ours {ours_mb:.0f} MB, CLI {cli_mb:.0f} MB"
    )
    return {
        "pages": n_ours,
        "ours_s": round(ours, 3),
        "cli_s": round(cli, 3),
        "ratio": ratio,
        "peak_mb_ours": round(ours_mb, 1),
        "peak_mb_cli": round(cli_mb, 1),
    }


def main() -> int:
    from consultations.models import DraftVersion
    from krakow_ngo.seed.loader import SEED_SLUG, seed_krakow

    call_command("migrate", verbosity=0)
    seed_krakow()
    print(f"best of {REPEAT}; files in {WORK}")
    empty = WORK / "empty.html"
    empty.write_text("<p>.</p>", encoding="utf-8")
    weasyprint = Path(sys.executable).with_name("weasyprint")
    startup = best_of(
        lambda: subprocess.run([str(weasyprint), str(empty), str(WORK / "empty.pdf")], check=True)
    )
    print(f"weasyprint CLI on a one-line page (start-up and imports): {startup:.2f} s")
    from bench.figures import emit

    emit(
        {
            "cli_startup_s": round(startup, 3),
            "seeded": measure(
                "seeded draft", DraftVersion.objects.get(programme__slug=SEED_SLUG, number=2)
            ),
            "forty_pages": measure("40-page draft", forty_page_version()),
        }
    )
    return 0


def render_once(pk: int) -> int:
    from consultations import pdf
    from consultations.models import DraftVersion

    pdf.render_draft_pdf(DraftVersion.objects.get(pk=pk))
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--render-once"]:
        sys.exit(render_once(int(sys.argv[2])))
    sys.exit(main())
