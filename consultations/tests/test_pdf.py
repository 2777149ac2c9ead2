"""PDFs of the draft and of the report: contents, safety, and the stored-file task path."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
from pathlib import Path

import pytest
from celery.signals import task_prerun
from django.urls import reverse
from django.utils import timezone

from consultations import pdf, services
from consultations.models import Comment, DraftVersion, RenderedPdf
from consultations.tasks import render_pdf
from consultations.tests.factories import CommentFactory, version_with_sections
from core.models import StoredFile
from krakow_ngo.seed.loader import SEED_SLUG, seed_krakow

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is missing"),
]

POLISH = "ąęłńóśźż"


def pdf_text(content: bytes, tmp_path: Path, *, page: int | None = None) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    pages = ["-f", str(page), "-l", str(page)] if page else []
    result = subprocess.run(
        ["pdftotext", *pages, str(path), "-"], capture_output=True, check=True, text=True
    )
    return result.stdout


def page_count(content: bytes, tmp_path: Path) -> int:
    path = tmp_path / "count.pdf"
    path.write_bytes(content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True)
    found = re.search(r"^Pages:\s+(\d+)", info.stdout, re.M)
    assert found
    return int(found.group(1))


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def seeded_version():
    seed_krakow()
    return DraftVersion.objects.get(programme__slug=SEED_SLUG, number=2)


@pytest.fixture
def seeded_pdf(seeded_version):
    return pdf.render_draft_pdf(seeded_version)


# ------------------------------------------------------------------------------
# What the seeded draft's PDF contains
# ------------------------------------------------------------------------------
def test_the_pdf_starts_like_a_pdf(seeded_pdf):
    assert seeded_pdf.startswith(b"%PDF")


def test_the_pdf_has_title_version_every_heading_and_polish_letters(
    seeded_pdf, seeded_version, tmp_path
):
    text = flat(pdf_text(seeded_pdf, tmp_path))
    assert flat(seeded_version.programme.title) in text
    assert "PROJEKT" in text
    assert "wersja 2 z dnia 2 września 2011 r." in text
    for section in seeded_version.sections.all():
        assert f"{section.position}. {flat(section.title)}" in text
    for letter in POLISH:
        assert letter in text, letter
    assert "Współpracy" in text
    assert "organizacjami pozarządowymi" in text


def test_the_title_page_carries_the_bip_metadata(seeded_pdf, tmp_path):
    first = flat(pdf_text(seeded_pdf, tmp_path, page=1))
    assert "Gmina Miejska Kraków" in first
    for label in ("Wytworzył", "Data wytworzenia", "Opublikował", "Data publikacji"):
        assert label in first
    assert "2 września 2011, 09:00" in first


def test_the_table_of_contents_gives_the_page_of_every_section(
    seeded_pdf, seeded_version, tmp_path
):
    pages = page_count(seeded_pdf, tmp_path)
    toc = flat(pdf_text(seeded_pdf, tmp_path, page=2))
    assert "Spis treści" in toc
    page_texts = {n: flat(pdf_text(seeded_pdf, tmp_path, page=n)) for n in range(3, pages + 1)}
    for section in seeded_version.sections.all():
        heading = f"{section.position}. {flat(section.title)}"
        found = re.search(re.escape(heading) + r"[ .]*?(\d+)(?: |$)", toc)
        assert found, f"{heading} is not in the table of contents with a page number"
        listed = int(found.group(1))
        assert heading in page_texts[listed], f"{heading} is not on page {listed}"


def test_every_page_after_the_first_has_the_running_header_and_page_of_pages(
    seeded_pdf, seeded_version, tmp_path
):
    pages = page_count(seeded_pdf, tmp_path)
    assert 6 <= pages <= 14, f"{pages} pages for the seeded draft"
    assert "Strona" not in pdf_text(seeded_pdf, tmp_path, page=1)
    title = flat(seeded_version.programme.title)
    for n in range(2, pages + 1):
        text = flat(pdf_text(seeded_pdf, tmp_path, page=n))
        assert f"Strona {n} z {pages}" in text
        assert title in text


def test_an_unpublished_draft_says_so_on_its_title_page(programme, tmp_path):
    draft = version_with_sections(programme)
    text = flat(pdf_text(pdf.render_draft_pdf(draft), tmp_path, page=1))
    assert "nieopublikowana" in text
    assert "zażółć gęślą jaźń" in flat(pdf_text(pdf.render_draft_pdf(draft), tmp_path))


# ------------------------------------------------------------------------------
# User text never makes the renderer fetch anything
# ------------------------------------------------------------------------------
@pytest.fixture
def trap():
    """A local port that records whether anything connected to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.setblocking(False)
    yield server
    server.close()


def _connected(server: socket.socket) -> bool:
    try:
        connection, _address = server.accept()
    except BlockingIOError:
        return False
    connection.close()
    return True


def test_markup_in_a_paragraph_renders_as_text_and_fetches_nothing(programme, trap, tmp_path):
    port = trap.getsockname()[1]
    hostile = [
        f'<img src="http://127.0.0.1:{port}/x.png">',
        "<style>@import url(file:///etc/passwd);</style>",
        f'<p style="background: url(http://127.0.0.1:{port}/bg.png)">url(file:///etc/passwd)</p>',
    ]
    draft = version_with_sections(programme, texts={"goals": hostile})
    fetcher = pdf.static_only_fetcher()

    content = pdf.render_draft_pdf(draft, fetcher=fetcher)

    assert fetcher.requested == []
    assert not _connected(trap)
    text = flat(pdf_text(content, tmp_path))
    assert f'<img src="http://127.0.0.1:{port}/x.png">' in text
    assert "url(file:///etc/passwd)" in text


def test_the_fetcher_refuses_the_network_and_files_outside_static(trap):
    port = trap.getsockname()[1]
    html = (
        f'<img src="http://127.0.0.1:{port}/x.png">'
        '<img src="file:///etc/passwd">'
        '<img src="/static/../../../../etc/passwd">'
        '<link rel="stylesheet" href="/static/css/portal.css">'
    )
    fetcher = pdf.static_only_fetcher()
    assert pdf.render_pdf(html, fetcher=fetcher).startswith(b"%PDF")
    assert not _connected(trap)
    assert f"http://127.0.0.1:{port}/x.png" in fetcher.refused
    assert "file:///etc/passwd" in fetcher.refused
    assert fetcher.served == ["file:///static/css/portal.css"]


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/x.png",
        "https://127.0.0.1/static/css/portal.css",
        "file:///etc/passwd",
        "file:///static/../../etc/passwd",
        "file:///static/%2e%2e/%2e%2e/etc/passwd",
        "file://evil.example/static/css/portal.css",
        "data:text/plain,hello",
        "file:///static/",
    ],
)
def test_only_static_files_have_a_path(url):
    assert pdf.static_path_for(url) is None


def test_a_static_file_has_its_path_on_disk():
    path = pdf.static_path_for("file:///static/css/portal.css")
    assert path is not None
    assert path.name == "portal.css"


# ------------------------------------------------------------------------------
# The report as a table whose header repeats on every page
# ------------------------------------------------------------------------------
def test_the_report_pdf_repeats_the_table_header_on_every_page(programme, tmp_path):
    version = version_with_sections(programme, published=True)
    paragraph = version.sections.all()[0].paragraphs.all()[0]
    now = timezone.now()
    for n in range(1, 31):
        CommentFactory(
            paragraph=paragraph,
            version=version,
            number=n,
            proposed_wording=f"Propozycja nr {n}: " + "zmiana brzmienia zapisu " * 12,
            justification="Uzasadnienie zgłaszającego " * 8,
            answer=Comment.Answer.ACCEPTED if n % 2 else Comment.Answer.REJECTED,
            answer_justification="Stanowisko Zespołu Koordynującego " * 6,
            answered_at=now,
            answer_published_at=now,
        )
    content = pdf.render_report_pdf(programme)
    assert content.startswith(b"%PDF")
    pages = page_count(content, tmp_path)
    assert pages >= 3
    with_table = 0
    for n in range(1, pages + 1):
        text = flat(pdf_text(content, tmp_path, page=n))
        if "Propozycja nr" in text:
            with_table += 1
            for header in ("Lp.", "Część dokumentu", "Proponowany zapis", "Stanowisko"):
                assert header in text, f"page {n} lacks the {header!r} header"
    assert with_table >= 2
    text = flat(pdf_text(content, tmp_path))
    assert "Propozycja nr 30" in text
    assert "uwzględniona" in text


# ------------------------------------------------------------------------------
# The task path: publish → one render → stored file served afterwards
# ------------------------------------------------------------------------------
@pytest.fixture
def renders():
    """Documents whose render the worker ran (eager tasks send the same signals).

    Renders go through the outbox (docs/architecture.md, "Outbox"): the task that runs
    is ``core.outbox_deliver`` with the entry whose handler is ``render_pdf``.
    """
    from core.models import OutboxEntry

    ran: list[int] = []

    def record(sender=None, args=None, **kwargs):
        if sender is not None and sender.name == "core.outbox_deliver":
            entry = OutboxEntry.objects.get(pk=args[0])
            if entry.handler == f"consultations.tasks.{render_pdf.__name__}":
                ran.append(entry.payload["document_pk"])

    task_prerun.connect(record, weak=False)
    yield ran
    task_prerun.disconnect(record)


def _pdf_url(version: DraftVersion) -> str:
    return reverse(
        "consultations:draft_pdf", kwargs={"slug": version.programme.slug, "number": version.number}
    )


def test_publishing_renders_once_and_the_next_requests_are_served_from_storage(
    client, media, programme, coordinator, renders, django_capture_on_commit_callbacks
):
    draft = version_with_sections(programme)
    with django_capture_on_commit_callbacks(execute=True):
        services.version_publish(version=draft, by=coordinator)
    assert len(renders) == 1
    stored = RenderedPdf.objects.get(version=draft)
    assert stored.is_ready
    # In the database storage, which every machine reads; nothing on this one's disk.
    kept = StoredFile.objects.get(name=stored.file.name)
    assert kept.content_type == "application/pdf"
    assert bytes(kept.content).startswith(b"%PDF")
    assert not any(Path(media).rglob("*.pdf"))

    with django_capture_on_commit_callbacks(execute=True):
        first = client.get(_pdf_url(draft))
        second = client.get(_pdf_url(draft))
    for response in (first, second):
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == bytes(kept.content)
    assert len(renders) == 1
    assert RenderedPdf.objects.count() == 1


def test_a_request_before_the_render_shows_a_page_that_checks_again(
    client, media, programme, coordinator, renders, django_capture_on_commit_callbacks, settings
):
    draft = version_with_sections(programme)
    with django_capture_on_commit_callbacks(execute=False) as published:
        services.version_publish(version=draft, by=coordinator)
    assert published  # the render (and the search index's refresh) wait for the commit

    with django_capture_on_commit_callbacks(execute=False) as polled:
        page = client.get(_pdf_url(draft), HTTP_ACCEPT_LANGUAGE="en")
        poll = client.get(_pdf_url(draft), HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en")
    assert polled == []  # waiting readers do not queue more renders
    assert page.status_code == 202
    assert page["Retry-After"] == "5"
    assert b"The PDF is being prepared" in page.content
    assert f'hx-trigger="every {settings.POLL_SECONDS}s"'.encode() in page.content
    assert poll.status_code == 202
    assert b"<html" not in poll.content

    for callback in published:  # the worker picks the render up
        callback()
    assert len(renders) == 1  # exactly one render sent
    ready_poll = client.get(_pdf_url(draft), HTTP_HX_REQUEST="true")
    assert ready_poll["HX-Redirect"] == _pdf_url(draft)
    assert client.get(_pdf_url(draft))["Content-Type"] == "application/pdf"


def test_a_lost_render_is_sent_again_after_a_while(
    media, programme, renders, django_capture_on_commit_callbacks
):
    version = version_with_sections(programme, published=True)
    with django_capture_on_commit_callbacks(execute=False) as first:
        document = services.pdf_request(programme=programme, version=version)
    RenderedPdf.objects.filter(pk=document.pk).update(
        requested_at=timezone.now() - services.PDF_RENDER_RETRY_AFTER * 2
    )
    with django_capture_on_commit_callbacks(execute=True) as again:
        services.pdf_request(programme=programme, version=version)
    assert (len(first), len(again)) == (1, 1)
    assert RenderedPdf.objects.get().is_ready


def test_the_report_pdf_is_rendered_again_when_an_answer_is_published(
    media, programme, django_capture_on_commit_callbacks
):
    version = version_with_sections(programme, published=True)
    comment = CommentFactory(
        paragraph=version.sections.all()[0].paragraphs.all()[0], version=version
    )
    with django_capture_on_commit_callbacks(execute=True):
        before = services.pdf_request(programme=programme, version=None)
    Comment.objects.filter(pk=comment.pk).update(
        answer=Comment.Answer.ACCEPTED, answer_published_at=timezone.now()
    )
    with django_capture_on_commit_callbacks(execute=True):
        after = services.pdf_request(programme=programme, version=None)
    assert before.pk != after.pk
    assert RenderedPdf.objects.filter(kind="report").count() == 2


# ------------------------------------------------------------------------------
# Who may download what
# ------------------------------------------------------------------------------
ROLES = ["anonymous", "member", "other_team_member", "moderator", "coordinator"]


@pytest.mark.parametrize("role", ROLES)
def test_everyone_gets_the_pdf_of_a_published_version(role, as_role, client, media, programme):
    version = version_with_sections(programme, published=True)
    as_role(role)
    assert client.get(_pdf_url(version)).status_code == 202  # render sent, not yet done
    assert client.post(_pdf_url(version)).status_code == 405


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 404),
        ("member", 404),
        ("other_team_member", 404),
        ("moderator", 404),
        ("coordinator", 200),
    ],
)
def test_only_coordinators_get_an_unpublished_draft_rendered_on_demand(
    role, status, as_role, client, media, programme
):
    draft = version_with_sections(programme)
    as_role(role)
    response = client.get(_pdf_url(draft))
    assert response.status_code == status
    if status == 200:
        assert response.content.startswith(b"%PDF")
        assert "no-store" in response["Cache-Control"]
    assert client.post(_pdf_url(draft)).status_code == 405
    assert not RenderedPdf.objects.exists()  # proofs are never stored


@pytest.mark.parametrize("role", ROLES)
def test_everyone_gets_the_report_pdf(role, as_role, client, media, programme):
    url = reverse("consultations:report_pdf", kwargs={"slug": programme.slug})
    as_role(role)
    assert client.get(url).status_code == 202
    assert client.post(url).status_code == 405


def test_the_stored_report_pdf_is_served(
    client, media, programme, django_capture_on_commit_callbacks
):
    url = reverse("consultations:report_pdf", kwargs={"slug": programme.slug})
    with django_capture_on_commit_callbacks(execute=True):
        client.get(url)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_pdfs_of_unknown_programmes_and_versions_are_not_found(client, programme):
    assert client.get("/programmes/nie-ma/report/pdf/").status_code == 404
    assert client.get(f"/programmes/{programme.slug}/drafts/9/pdf/").status_code == 404


def test_serving_a_stored_pdf_takes_a_few_queries(
    client, media, programme, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    version = version_with_sections(programme, published=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.pdf_request(programme=programme, version=version)
    # 9: one of them asks whether this version is the adopted text (another file); two
    # are the database storage's (the file exists; its size and type), where the disk
    # storage made system calls instead.
    with django_assert_max_num_queries(9):
        response = client.get(_pdf_url(version))
    assert response.status_code == 200


def test_a_stored_pdf_whose_file_went_missing_is_rendered_again(
    client, media, programme, renders, django_capture_on_commit_callbacks
):
    version = version_with_sections(programme, published=True)
    with django_capture_on_commit_callbacks(execute=True):
        stored = services.pdf_request(programme=programme, version=version)
    stored.refresh_from_db()
    stored.file.storage.delete(stored.file.name)
    RenderedPdf.objects.filter(pk=stored.pk).update(
        requested_at=timezone.now() - services.PDF_RENDER_RETRY_AFTER * 2
    )
    with django_capture_on_commit_callbacks(execute=False) as sent:
        response = client.get(_pdf_url(version))
    assert response.status_code == 202
    assert len(sent) == 1
    sent[0]()
    assert client.get(_pdf_url(version)).status_code == 200
    assert len(renders) == 2
