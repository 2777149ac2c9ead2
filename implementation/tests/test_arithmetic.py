"""Plan vs reality over random records: totals equal the sums, in every format."""

from __future__ import annotations

import csv
import io
import subprocess
import tempfile
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase
from openpyxl import load_workbook

from consultations.tests.factories import PriorityAreaFactory, ProgrammeFactory
from implementation import services
from implementation.amounts import format_pln
from implementation.tests.factories import RecordFactory, adopt
from swot.tests.factories import ActionFactory, GoalFactory
from teams.services import coordinators_group_sync
from teams.tests.factories import SectorTeamFactory, UserFactory

amounts = st.decimals(min_value=0, max_value=Decimal("5000000"), places=2)
record = st.tuples(st.integers(min_value=0, max_value=2), amounts, amounts)


class ReportArithmeticTests(TestCase):
    @settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(record, min_size=1, max_size=7))
    def test_totals_are_the_sums_in_html_pdf_csv_and_xlsx(self, records: list) -> None:
        programme = ProgrammeFactory()
        adopt(programme)
        coordinator = UserFactory(is_staff=True)
        coordinator.groups.add(coordinators_group_sync())
        team = SectorTeamFactory(programme=programme)
        areas = [PriorityAreaFactory(name=f"Obszar {i}") for i in range(3)]
        goals = []
        for area in areas:
            goal = GoalFactory(team=team)
            goal.priority_areas.add(area)
            goals.append(goal)
        expected: dict[str, list[Decimal]] = {}
        for area_index, planned, spent in records:
            action = ActionFactory(goal=goals[area_index], first_year=2012, last_year=2012)
            RecordFactory(action=action, year=2012, funds_planned=planned, funds_spent=spent)
            key = f"{areas[area_index].number}) {areas[area_index].name}"
            sums = expected.setdefault(key, [Decimal(0), Decimal(0)])
            sums[0] += planned
            sums[1] += spent
        total_planned = sum((v[0] for v in expected.values()), Decimal(0))
        total_spent = sum((v[1] for v in expected.values()), Decimal(0))
        report = services.report_save(
            programme=programme,
            year=2012,
            texts={"summary": "S."},
            by=coordinator,
            now=timezone.now(),
        )
        # Publishing queues the PDF's render; eager here, it runs on commit.
        with self.captureOnCommitCallbacks(execute=True):
            services.report_publish(report=report, by=coordinator, now=timezone.now())
        base = reverse("implementation:report_detail", args=[programme.slug, 2012])

        html = self.client.get(base).content.decode()
        assert f'id="total-planned">{format_pln(total_planned)}<' in html
        assert f'id="total-spent">{format_pln(total_spent)}<' in html
        for planned, spent in expected.values():
            assert f'data-area-total="funds_planned">{format_pln(planned)}<' in html
            assert f'data-area-total="funds_spent">{format_pln(spent)}<' in html

        rows = list(csv.reader(io.StringIO(self.client.get(base + "csv/").content.decode())))
        totals = {r[0]: (Decimal(r[8]), Decimal(r[9])) for r in rows if r[0].startswith("Razem")}
        assert totals["Razem"] == (total_planned, total_spent)
        for name, (planned, spent) in expected.items():
            assert totals[f"Razem: {name}"] == (planned, spent)
        # Each action row adds up to the totals too.
        actions = [r for r in rows[1:] if not r[0].startswith("Razem")]
        assert sum(Decimal(r[8]) for r in actions) == total_planned

        book = load_workbook(io.BytesIO(self.client.get(base + "xlsx/").content))
        sheet_rows = list(book.active.iter_rows(values_only=True))
        last = sheet_rows[-1]
        assert last[0] == "Razem"
        assert (Decimal(last[8]), Decimal(last[9])) == (total_planned, total_spent)

        with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
            f.write(b"".join(self.client.get(base + "pdf/").streaming_content))
            f.flush()
            text = subprocess.run(
                ["pdftotext", "-layout", f.name, "-"], capture_output=True, text=True, check=True
            ).stdout
        flat = " ".join(text.split()).replace("\u00a0", " ")
        assert f"Środki planowane ogółem {format_pln(total_planned)}".replace("\u00a0", " ") in flat
        assert f"Środki wydatkowane ogółem {format_pln(total_spent)}".replace("\u00a0", " ") in flat
        for planned, spent in expected.values():
            pair = f"{format_pln(planned)} {format_pln(spent)}".replace("\u00a0", " ")
            assert pair in flat
