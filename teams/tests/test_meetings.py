"""Team pages and meetings: agenda template, ground rules, attendance, minutes with PDF,
calendars, and writing to moderators without their addresses being shown."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from teams import services
from teams.models import DEFAULT_GROUND_RULES, Attendance
from teams.tests.factories import MeetingFactory, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_a_new_meeting_gets_the_three_part_agenda_and_the_ground_rules(moderator, team):
    meeting = services.meeting_create(
        team=team, by=moderator, title="Spotkanie", starts_at=timezone.now()
    )
    titles = list(meeting.agenda_items.order_by("position").values_list("title", flat=True))
    assert [t.split(".")[0] for t in titles] == ["I", "II", "III"]
    assert "Analiza SWOT" in titles[0]
    assert "celów" in titles[1]
    assert "działań" in titles[2]
    assert meeting.ground_rules == DEFAULT_GROUND_RULES


def test_ground_rules_are_editable_per_meeting_and_history_says_who(client, moderator, meeting):
    client.force_login(moderator)
    data = {
        "title": meeting.title,
        "starts_at": "2011-07-06T10:00",
        "place": "Sala",
        "ground_rules": "Mówimy krótko.\nTelefony wyciszone.",
        "speaker_time_limit_seconds": 120,
    }
    client.post(reverse("teams:meeting_edit", args=[meeting.pk]), data)
    page = client.get(reverse("teams:meeting_detail", args=[meeting.pk])).content.decode()
    assert "<li>Telefony wyciszone.</li>" in page
    assert meeting.history.latest().history_user == moderator


def test_a_bad_meeting_form_keeps_what_was_typed(client, moderator, team):
    client.force_login(moderator)
    data = {"title": "Moje spotkanie", "starts_at": "nie-data", "ground_rules": "Zasady"}
    response = client.post(reverse("teams:meeting_create", args=[team.slug]), data)
    assert response.status_code == 200
    assert 'value="Moje spotkanie"' in response.content.decode()
    assert "starts_at" in response.context["form"].errors


def test_members_say_they_will_attend_and_the_moderator_takes_attendance(
    client, member, moderator, upcoming_meeting
):
    client.force_login(member)
    client.post(reverse("teams:meeting_attend", args=[upcoming_meeting.pk]), {"will_attend": "yes"})
    assert Attendance.objects.get(meeting=upcoming_meeting, user=member).will_attend

    services.attendance_record(
        meeting=upcoming_meeting, by=moderator, present_user_ids={member.pk}, now=timezone.now()
    )
    rows = dict(Attendance.objects.filter(meeting=upcoming_meeting).values_list("user", "attended"))
    assert rows == {member.pk: True, moderator.pk: False}


def test_one_cannot_declare_attendance_after_the_start(member, meeting):
    with pytest.raises(ValidationError):
        services.attendance_declare(
            meeting=meeting, user=member, will_attend=True, now=timezone.now()
        )


def test_minutes_are_published_only_after_the_meeting(client, moderator, upcoming_meeting):
    client.force_login(moderator)
    url = reverse("teams:meeting_minutes", args=[upcoming_meeting.pk])
    response = client.post(url, {"minutes": "Za wcześnie"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "only after the meeting" in response.content.decode()
    upcoming_meeting.refresh_from_db()
    assert upcoming_meeting.minutes_published_at is None


def test_published_minutes_come_as_a_small_pdf(
    client, moderator, team, django_capture_on_commit_callbacks
):
    meeting: Any = MeetingFactory(team=team)
    # Publication queues the render (eager here: it runs on commit, as a worker would).
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_publish(
            meeting=meeting, by=moderator, minutes="Ustalono cele współpracy.", now=timezone.now()
        )
    response = client.get(reverse("teams:meeting_minutes_pdf", args=[meeting.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_unpublished_minutes_have_no_pdf(client, upcoming_meeting):
    url = reverse("teams:meeting_minutes_pdf", args=[upcoming_meeting.pk])
    assert client.get(url).status_code == 404


def test_the_pdf_fetcher_refuses_anything_but_static_files():
    from teams.pdf import static_only_fetcher

    fetcher = static_only_fetcher()
    assert b".swot-item" in fetcher.fetch("file:///static/css/teams.css")._file_obj.read()
    with pytest.raises(ValueError, match="Refusing"):
        fetcher.fetch("http://example.org/tracker.png")


def test_a_meeting_ics_and_the_team_feed(client, team):
    first: Any = MeetingFactory(team=team, title="Pierwsze", place="Sala Obrad")
    MeetingFactory(team=team, title="Drugie", starts_at=first.starts_at + dt.timedelta(days=60))
    one = Calendar.from_ical(client.get(reverse("teams:meeting_ics", args=[first.pk])).content)
    events = list(one.walk("VEVENT"))
    assert len(events) == 1
    assert str(events[0]["location"]) == "Sala Obrad"
    assert events[0].decoded("dtstart") == first.starts_at
    feed = client.get(reverse("teams:team_calendar", args=[team.slug]))
    assert feed["Content-Type"].startswith("text/calendar")
    summaries = {str(e["summary"]) for e in Calendar.from_ical(feed.content).walk("VEVENT")}
    assert summaries == {f"Pierwsze — {team.name}", f"Drugie — {team.name}"}


def test_team_page_shows_organisations_and_only_consenting_names(client, team):
    org: Any = OrganisationFactory(name="Fundacja Pomocy")
    hidden: Any = MembershipFactory(team=team, organisation=org, public_name_consent=False).user
    shown: Any = MembershipFactory(team=team, public_name_consent=True).user
    page = client.get(reverse("teams:team_detail", args=[team.slug])).content.decode()
    assert "Fundacja Pomocy" in page
    assert hidden.last_name not in page
    assert shown.last_name in page
    assert hidden.email not in page


def test_moderators_are_reached_through_a_form_never_by_address(
    client, team, moderator, django_capture_on_commit_callbacks
):
    page = client.get(reverse("teams:team_detail", args=[team.slug])).content.decode()
    assert moderator.email not in page
    assert reverse("teams:team_contact", args=[team.slug]) in page
    form_page = client.get(reverse("teams:team_contact", args=[team.slug])).content.decode()
    assert moderator.email not in form_page

    data = {"name": "Ewa", "email": "ewa@example.org", "message": "Chcę dołączyć."}
    with django_capture_on_commit_callbacks(execute=True):  # sent by a task after commit
        client.post(reverse("teams:team_contact", args=[team.slug]), data)
    sent = mail.outbox[-1]
    assert sent.to == [moderator.email]
    assert sent.reply_to == ["ewa@example.org"]
    assert "Chcę dołączyć." in sent.body


def test_a_contact_form_with_a_bad_address_keeps_the_message(client, team, moderator):
    data = {"name": "Ewa", "email": "nie-adres", "message": "Moja długa wiadomość"}
    response = client.post(reverse("teams:team_contact", args=[team.slug]), data)
    assert response.status_code == 200
    assert "Moja długa wiadomość" in response.content.decode()
    assert mail.outbox == []


def test_programme_team_list_lists_every_team(client, team, other_team):
    page = client.get(reverse("teams:programme_teams", args=[team.programme.slug]))
    assert {t.pk for t in page.context["teams"]} == {team.pk, other_team.pk}
    assert team.name in page.content.decode()


def test_an_unknown_programme_has_no_team_list(client, db):
    assert client.get(reverse("teams:programme_teams", args=["nie-ma"])).status_code == 404
