"""The programme archive /programmes/: every cycle, current first, with its status."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from consultations.tests.factories import PhaseFactory, ProgrammeFactory
from core.dates import WARSAW
from core.testing import TEAM_ROLES, client_as
from krakow_ngo.seed.loader import SEED_SLUG, seed_krakow
from programmes.selectors import ProgrammeStatus, programme_archive

pytestmark = pytest.mark.django_db


def _at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=WARSAW)


def test_statuses_follow_the_timeline(db):
    programme = ProgrammeFactory(first_year=2012, last_year=2014)
    PhaseFactory(programme=programme)  # comments 1–31 August 2011

    def status(now: dt.datetime) -> ProgrammeStatus:
        return next(r for r in programme_archive(now=now) if r.programme == programme).status

    assert status(_at(2011, 7, 1)) is ProgrammeStatus.PREPARATION
    assert status(_at(2011, 8, 15)) is ProgrammeStatus.CONSULTATION
    assert status(_at(2011, 10, 1)) is ProgrammeStatus.AWAITING_ADOPTION
    # Past 30 November without a resolution on record: said as it is.
    assert status(_at(2011, 12, 1)) is ProgrammeStatus.NOT_RECORDED


def test_the_current_programme_comes_first_then_newest(db):
    old = ProgrammeFactory(first_year=2012, last_year=2014)
    newer = ProgrammeFactory(first_year=2028, last_year=2030)
    current = ProgrammeFactory(first_year=2020, last_year=2022, is_current=True)
    rows = programme_archive(now=_at(2026, 1, 1))
    assert [r.programme for r in rows] == [current, newer, old]


def test_the_archive_costs_two_queries_however_many_programmes(client, django_assert_num_queries):
    for year in range(2012, 2030, 3):
        PhaseFactory(programme=ProgrammeFactory(first_year=year, last_year=year + 2))
    with django_assert_num_queries(2):  # programmes, their phases
        programme_archive(now=_at(2026, 1, 1))


@pytest.mark.parametrize("role", TEAM_ROLES)
def test_the_archive_is_public(request, client, programme, role):
    client_as(request, client, role)
    response = client.get(reverse("consultations:programme_list"))
    assert response.status_code == 200
    assert programme.title in response.content.decode()


def test_the_seeded_2012_2014_cycle_is_two_clicks_from_home(client):
    seed_krakow(demo=True, today=dt.date(2026, 11, 28))
    home = client.get("/").content.decode()
    archive_url = reverse("consultations:programme_list")
    assert f'href="{archive_url}"' in home  # click 1 (header and home page)
    archive = client.get(archive_url).content.decode()
    target = reverse("consultations:programme_detail", args=[SEED_SLUG])
    assert f'href="{target}"' in archive  # click 2
    assert client.get(target).status_code == 200
    # The demo cycle is listed first (current), the 2012–2014 one after it.
    titles = re.findall(r'<h2 class="h4 card-title"><a href="([^"]+)"', archive)
    assert titles[-1] == target
