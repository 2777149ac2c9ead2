"""The annual report: draft, publication, immutability, downloads and the metryczka."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, InternalError, transaction
from django.urls import reverse
from django.utils import timezone

from core.dates import WARSAW
from implementation import services
from implementation.models import AnnualReport
from implementation.tests.factories import RecordFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "other_team_member", "moderator", "coordinator", "official"]
SUFFIXES = ["", "pdf/", "csv/", "xlsx/", "json/"]


@pytest.fixture
def draft(adopted: Any, coordinator: Any, action: Any) -> AnnualReport:
    RecordFactory(
        action=action,
        year=2012,
        funds_planned=Decimal("1200000.50"),
        funds_spent=Decimal("1000.25"),
    )
    return services.report_save(
        programme=adopted,
        year=2012,
        texts={"summary": "Rok udanej współpracy."},
        by=coordinator,
        now=timezone.now(),
    )


def _login(request: Any, client: Any, role: str) -> None:
    user = request.getfixturevalue(role)
    if user is not None:
        client.force_login(user)


@pytest.mark.parametrize("suffix", SUFFIXES)
@pytest.mark.parametrize(
    ("role", "status"), list(zip(ROLES, [404, 404, 404, 404, 200, 200], strict=True))
)
def test_a_draft_is_seen_by_coordinators_and_officials_only(
    role: str, status: int, suffix: str, request: Any, client: Any, draft: AnnualReport
) -> None:
    _login(request, client, role)
    url = reverse("implementation:report_detail", args=[draft.programme.slug, 2012]) + suffix
    response = client.get(url)
    assert response.status_code == status
    if status == 200 and suffix:
        assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("suffix", SUFFIXES)
@pytest.mark.parametrize("role", ROLES)
def test_a_published_report_is_public(
    role: str,
    suffix: str,
    request: Any,
    client: Any,
    draft: AnnualReport,
    coordinator: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # The PDF's render (eager) only where the PDF is asked for: it is the same file for
    # every role, and the other formats are made on request without it.
    with django_capture_on_commit_callbacks(execute=suffix == "pdf/"):
        services.report_publish(report=draft, by=coordinator, now=timezone.now())
    _login(request, client, role)
    url = reverse("implementation:report_detail", args=[draft.programme.slug, 2012]) + suffix
    with django_capture_on_commit_callbacks(execute=True) as queued:
        assert client.get(url).status_code == 200
    assert queued == []  # nobody's request renders or queues anything


@pytest.mark.parametrize(
    ("role", "status"), list(zip(ROLES, [302, 403, 403, 403, 200, 403], strict=True))
)
def test_only_coordinators_edit_the_report(
    role: str, status: int, request: Any, client: Any, draft: AnnualReport
) -> None:
    _login(request, client, role)
    url = reverse("implementation:report_edit", args=[draft.programme.slug, 2012])
    assert client.get(url).status_code == status


def test_years_page_is_public_and_says_when_reports_are_due(client: Any, adopted: Any) -> None:
    body = client.get(reverse("implementation:years", args=[adopted.slug])).content.decode()
    assert "31 maja 2013" in body
    assert "31 maja 2015" in body


def test_no_implementation_pages_before_adoption(
    client: Any, programme: Any, coordinator: Any
) -> None:
    client.force_login(coordinator)
    assert client.get(reverse("implementation:years", args=[programme.slug])).status_code == 404


def test_publishing_freezes_the_figures(
    draft: AnnualReport, coordinator: Any, action: Any, client: Any
) -> None:
    report = services.report_publish(report=draft, by=coordinator, now=timezone.now())
    assert report.content["totals"]["funds_planned"] == "1200000.50"
    # Records corrected after publication do not change the published report.
    action.implementation_records.update(funds_planned=Decimal("1.00"))
    data = json.loads(
        client.get(
            reverse("implementation:report_json", args=[report.programme.slug, 2012])
        ).content
    )
    assert data["totals"]["funds_planned"] == "1200000.50"
    assert data["report"]["status"] == "published"


def test_a_published_report_cannot_be_changed(draft: AnnualReport, coordinator: Any) -> None:
    report = services.report_publish(report=draft, by=coordinator, now=timezone.now())
    with pytest.raises(ValidationError):
        services.report_save(
            programme=report.programme,
            year=2012,
            texts={"summary": "x"},
            by=coordinator,
            now=timezone.now(),
        )
    with pytest.raises(ValidationError):
        services.report_publish(report=report, by=coordinator, now=timezone.now())
    # The database refuses a stray update too (trigger, migration 0002).
    with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
        AnnualReport.objects.filter(pk=report.pk).update(summary="zmienione")
    with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
        AnnualReport.objects.filter(pk=report.pk).update(content={"x": 1})


def test_publishing_needs_a_summary_and_results(adopted: Any, coordinator: Any) -> None:
    report = services.report_save(
        programme=adopted, year=2013, texts={}, by=coordinator, now=timezone.now()
    )
    with pytest.raises(ValidationError):
        services.report_publish(report=report, by=coordinator, now=timezone.now())
    report = services.report_save(
        programme=adopted, year=2013, texts={"summary": "S."}, by=coordinator, now=timezone.now()
    )
    with pytest.raises(ValidationError):
        services.report_publish(report=report, by=coordinator, now=timezone.now())


@pytest.mark.parametrize(
    ("published_at", "on_time"),
    [
        (dt.datetime(2013, 5, 31, 23, 59, tzinfo=WARSAW), True),
        (dt.datetime(2013, 6, 1, 0, 0, tzinfo=WARSAW), False),
    ],
)
def test_on_time_means_by_the_end_of_31_may_in_warsaw(
    draft: AnnualReport, coordinator: Any, published_at: dt.datetime, on_time: bool
) -> None:
    report = services.report_publish(report=draft, by=coordinator, now=published_at)
    assert report.published_on_time is on_time


def test_the_coordinator_edits_and_publishes_in_the_browser(
    client: Any, draft: AnnualReport, coordinator: Any
) -> None:
    client.force_login(coordinator)
    url = reverse("implementation:report_edit", args=[draft.programme.slug, 2012])
    response = client.post(url, {"summary": "", "conclusions": "Wnioski.", "publish": "1"})
    assert response.status_code == 200  # no summary: refused beside the field
    assert "Wnioski." in response.content.decode()
    response = client.post(
        url, {"summary": "Podsumowanie.", "conclusions": "Wnioski.", "publish": "1"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_published
    assert draft.published_by == coordinator


def test_csv_cells_are_neutralised(
    draft: AnnualReport, coordinator: Any, action: Any, client: Any
) -> None:
    action.title = '=HYPERLINK("http://x")'
    action.save()
    client.force_login(coordinator)
    text = client.get(
        reverse("implementation:report_csv", args=[draft.programme.slug, 2012])
    ).content.decode()
    assert "'=HYPERLINK" in text


def test_the_pdf_has_title_page_toc_and_page_numbers(
    draft: AnnualReport,
    coordinator: Any,
    client: Any,
    tmp_path: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.report_publish(report=draft, by=coordinator, now=timezone.now())
    response = client.get(reverse("implementation:report_pdf", args=[draft.programme.slug, 2012]))
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF")
    path = tmp_path / "r.pdf"
    path.write_bytes(content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Sprawozdanie z realizacji programu współpracy za rok 2012" in text
    assert "Spis treści" in text
    assert "Strona 2 z" in text
    assert "1 200 000,50 zł" in text
    assert "Opublikował" in text


def test_a_published_reports_pdf_is_rendered_once_by_a_worker_never_in_a_request(
    draft: AnnualReport, coordinator: Any, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from core.models import StoredFile
    from implementation.models import AnnualReportPdf

    with django_capture_on_commit_callbacks(execute=False) as queued:
        services.report_publish(report=draft, by=coordinator, now=timezone.now())
    assert len(queued) == 1  # publication queued the render
    url = reverse("implementation:report_pdf", args=[draft.programme.slug, 2012])
    with django_capture_on_commit_callbacks(execute=False) as again:
        pending = [client.get(url) for _ in range(3)]
    assert [r.status_code for r in pending] == [202, 202, 202]
    assert pending[0]["Retry-After"] == "5"
    assert again == []  # already pending: readers queue nothing more
    assert not StoredFile.objects.exists()  # and render nothing
    queued[0]()  # the worker's turn (eager here)
    stored = AnnualReportPdf.objects.get(report=draft)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == bytes(
        StoredFile.objects.get(name=stored.file.name).content
    )
    assert StoredFile.objects.count() == 1
