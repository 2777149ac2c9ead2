"""Minutes PDFs: rendered once by a worker on publication, never in a reader's request.

Renders are counted in the database (stored files and rendered rows), and a queued
render is an ``on_commit`` callback the request leaves behind; nothing is mocked.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from core.models import StoredFile
from teams import services
from teams.models import Meeting, MinutesPdf
from teams.tests.factories import AgendaItemFactory, MeetingFactory
from teams.validators import MINUTES_MAX_LENGTH

pytestmark = pytest.mark.django_db

FIVE_ROLES = ["anonymous", "member", "other_team_member", "moderator", "coordinator"]


def _url(meeting: Meeting) -> str:
    return reverse("teams:meeting_minutes_pdf", args=[meeting.pk])


def _renders() -> int:
    """Renders that happened: each one stores exactly one file under minutes/."""
    return StoredFile.objects.filter(name__startswith="minutes/").count()


@pytest.fixture
def published(team, moderator, django_capture_on_commit_callbacks) -> Meeting:
    """Minutes published through the service; its queued render runs on commit (eager)."""
    meeting: Any = MeetingFactory(team=team)
    AgendaItemFactory(meeting=meeting, title="Cele współpracy")
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_publish(
            meeting=meeting, by=moderator, minutes="Ustalono cele.\n\nZgoda.", now=timezone.now()
        )
    return meeting


def test_publication_renders_the_minutes_once_and_stores_them(published):
    document = MinutesPdf.objects.get(meeting=published)
    assert document.is_ready
    assert _renders() == 1
    stored = StoredFile.objects.get(name=document.file.name)
    assert stored.name.startswith("minutes/")
    assert stored.name.endswith(".pdf")
    assert bytes(stored.content).startswith(b"%PDF")
    assert stored.size == len(bytes(stored.content))


def test_anonymous_readers_get_the_stored_file_and_never_cause_a_render(
    client, published, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    stored = bytes(StoredFile.objects.get(name__startswith="minutes/").content)
    with django_capture_on_commit_callbacks(execute=True) as queued:
        for _ in range(5):
            # meeting, agenda; savepoint, the row, release; the file exists; open; one chunk
            with django_assert_max_num_queries(8):
                response = client.get(_url(published))
                body = b"".join(response.streaming_content)
            assert response.status_code == 200
            assert response["Content-Type"] == "application/pdf"
            assert response["Content-Length"] == str(len(stored))
            assert (
                response["Content-Disposition"] == f'inline; filename="minutes-{published.pk}.pdf"'
            )
            assert body == stored
    assert queued == []
    assert _renders() == 1


def test_minutes_without_a_render_are_queued_once_never_rendered_in_the_request(
    client, meeting, django_capture_on_commit_callbacks
):
    # ``meeting`` has minutes published before renders were queued on publication.
    with django_capture_on_commit_callbacks(execute=False) as queued:
        responses = [client.get(_url(meeting)) for _ in range(3)]
    for response in responses:
        assert response.status_code == 202
        assert response["Retry-After"] == "5"
        assert "Plik PDF jest w przygotowaniu" in response.content.decode()
        assert '<meta http-equiv="refresh"' in response.content.decode()
    # One pending render for this revision, however many readers asked: one row, one send.
    assert len(queued) == 1
    assert MinutesPdf.objects.filter(meeting=meeting).count() == 1
    assert _renders() == 0
    assert not MinutesPdf.objects.get(meeting=meeting).is_ready

    queued[0]()  # the worker's turn (eager here)
    assert _renders() == 1
    response = client.get(_url(meeting))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_render_that_looks_lost_is_queued_again_only_after_the_retry_time(
    client, meeting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        client.get(_url(meeting))
    assert len(queued) == 1
    MinutesPdf.objects.filter(meeting=meeting).update(
        requested_at=timezone.now() - dt.timedelta(minutes=11)
    )
    with django_capture_on_commit_callbacks(execute=False) as again:
        client.get(_url(meeting))
        client.get(_url(meeting))
    assert len(again) == 1
    assert MinutesPdf.objects.filter(meeting=meeting).count() == 1


def test_one_revision_is_one_row():
    meeting: Any = MeetingFactory(minutes="x", minutes_published_at=timezone.now())
    fingerprint = services.minutes_pdf_fingerprint(meeting)
    MinutesPdf.objects.create(meeting=meeting, fingerprint=fingerprint)
    with pytest.raises(IntegrityError), transaction.atomic():
        MinutesPdf.objects.create(meeting=meeting, fingerprint=fingerprint)


def test_a_correction_is_a_new_file_and_the_first_one_stays(
    client, published, moderator, django_capture_on_commit_callbacks
):
    first = MinutesPdf.objects.get(meeting=published)
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_publish(
            meeting=published, by=moderator, minutes="Ustalono cele. Poprawka.", now=timezone.now()
        )
    assert MinutesPdf.objects.filter(meeting=published).count() == 2
    assert _renders() == 2
    latest = MinutesPdf.objects.exclude(pk=first.pk).get(meeting=published)
    response = client.get(_url(published))
    assert b"".join(response.streaming_content) == bytes(
        StoredFile.objects.get(name=latest.file.name).content
    )
    assert StoredFile.objects.filter(name=first.file.name).exists()


def test_a_renamed_agenda_item_changes_the_fingerprint(published):
    before = services.minutes_pdf_fingerprint(published)
    published.agenda_items.update(title="Inny punkt")
    assert services.minutes_pdf_fingerprint(published) != before


@pytest.mark.parametrize("role", FIVE_ROLES)
def test_published_minutes_are_served_to_every_role(client, request, role, published):
    user = request.getfixturevalue(role)
    if user is not None:
        client.force_login(user)
    response = client.get(_url(published))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("role", FIVE_ROLES)
def test_unpublished_minutes_are_not_found_for_any_role(
    client, request, role, team, django_capture_on_commit_callbacks
):
    meeting: Any = MeetingFactory(team=team, minutes="Szkic protokołu, nieopublikowany.")
    user = request.getfixturevalue(role)
    if user is not None:
        client.force_login(user)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert client.get(_url(meeting)).status_code == 404
    assert queued == []
    assert not MinutesPdf.objects.exists()


def test_an_unpublished_meeting_cannot_be_requested_as_pdf(team):
    meeting: Any = MeetingFactory(team=team, minutes="Szkic.")
    with pytest.raises(ValidationError):
        services.minutes_pdf_request(meeting=meeting)


def test_htmx_polling_gets_the_status_then_a_redirect_to_the_file(
    client, meeting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        pending = client.get(_url(meeting), HTTP_HX_REQUEST="true")
    assert pending.status_code == 202
    assert 'id="pdf-status"' in pending.content.decode()
    assert "<html" not in pending.content.decode()
    queued[0]()
    ready = client.get(_url(meeting), HTTP_HX_REQUEST="true")
    assert ready["HX-Redirect"] == _url(meeting)


# --- the length bound -----------------------------------------------------------
def test_minutes_longer_than_the_bound_are_refused_beside_the_field_with_the_text_kept(
    client, moderator, team, django_capture_on_commit_callbacks
):
    meeting: Any = MeetingFactory(team=team)
    client.force_login(moderator)
    too_long = "Protokół. " * (MINUTES_MAX_LENGTH // 10) + "!"
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(
            reverse("teams:meeting_minutes", args=[meeting.pk]),
            {"minutes": too_long},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 400
    page = response.content.decode()
    assert "at most 100,000 characters long; this text has 100,001" in page
    assert too_long[:200] in page
    assert "Protokół. !" in page
    assert 'maxlength="' not in page.split('name="minutes"')[1].split(">")[0]
    meeting.refresh_from_db()
    assert meeting.minutes_published_at is None
    assert queued == []


def test_the_bound_itself_is_accepted_and_the_message_is_polish_by_default(moderator, team):
    meeting: Any = MeetingFactory(team=team)
    services.minutes_publish(
        meeting=meeting, by=moderator, minutes="x" * MINUTES_MAX_LENGTH, now=timezone.now()
    )
    with pytest.raises(ValidationError) as refused:
        services.minutes_publish(
            meeting=meeting,
            by=moderator,
            minutes="x" * (MINUTES_MAX_LENGTH + 1),
            now=timezone.now(),
        )
    message = refused.value.message_dict["minutes"][0].replace("\xa0", " ")
    assert "najwyżej 100 000 znaków; ten tekst liczy 100 001" in message


def test_the_model_and_the_database_refuse_longer_minutes(team):
    meeting: Any = MeetingFactory(team=team)
    meeting.minutes = "x" * (MINUTES_MAX_LENGTH + 1)
    with pytest.raises(ValidationError) as refused:
        meeting.full_clean()  # what the admin's form runs
    assert "minutes" in refused.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(minutes="x" * (MINUTES_MAX_LENGTH + 1))


def test_the_admin_shows_the_bound_beside_the_minutes(client, coordinator, published):
    client.force_login(coordinator)
    response = client.get(
        reverse("admin:teams_meeting_change", args=[published.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "At most 100,000 characters." in response.content.decode()
