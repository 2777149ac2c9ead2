"""Compose and render the annual implementation report: 200 actions × 3 years.

Beside it, in the same run, the seeded draft programme's PDF (the document citizens
already download): the ratio report / draft is what to compare between runs.
Figures: composing the content (database reads and sums), the HTML with its four SVG
charts, and the whole PDF; best of a few runs, on a throw-away SQLite database:
    python bench/implementation_report.py
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="bench-impl-"))
os.environ["DATABASE_URL"] = ""
os.environ["SQLITE_PATH"] = str(WORK / "bench.sqlite3")
os.environ["MEDIA_ROOT"] = str(WORK / "media")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "krakow_ngo.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

REPEAT = 2
ACTIONS, YEARS = 200, 3


def best_of(fn: Any, repeat: int = REPEAT) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def pages(content: bytes) -> int:
    path = WORK / "x.pdf"
    path.write_bytes(content)
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    found = re.search(r"^Pages:\s+(\d+)", out.stdout, re.M)
    return int(found.group(1)) if found else 0


def big_programme() -> Any:
    from consultations.models import Adoption, DraftVersion
    from implementation.models import ImplementationRecord
    from programmes.models import PriorityArea, Programme, StrategyDocument
    from swot.models import Action, Goal
    from teams.models import SectorTeam
    from teams.services import coordinators_group_sync

    seeded = Programme.objects.get(slug="wpw-2012-2014")
    programme = Programme.objects.create(
        slug="bench-impl",
        title="Program (benchmark)",
        municipality=seeded.municipality,
        first_year=2030,
        last_year=2032,
        legal_basis="x",
    )
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create(username="bench-coordinator")
    user.groups.add(coordinators_group_sync())
    version = DraftVersion.objects.filter(programme=seeded)[0]
    Adoption.objects.create(
        programme=programme,
        version=version,
        resolution_number="I/1/2029",
        resolution_date="2029-11-20",
        bip_url="https://bip.example.org/x",
        recorded_by=user,
    )
    doc = StrategyDocument.objects.create(title="Strategia (benchmark)")
    areas = [
        PriorityArea.objects.create(document=doc, number=n, name=f"Obszar {n}") for n in range(1, 6)
    ]
    teams = [
        SectorTeam.objects.create(
            programme=programme, name=f"Zespół {n}", slug=f"bench-{n}", position=n
        )
        for n in range(7)
    ]
    goals = []
    for n in range(40):
        goal = Goal.objects.create(team=teams[n % 7], title=f"Cel {n}", position=n)
        goal.priority_areas.add(areas[n % 5])
        goals.append(goal)
    actions = Action.objects.bulk_create(
        Action(
            goal=goals[n % 40],
            position=n,
            title=f"Działanie {n} – opis zadania publicznego",
            responsible_party="Wydział Spraw Społecznych",
            cooperation_form="commissioning",
            first_year=2030,
            last_year=2032,
            indicator="liczba uczestników",
            planned_funds=Decimal(10000 + n),
        )
        for n in range(ACTIONS)
    )
    ImplementationRecord.objects.bulk_create(
        ImplementationRecord(
            programme=programme,
            action=a,
            year=y,
            entered_by=user,
            status="done",
            funds_planned=Decimal(10000 + i),
            funds_spent=Decimal(9000 + i),
            indicator_target=Decimal(10),
            indicator_value=Decimal(i % 11),
            organisations_involved=i % 5,
            open_competition=True,
            offers_received=3,
            grants_awarded=1,
            grants_total=Decimal(9000 + i),
            competitions=1,
        )
        for i, a in enumerate(actions)
        for y in range(2030, 2030 + YEARS)
    )
    return programme


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("seed_krakow", verbosity=0)
    from consultations import pdf as draft_pdf
    from consultations.models import DraftVersion
    from implementation import pdf, selectors

    version = DraftVersion.objects.filter(programme__slug="wpw-2012-2014").order_by("number")[0]
    programme = big_programme()
    draft_pdf.render_draft_pdf(version)  # the first render pays WeasyPrint's imports
    draft_time, draft_bytes = best_of(lambda: draft_pdf.render_draft_pdf(version))
    compose_time, _ = best_of(lambda: selectors.report_compose(programme, 2032))
    html_time, _ = best_of(lambda: pdf.render_report_html(programme, 2032, None))
    report_time, report_bytes = best_of(lambda: pdf.render_report_pdf(programme, 2032, None))
    print(f"draft PDF (seed, {pages(draft_bytes)} pages):            {draft_time:6.2f} s")
    print(f"report {ACTIONS} actions × {YEARS} years: compose      {compose_time:6.2f} s")
    print(f"                              + HTML/SVG   {html_time:6.2f} s")
    print(
        f"                              PDF total    {report_time:6.2f} s ({pages(report_bytes)} pages)"
    )
    print(f"ratio report PDF / draft PDF:               {report_time / draft_time:6.1f}")


if __name__ == "__main__":
    main()
