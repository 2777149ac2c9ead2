"""The journey in Chromium: an official enters results, the coordinator publishes, the public reads the PDF.

Button names match the English msgid too: the Polish msgstr waits in locale/pl/pending/.
"""

from __future__ import annotations

import re
import subprocess
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from core.testing import axe_violations, screenshot_dir
from implementation.models import AnnualReport, ImplementationRecord

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def _log_in(page: Any, live_server: Any, user: Any) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def _shoot(page: Any, name: str) -> None:
    if (shots := screenshot_dir()) is not None:
        page.screenshot(path=str(shots / f"{name}.png"), full_page=True)


def test_official_enters_coordinator_publishes_public_downloads(
    live_server: Any,
    browser: Any,
    adopted: Any,
    action: Any,
    official: Any,
    coordinator: Any,
    tmp_path: Any,
) -> None:
    official_page = browser.new_context(locale="pl-PL", timezone_id="Europe/Warsaw").new_page()
    _log_in(official_page, live_server, official)
    official_page.goto(f"{live_server.url}/programmes/{adopted.slug}/implementation/2012/results/")
    p = f"#id_a{action.pk}"
    official_page.select_option(f"{p}-status", "done")
    official_page.fill(f"{p}-funds_planned", "1 200 000,50 zł")
    official_page.fill(f"{p}-funds_spent", "1.100.000")  # a dot: refused, the text stays
    official_page.get_by_role("button", name=re.compile("Zapisz wyniki|Save the results")).click()
    assert official_page.locator(f"{p}-funds_spent").input_value() == "1.100.000"
    assert not ImplementationRecord.objects.exists()
    official_page.fill(f"{p}-funds_spent", "1 100 000,00")
    official_page.fill(f"{p}-organisations_involved", "7")
    official_page.get_by_role("button", name=re.compile("Zapisz wyniki|Save the results")).click()
    official_page.wait_for_url("**/results/")
    assert ImplementationRecord.objects.get().organisations_involved == 7
    _shoot(official_page, "impl-results-1280")
    assert axe_violations(official_page) == []

    coord_page = browser.new_context(locale="pl-PL", timezone_id="Europe/Warsaw").new_page()
    _log_in(coord_page, live_server, coordinator)
    coord_page.goto(f"{live_server.url}/programmes/{adopted.slug}/implementation/2012/edit/")
    coord_page.fill("#id_summary", "Rok realizacji zgodny z planem.")
    coord_page.get_by_role("button", name=re.compile("Zapisz i opublikuj|Save and publish")).click()
    coord_page.wait_for_url("**/implementation/2012/")
    assert AnnualReport.objects.get().is_published

    for width in (360, 1280):
        public = browser.new_context(
            locale="pl-PL", timezone_id="Europe/Warsaw", viewport={"width": width, "height": 900}
        ).new_page()
        public.goto(f"{live_server.url}/programmes/{adopted.slug}/implementation/2012/")
        assert public.locator("svg[role=img]").count() == 4
        _shoot(public, f"impl-report-{width}")
        assert axe_violations(public) == []
        if width == 1280:
            with public.expect_download() as info:
                public.get_by_role("link", name="CSV").click()
            assert info.value.suggested_filename.endswith(".csv")
            response = public.request.get(
                f"{live_server.url}/programmes/{adopted.slug}/implementation/2012/pdf/"
            )
            assert response.headers["content-type"] == "application/pdf"
            path = tmp_path / "report.pdf"
            path.write_bytes(response.body())
            text = subprocess.run(
                ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
            ).stdout
            assert "1 200 000,50" in text.replace("\u00a0", " ")
            if (shots := screenshot_dir()) is not None:
                subprocess.run(
                    [
                        "pdftoppm",
                        "-png",
                        "-r",
                        "60",
                        "-f",
                        "1",
                        "-l",
                        "8",
                        str(path),
                        str(shots / "impl-report-pdf"),
                    ],
                    check=True,
                )
