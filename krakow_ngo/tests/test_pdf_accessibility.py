"""Every PDF the portal publishes is tagged (PDF/UA-1): structure, language, title, fonts.

Checked with poppler's pdfinfo (title, "Tagged", the structure tree with -struct-text)
and pdffonts (every font embedded), and the document catalogue's /Lang and
/DisplayDocTitle read from the (decompressed) objects.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest
from django.utils import timezone

from consultations import pdf
from consultations.models import DraftVersion
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


@pytest.fixture
def seeded():
    seed_krakow()
    return Programme.objects.get(slug=SEED_SLUG)


def test_the_draft_pdf_is_tagged(seeded, tmp_path):
    version = DraftVersion.objects.get(programme=seeded, number=2)
    content = pdf.render_draft_pdf(version)
    first_heading = version.sections.order_by("position").first()
    _check(content, tmp_path, title=version.title[:40], text=first_heading.title[:30])


def test_the_report_pdf_is_tagged(seeded, tmp_path):
    content = pdf.render_report_pdf(seeded)
    _check(content, tmp_path, title="Raport", text="Raport")


def test_the_minutes_pdf_is_tagged(seeded, tmp_path):
    meeting = Meeting.objects.filter(team__programme=seeded).first()
    meeting.minutes = "Ustalenia spotkania zespołu."
    meeting.minutes_published_at = timezone.now()
    meeting.save()
    content = minutes_pdf({"meeting": meeting, "team": meeting.team})
    _check(content, tmp_path, title=meeting.title[:30], text="Ustalenia spotkania")
