"""Every team and meeting view for every role: anonymous, member, member of another
team, moderator of this team, moderator of another team, coordinator (docs/architecture.md, "Tests")."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from core.testing import (
    MODERATE_GET,
    MODERATE_POST,
    TAKE_PART_POST,
    TEAM_ROLES,
    client_as,
    expect,
)
from teams import services
from teams.models import Attendance, Meeting

pytestmark = pytest.mark.django_db


def _allowed(role: str, status: int) -> bool:
    return role != "anonymous" and status in (200, 302)


@pytest.mark.parametrize("role", TEAM_ROLES)
@pytest.mark.parametrize(
    "name",
    [
        "teams:team_detail",
        "teams:team_contact",
        "teams:team_calendar",
        "teams:programme_teams",
        "teams:meeting_detail",
        "teams:meeting_ics",
        "teams:meeting_minutes_pdf",
    ],
)
def test_public_pages_open_for_everyone(
    request, client, team, meeting, role, name, django_capture_on_commit_callbacks
):
    if name == "teams:meeting_minutes_pdf":
        # Stored by a worker after publication (eager here): readers get the file.
        with django_capture_on_commit_callbacks(execute=True):
            services.minutes_pdf_request(meeting=meeting)
    client_as(request, client, role)
    arg = {
        "teams:team_detail": team.slug,
        "teams:team_contact": team.slug,
        "teams:team_calendar": team.slug,
        "teams:programme_teams": team.programme.slug,
    }.get(name, meeting.pk)
    assert client.get(reverse(name, args=[arg])).status_code == 200


@pytest.mark.parametrize("role", TEAM_ROLES)
def test_anyone_may_write_to_the_moderators(
    request, client, team, moderator, role, django_capture_on_commit_callbacks
):
    client_as(request, client, role)
    data = {"name": "Jan", "email": "jan@example.org", "message": "Dzień dobry"}
    with django_capture_on_commit_callbacks(execute=True):  # sent by a task after commit
        response = client.post(reverse("teams:team_contact", args=[team.slug]), data)
    assert response.status_code == 302
    assert mail.outbox[-1].to == [moderator.email]


@pytest.mark.parametrize(("role", "status"), expect(MODERATE_GET))
def test_planning_a_meeting_page(request, client, team, role, status):
    client_as(request, client, role)
    assert client.get(reverse("teams:meeting_create", args=[team.slug])).status_code == status


@pytest.mark.parametrize(("role", "status"), expect(MODERATE_POST))
def test_planning_a_meeting(request, client, team, role, status):
    client_as(request, client, role)
    data = {
        "title": "Spotkanie wrześniowe",
        "starts_at": "2011-09-14T10:00",
        "place": "Sala Obrad",
        "ground_rules": "Mówimy krótko.",
        "speaker_time_limit_seconds": 120,
    }
    response = client.post(reverse("teams:meeting_create", args=[team.slug]), data)
    assert response.status_code == status
    made = Meeting.objects.filter(team=team, title="Spotkanie wrześniowe").exists()
    assert made == _allowed(role, status)


@pytest.mark.parametrize(("role", "status"), expect(MODERATE_GET))
def test_editing_a_meeting_page(request, client, meeting, role, status):
    client_as(request, client, role)
    assert client.get(reverse("teams:meeting_edit", args=[meeting.pk])).status_code == status


@pytest.mark.parametrize(("role", "status"), expect(MODERATE_POST))
def test_editing_ground_rules(request, client, meeting, role, status):
    client_as(request, client, role)
    data = {
        "title": meeting.title,
        "starts_at": "2011-07-06T10:00",
        "place": meeting.place,
        "ground_rules": "Nowa zasada",
        "speaker_time_limit_seconds": 90,
    }
    response = client.post(reverse("teams:meeting_edit", args=[meeting.pk]), data)
    assert response.status_code == status
    meeting.refresh_from_db()
    assert (meeting.ground_rules == "Nowa zasada") == _allowed(role, status)


@pytest.mark.parametrize(("role", "status"), expect(TAKE_PART_POST))
def test_saying_one_will_attend(request, client, upcoming_meeting, role, status):
    user = client_as(request, client, role)
    url = reverse("teams:meeting_attend", args=[upcoming_meeting.pk])
    assert client.post(url, {"will_attend": "yes"}).status_code == status
    declared = Attendance.objects.filter(meeting=upcoming_meeting, user=user).exists()
    assert declared == _allowed(role, status)


@pytest.mark.parametrize(("role", "status"), expect(MODERATE_POST))
def test_taking_attendance(request, client, meeting, member, role, status):
    client_as(request, client, role)
    url = reverse("teams:meeting_attendance", args=[meeting.pk])
    assert client.post(url, {"present": [member.pk]}).status_code == status
    present = Attendance.objects.filter(meeting=meeting, user=member, attended=True).exists()
    assert present == _allowed(role, status)


@pytest.mark.parametrize(("role", "status"), expect(MODERATE_POST))
def test_publishing_minutes(request, client, meeting, role, status):
    client_as(request, client, role)
    url = reverse("teams:meeting_minutes", args=[meeting.pk])
    assert client.post(url, {"minutes": "Nowy protokół"}).status_code == status
    meeting.refresh_from_db()
    assert (meeting.minutes == "Nowy protokół") == _allowed(role, status)


@pytest.mark.parametrize("role", TEAM_ROLES)
def test_moderator_tools_show_only_to_who_may_use_them(request, client, meeting, member, role):
    client_as(request, client, role)
    response = client.get(reverse("teams:meeting_detail", args=[meeting.pk]))
    shown = b"data-timer" in response.content and b'name="present"' in response.content
    assert shown == (role in {"moderator", "coordinator"})
