"""Charts: the SVG parses, has a text alternative, and its numbers are the table's."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from implementation import charts, selectors
from implementation.amounts import format_pln
from implementation.tests.factories import RecordFactory

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def content(adopted: Any, action: Any, other_action: Any) -> dict[str, Any]:
    RecordFactory(
        action=action,
        year=2012,
        funds_planned=Decimal("1200000.50"),
        funds_spent=Decimal("900000"),
        organisations_involved=4,
        indicator_target=Decimal(10),
        indicator_value=Decimal(7),
    )
    RecordFactory(
        action=other_action,
        year=2012,
        funds_planned=Decimal("100"),
        funds_spent=Decimal("0"),
        organisations_involved=2,
    )
    RecordFactory(
        action=action,
        year=2013,
        funds_planned=Decimal("5"),
        funds_spent=Decimal("5"),
        organisations_involved=1,
    )
    return selectors.report_compose(adopted, 2013)


def test_every_chart_parses_and_has_a_title_and_description(content: dict[str, Any]) -> None:
    for chart in charts.report_charts(content):
        root = ET.fromstring(str(chart.svg))  # noqa: S314 - our own SVG
        assert root.get("role") == "img"
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert title is not None
        assert title.text == chart.title
        assert desc is not None
        assert desc.text
        assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        assert "style" not in str(chart.svg).replace("font-", "")  # presentation attributes only


def _texts(chart: charts.Chart) -> list[str]:
    root = ET.fromstring(str(chart.svg))  # noqa: S314 - our own SVG
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def test_the_funds_chart_writes_the_tables_amounts(content: dict[str, Any]) -> None:
    chart = charts.funds_chart(content)
    texts = _texts(chart)
    assert [r[1] for r in chart.rows] == ["2012", "2013"]
    for row in chart.rows:
        assert row[2] in texts
        assert row[3] in texts
    assert format_pln(Decimal("1200100.50")) in [r[2] for r in chart.rows]


def test_the_organisations_chart_matches_its_table(content: dict[str, Any]) -> None:
    chart = charts.organisations_chart(content)
    assert chart.rows == [["2012", "6"], ["2013", "1"]]
    texts = _texts(chart)
    assert "6" in texts
    assert "1" in texts


def test_the_indicator_chart_caps_progress_at_100_per_cent(content: dict[str, Any]) -> None:
    chart = charts.indicators_chart(selectors.report_compose(_programme(), 2012))
    assert [r[2] for r in chart.rows] == ["70%"]
    root = ET.fromstring(str(chart.svg))  # noqa: S314 - our own SVG
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect")][-2:]
    assert widths[1] == pytest.approx(widths[0] * 0.7)


def _programme() -> Any:
    from programmes.models import Programme

    return Programme.objects.get()


def test_the_timeline_lists_the_adoption_and_the_due_dates(content: dict[str, Any]) -> None:
    chart = charts.timeline_chart(content)
    dates = [r[0] for r in chart.rows]
    assert dates == sorted(dates)
    assert "2013-05-31" in dates
    assert "2015-05-31" in dates


def test_the_page_shows_each_chart_beside_its_table(
    client: Any, coordinator: Any, content: dict[str, Any]
) -> None:
    client.force_login(coordinator)
    html = client.get(
        reverse("implementation:report_detail", args=[content["programme"]["slug"], 2013])
    ).content.decode()
    assert html.count('role="img"') == 4
    assert len(re.findall(r'<table class="table table-sm chart-table"', html)) == 4
    assert "<script>" not in html


def test_charts_are_in_the_pdf(adopted: Any, coordinator: Any, content: dict[str, Any]) -> None:
    from implementation.pdf import render_report_html

    html = render_report_html(adopted, 2013, None)
    assert html.count("<svg") == 4
    assert "Dane wykresu" in html
