"""The demo reads true: every year in a cycle's seeded text belongs to that cycle (issue 11, item 5).

Allowed besides the cycle's years (the preparation year and the period): citations,
which keep their own dates — dated acts ("z dnia 13 kwietnia 2011 r."), journal
references ("Dz.U. z 2010 r.") and the period of a strategy document in the database.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from consultations.models import Comment, Paragraph, Section
from krakow_ngo.seed.loader import seed_krakow
from programmes.models import Programme, StrategyDocument
from teams.models import Meeting

pytestmark = pytest.mark.django_db

YEAR = re.compile(r"\b(?:19|20)\d\d\b")
DATED_ACT = re.compile(r"z dnia \d{1,2} \w+ \d{4} r\.|Dz\. ?U\. z \d{4} r\.", re.IGNORECASE)


def _texts(programme: Programme) -> list[tuple[str, str]]:
    texts = [("title", programme.title), ("report", programme.report_summary)]
    texts += [
        (f"§ {p.label}", p.text)
        for p in Paragraph.objects.filter(section__version__programme=programme).select_related(
            "section"
        )
    ]
    texts += [("section", s.title) for s in Section.objects.filter(version__programme=programme)]
    texts += [
        (f"version {v.number}", f"{v.title} {v.change_note}") for v in programme.versions.all()
    ]
    for c in Comment.objects.filter(version__programme=programme):
        texts.append(
            ("comment", " ".join([c.current_wording, c.proposed_wording, c.justification]))
        )
    texts += [("phase", f"{p.name} {p.description} {p.channels}") for p in programme.phases.all()]
    texts += [("team", f"{t.name} {t.scope}") for t in programme.teams.all()]
    for m in Meeting.objects.filter(team__programme=programme):
        texts.append(("meeting", f"{m.title} {m.minutes}"))
    return texts


def years_outside(programme: Programme) -> list[str]:
    """Every year outside the cycle, with where it stands, citations set aside."""
    allowed = set(range(programme.first_year - 1, programme.last_year + 1))
    strategy_periods = [
        f"{d.first_year}–{d.last_year}"
        for d in StrategyDocument.objects.exclude(first_year=None).exclude(last_year=None)
    ]
    found = []
    for where, text in _texts(programme):
        text = DATED_ACT.sub("", text or "")
        for period in strategy_periods:
            text = text.replace(period, "")
        for match in YEAR.finditer(text):
            if int(match.group(0)) not in allowed:
                context = text[max(0, match.start() - 40) : match.end() + 10]
                found.append(f"{where}: …{context}…")
    return found


def test_every_seeded_cycle_mentions_only_its_own_years():
    seed_krakow(demo=True, today=dt.date(2026, 11, 28))
    programmes = list(Programme.objects.all())
    assert {p.slug for p in programmes} >= {"wpw-2012-2014", "wpw-2028-2030"}
    for programme in programmes:
        assert years_outside(programme) == [], programme.slug


def test_the_demo_draft_states_its_own_period():
    seed_krakow(demo=True, today=dt.date(2026, 11, 28))
    text = " ".join(
        Paragraph.objects.filter(section__version__programme__slug="wpw-2028-2030").values_list(
            "text", flat=True
        )
    )
    assert "od dnia 1 stycznia 2028 r. do dnia 31 grudnia 2030 r." in text
    assert "2012" not in text
    # Citations keep their dates: the consultation resolution of 13 April 2011.
    assert "z dnia 13 kwietnia 2011 r." in text
