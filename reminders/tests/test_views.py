"""Reminder preferences, one-click unsubscribe and the deadlines calendar feed: every role."""

from __future__ import annotations

import datetime as dt
from typing import Any

import icalendar
import pytest

from consultations.tests.factories import PhaseFactory
from core.dates import WARSAW
from reminders.models import ReminderKind, ReminderPreferences
from reminders.tokens import unsubscribe_token
from teams.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "other_team_member", "moderator", "coordinator"]
PREFERENCES_URL = "/me/reminders/"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("member", 200),
        ("other_team_member", 200),
        ("moderator", 200),
        ("coordinator", 200),
    ],
)
def test_reminder_preferences_page_access(
    role: str, status: int, as_role: Any, client: Any
) -> None:
    as_role(role)
    response = client.get(PREFERENCES_URL, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == status
    if status == 302:
        assert "/login/" in response["Location"]
    else:
        assert "Send me reminders about" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_posting_reminder_preferences_saves_only_for_a_logged_in_user(
    role: str, as_role: Any, client: Any
) -> None:
    user = as_role(role)
    data = {"language": "en", "team_work": "on", "adoption_deadline": "on"}
    response = client.post(PREFERENCES_URL, data)
    assert response.status_code == 302
    if user is None:
        assert "/login/" in response["Location"]
        assert not ReminderPreferences.objects.exists()
        return
    assert response["Location"] == PREFERENCES_URL
    prefs = ReminderPreferences.objects.get(user=user)
    assert prefs.language == "en"
    assert not prefs.wants(ReminderKind.COMMENT_PHASE)
    assert prefs.wants(ReminderKind.TEAM_WORK)
    assert ReminderPreferences.objects.count() == 1


def test_a_bad_language_is_refused_beside_the_field_and_the_choices_stay(
    member: Any, client: Any
) -> None:
    client.force_login(member)
    response = client.post(
        PREFERENCES_URL, {"language": "xx", "team_work": "on"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Select a valid choice" in html
    assert (
        'name="team_work" class="checkboxinput form-check-input" id="id_team_work" checked' in html
    )
    assert not ReminderPreferences.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_the_unsubscribe_link_asks_first_whoever_opens_it(
    role: str, as_role: Any, client: Any
) -> None:
    owner = UserFactory()
    as_role(role)
    token = unsubscribe_token(owner.pk, ReminderKind.COMMENT_PHASE)
    response = client.get(f"/reminders/unsubscribe/{token}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Stop e-mail reminders of this kind" in response.content.decode()
    # A link scanner's GET must not unsubscribe anyone.
    assert not ReminderPreferences.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_one_click_post_switches_off_that_kind_for_the_links_owner_only(
    role: str, as_role: Any, client: Any
) -> None:
    owner = UserFactory()
    visitor = as_role(role)
    token = unsubscribe_token(owner.pk, ReminderKind.ADOPTION_DEADLINE)
    # RFC 8058: the mail client POSTs this body, without any CSRF token.
    csrf_client = client.__class__(enforce_csrf_checks=True)
    if visitor is not None:
        csrf_client.force_login(visitor)
    response = csrf_client.post(
        f"/reminders/unsubscribe/{token}/",
        {"List-Unsubscribe": "One-Click"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "Done: you will no longer get these reminders" in response.content.decode()
    prefs = ReminderPreferences.objects.get()
    assert prefs.user == owner
    assert not prefs.wants(ReminderKind.ADOPTION_DEADLINE)
    assert prefs.wants(ReminderKind.COMMENT_PHASE)


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_unsubscribe_link_is_refused(method: str, member: Any, client: Any) -> None:
    token = unsubscribe_token(member.pk, ReminderKind.COMMENT_PHASE)
    forged = token.replace(token.split(":")[0], "eyJ1Ijo5OTl9")
    response = getattr(client, method)(f"/reminders/unsubscribe/{forged}/")
    assert response.status_code == 400
    assert not ReminderPreferences.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_the_deadlines_feed_is_public_and_lists_every_phase_end_and_the_adoption_deadline(
    role: str, as_role: Any, client: Any, programme: Any
) -> None:
    phases = [
        PhaseFactory(
            programme=programme,
            name="Konsultacje",
            starts_at=dt.datetime(2011, 8, 1, tzinfo=WARSAW),
            # Late evening in Warsaw is already the next day in some places; the
            # feed keeps the Warsaw date.
            ends_at=dt.datetime(2011, 8, 31, 23, 59, 59, tzinfo=WARSAW),
        ),
        PhaseFactory(
            programme=programme,
            kind="summary",
            name="Podsumowanie uwag",
            starts_at=dt.datetime(2011, 9, 1, tzinfo=WARSAW),
            ends_at=dt.datetime(2011, 9, 20, 16, tzinfo=WARSAW),
            accepts_comments=False,
        ),
    ]
    as_role(role)
    response = client.get(f"/programmes/{programme.slug}/deadlines.ics", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert len(events) == 3
    ends = {name: e.decoded("dtstart") for name, e in events.items()}
    assert ends[f"End: {phases[0].name}"] == dt.date(2011, 8, 31)
    assert ends[f"End: {phases[1].name}"] == dt.date(2011, 9, 20)
    assert ends[f"Adoption deadline: {programme.title}"] == dt.date(2011, 11, 30)
    assert len({str(e["uid"]) for e in events.values()}) == 3


def test_the_feed_of_an_unknown_programme_is_404(client: Any) -> None:
    assert client.get("/programmes/nie-ma/deadlines.ics").status_code == 404


def test_the_feed_takes_a_bounded_number_of_queries(
    client: Any, programme: Any, django_assert_max_num_queries: Any
) -> None:
    for day in range(1, 20):
        PhaseFactory(
            programme=programme,
            starts_at=dt.datetime(2011, 8, day, tzinfo=WARSAW),
            ends_at=dt.datetime(2011, 8, day, 20, tzinfo=WARSAW),
        )
    with django_assert_max_num_queries(3):
        assert client.get(f"/programmes/{programme.slug}/deadlines.ics").status_code == 200


def test_the_reminder_log_in_the_admin_filters_sent_failed_and_skipped(
    client: Any, coordinator: Any, programme: Any
) -> None:
    from reminders.models import ReminderDelivery

    for i, status in enumerate(["sent", "failed", "skipped", "queued"]):
        ReminderDelivery.objects.create(
            user=UserFactory(),
            programme=programme,
            kind=ReminderKind.COMMENT_PHASE,
            deadline_key="phase:1",
            deadline_label=f"Faza {status}",
            due_on=dt.date(2026, 10, 30),
            offset_days=i,
            status=status,
            sent_at=dt.datetime(2026, 10, 27, 7, tzinfo=WARSAW) if status == "sent" else None,
            last_error="SMTPServerDisconnected" if status == "failed" else "",
        )
    client.force_login(coordinator)
    url = "/admin/reminders/reminderdelivery/"
    for status in ("sent", "failed", "skipped"):
        html = client.get(f"{url}?status__exact={status}", HTTP_ACCEPT_LANGUAGE="en").content
        assert html.decode().count('class="action-checkbox"') == 1
        assert f"Faza {status}" in html.decode()
    failed = ReminderDelivery.objects.get(status="failed")
    page = client.get(f"{url}{failed.pk}/change/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "SMTPServerDisconnected" in page
    assert 'name="status"' not in page  # the log is read-only


@pytest.mark.parametrize("role", ["member", "moderator"])
def test_team_roles_cannot_open_the_reminder_log(client: Any, request: Any, role: str) -> None:
    user = request.getfixturevalue(role)
    user.is_staff = True
    user.save()
    client.force_login(user)
    response = client.get("/admin/reminders/reminderdelivery/")
    # Moderators enter the admin (scoped to their team) but not the reminder log.
    assert response.status_code == (403 if role == "moderator" else 302)


def test_the_programme_page_links_the_calendar_feed(client: Any, programme: Any) -> None:
    html = client.get(f"/programmes/{programme.slug}/", HTTP_ACCEPT_LANGUAGE="en").content
    assert f'href="/programmes/{programme.slug}/deadlines.ics"' in html.decode()


def test_logged_in_people_find_their_reminders_in_the_menu(client: Any, member: Any) -> None:
    assert 'href="/me/reminders/"' not in client.get("/").content.decode()
    client.force_login(member)
    assert 'href="/me/reminders/"' in client.get("/").content.decode()
