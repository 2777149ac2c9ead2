"""BIP practice (issue 10, item 6): a metryczka on every version, a register of changes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from consultations import selectors, services
from consultations.tests.conftest import DURING, PHASE_END
from consultations.tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


def test_the_version_page_carries_a_metryczka(client, programme, coordinator):
    from consultations.tests.conftest import build_version

    coordinator.first_name, coordinator.last_name = "Ewa", "Nowak"
    coordinator.save()
    version = build_version(programme, published=False)
    type(version).objects.filter(pk=version.pk).update(created_by=coordinator)
    type(version).objects.filter(pk=version.pk).update(
        status="published", published_at=DURING, published_by=coordinator
    )
    html = client.get(version.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "metryczka" in html
    assert "Ewa Nowak (coordinator)" in html
    assert "Last change" in html
    assert reverse("consultations:change_register", args=[version.programme.slug]) in html


def test_the_register_lists_every_public_change(client, version, coordinator, phase):
    from reminders.services import phase_reschedule

    comment = CommentFactory(
        version=version, paragraph=None, current_wording="", submitted_at=DURING
    )
    services.comment_answer_record(
        comment=comment, answer="accepted", justification="Tak.", by=coordinator, now=DURING
    )
    phase_reschedule(
        phase=phase,
        starts_at=phase.starts_at,
        ends_at=PHASE_END + dt.timedelta(days=3),
        reason="Prośba KRDPP.",
        by=coordinator,
        now=DURING,
    )
    after = PHASE_END + dt.timedelta(days=4)
    services.comment_answers_publish(comments=[comment], by=coordinator, now=after)
    services.comment_answer_record(
        comment=comment,
        answer="partly_accepted",
        justification="Częściowo.",
        by=coordinator,
        now=after,
        reason="omyłka pisarska",
    )
    whats = [e.what for e in selectors.programme_change_register(version.programme)]
    assert any("Version 1" in w or "Wersja 1" in w or "1" in w for w in whats)
    html = client.get(
        reverse("consultations:change_register", args=[version.programme.slug]),
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()
    assert "Version 1 of the draft published" in html
    assert "Answers to 1 comments published" in html
    assert "omyłka pisarska" in html
    assert "Prośba KRDPP." in html


@pytest.mark.parametrize("role", ["anonymous", "member", "coordinator"])
def test_the_register_is_public(request, client, version, role):
    user = request.getfixturevalue(role)
    if user is not None:
        client.force_login(user)
    url = reverse("consultations:change_register", args=[version.programme.slug])
    assert client.get(url).status_code == 200
