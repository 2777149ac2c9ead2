"""Every PDF the portal publishes is tagged (PDF/UA-1): structure, language, title, fonts.

Checked with poppler's pdfinfo (title, "Tagged", the structure tree with -struct-text)
and pdffonts (every font embedded), and the document catalogue's /Lang and
/DisplayDocTitle and every Figure's /Alt read from the (decompressed) objects.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest
from django.utils import timezone

from consultations import pdf
from consultations.models import Adoption, DraftVersion
from implementation import pdf as implementation_pdf
from implementation.models import AnnualReport
from krakow_ngo.seed.loader import SEED_SLUG, seed_krakow
from programmes.models import Programme
from teams.models import Meeting
from teams.pdf import minutes_pdf

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("pdfinfo"), reason="poppler-utils not installed"),
]


def _objects(content: bytes) -> bytes:
    parts = [content]
    for found in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        try:
            parts.append(zlib.decompress(found.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


def _check(content: bytes, tmp_path: Path, *, title: str, text: str) -> None:
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    assert re.search(r"^Tagged:\s+yes", info.stdout, re.M), info.stdout
    assert title in info.stdout
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = fonts.stdout.splitlines()[2:]
    assert rows
    for row in rows:
        # Columns: name, type, encoding, emb, sub, uni, object id.
        assert row.split()[-5] == "yes", row
    tree = subprocess.run(
        ["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert tree.startswith("Document")
    assert re.search(r"^\s+H1", tree, re.M), tree[:500]
    assert text in tree
    objects = _objects(content)
    assert re.search(rb"/Lang\s*\(pl\)", objects)
    assert re.search(rb"/DisplayDocTitle\s+true", objects)
    assert b"pdfuaid:part" in objects  # the XMP metadata claims PDF/UA
    assert _figures_without_alt(objects) == []


def _figures(objects: bytes) -> list[bytes]:
    """Each Figure structure element's dictionary (up to the next structure element)."""
    starts = [m.start() for m in re.finditer(rb"/S\s*/Figure\b", objects)]
    return [objects[i : objects.find(b"/StructElem", i + 1)] for i in starts]


def _figures_without_alt(objects: bytes) -> list[bytes]:
    # PDF/UA-1 (7.3): every figure carries alternative text; WeasyPrint takes it from
    # an <img alt> or an <svg>'s <title>.
    return [f[:120] for f in _figures(objects) if b"/Alt" not in f]


@pytest.fixture
def seeded():
    seed_krakow()
    return Programme.objects.get(slug=SEED_SLUG)


def test_the_draft_pdf_is_tagged(seeded, tmp_path):
    version = DraftVersion.objects.get(programme=seeded, number=2)
    content = pdf.render_draft_pdf(version)
    first_heading = version.sections.order_by("position").first()
    _check(content, tmp_path, title=version.title[:40], text=first_heading.title[:30])


def test_the_report_pdf_is_tagged_and_its_charts_have_alternative_text(seeded, tmp_path):
    content = pdf.render_report_pdf(seeded)
    _check(content, tmp_path, title="Raport", text="Raport")
    # The heat map, its legend and the bars per section are all figures here.
    assert len(_figures(_objects(content))) >= 3


def test_the_minutes_pdf_is_tagged(seeded, tmp_path):
    meeting = Meeting.objects.filter(team__programme=seeded).first()
    meeting.minutes = "Ustalenia spotkania zespołu."
    meeting.minutes_published_at = timezone.now()
    meeting.save()
    content = minutes_pdf({"meeting": meeting, "team": meeting.team})
    _check(content, tmp_path, title=meeting.title[:30], text="Ustalenia spotkania")


def test_the_adopted_text_and_the_annual_report_are_tagged(tmp_path):
    """The demo's adopted cycle: its adopted text (with the resolution) and its first year's report."""
    seed_krakow(demo=True, today=dt.date(2026, 11, 28))
    adoption = Adoption.objects.select_related("version__programme").get()
    content = pdf.render_draft_pdf(adoption.version)
    _check(content, tmp_path, title=adoption.version.title[:40], text="Załącznik do uchwały")

    report = AnnualReport.objects.select_related("programme").get()
    content = implementation_pdf.render_report_pdf(report.programme, report.year, report)
    _check(content, tmp_path, title=str(report.year), text=str(report.year))
    assert len(_figures(_objects(content))) >= 1  # its charts, each with alternative text


def test_a_figure_without_alternative_text_is_found(tmp_path):
    # The check above can fail: an <img alt=""> is a figure without /Alt.
    from core.pdf import render_pdf

    html = (
        '<html lang="pl"><head><title>Próba</title></head><body><h1>Próba</h1>'
        '<svg width="10" height="10"><rect width="10" height="10"/></svg></body></html>'
    )
    assert len(_figures_without_alt(_objects(render_pdf(html)))) == 1
