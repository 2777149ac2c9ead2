"""Deadline reminders: who gets what on which Warsaw day, once (issue 5)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.db.models.signals import post_save
from django.utils import timezone, translation
from django_celery_beat.models import PeriodicTask

from consultations.models import Comment
from consultations.tests.factories import (
    CommentFactory,
    DraftVersionFactory,
    PhaseFactory,
    ProgrammeFactory,
)
from core.dates import WARSAW, warsaw_midnight
from krakow_ngo.celery import app as celery_app
from reminders import services
from reminders.models import ReminderDelivery, ReminderKind, ReminderOffset, ReminderPreferences
from teams.rules import has_verified_email
from teams.selectors import confirmed_email_addresses
from teams.tests.factories import MeetingFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _confirmed_addresses() -> Any:
    """People in these tests confirmed their address at sign-up (allauth), unless emptied."""

    def confirm(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
        if created and instance.email:
            EmailAddress.objects.create(
                user=instance, email=instance.email, verified=True, primary=True
            )

    post_save.connect(confirm, sender=get_user_model(), dispatch_uid="test-confirm")
    yield
    post_save.disconnect(sender=get_user_model(), dispatch_uid="test-confirm")


@pytest.fixture
def programme(db: Any) -> Any:
    """The 2027–2029 programme: adoption deadline 30 November 2026."""
    return ProgrammeFactory(first_year=2027, last_year=2029, slug="wpw-2027-2029")


@pytest.fixture
def people(member: Any, other_team_member: Any, moderator: Any, coordinator: Any) -> Any:
    """The four personas with English e-mails, so wording can be asserted."""
    for user in (member, other_team_member, moderator, coordinator):
        ReminderPreferences.objects.create(user=user, language="en")
    return {
        "member": member,
        "other_team_member": other_team_member,
        "moderator": moderator,
        "coordinator": coordinator,
    }


def autumn_phase(programme: Any) -> Any:
    # Ends after summer time ends (Sunday 25 October 2026, 03:00 → 02:00).
    return PhaseFactory(
        programme=programme,
        name="Konsultacje jesienne",
        starts_at=dt.datetime(2026, 10, 1, tzinfo=WARSAW),
        ends_at=dt.datetime(2026, 10, 30, 23, 59, 59, tzinfo=WARSAW),
    )


def spring_phase(programme: Any) -> Any:
    # Summer time starts on Sunday 29 March 2026 (02:00 → 03:00): the 3-day reminder day.
    return PhaseFactory(
        programme=programme,
        name="Konsultacje wiosenne",
        starts_at=dt.datetime(2026, 3, 10, tzinfo=WARSAW),
        ends_at=dt.datetime(2026, 4, 1, 23, 59, 59, tzinfo=WARSAW),
    )


def run_pass(capture: Any, at: dt.datetime) -> services.PassResult:
    """One pass at ``at``, with the enqueued chunks run (eager) after the commit."""
    with time_machine.travel(at, tick=False), capture(execute=True):
        return services.reminders_send_due(now=timezone.now())


def hourly_passes(capture: Any, start: dt.datetime, end: dt.datetime) -> list[tuple[Any, Any]]:
    """Run the pass every hour from start to end; returns (instant, message) pairs."""
    sent = []
    at = start
    while at < end:
        before = len(mail.outbox)
        run_pass(capture, at)
        sent.extend((at, message) for message in mail.outbox[before:])
        at += dt.timedelta(hours=1)
    return sent


@pytest.mark.parametrize(
    ("make_phase", "start", "days"),
    [
        pytest.param(
            autumn_phase,
            dt.datetime(2026, 10, 15, tzinfo=dt.UTC),
            {14: dt.date(2026, 10, 16), 7: dt.date(2026, 10, 23), 3: dt.date(2026, 10, 27)}
            | {1: dt.date(2026, 10, 29), 0: dt.date(2026, 10, 30)},
            id="end-of-summer-time",
        ),
        pytest.param(
            spring_phase,
            dt.datetime(2026, 3, 17, tzinfo=dt.UTC),
            {14: dt.date(2026, 3, 18), 7: dt.date(2026, 3, 25), 3: dt.date(2026, 3, 29)}
            | {1: dt.date(2026, 3, 31), 0: dt.date(2026, 4, 1)},
            id="start-of-summer-time",
        ),
    ],
)
def test_team_members_get_each_countdown_once_from_the_first_pass_after_warsaw_midnight(
    django_capture_on_commit_callbacks: Any,
    programme: Any,
    people: Any,
    make_phase: Any,
    start: dt.datetime,
    days: dict[int, dt.date],
) -> None:
    make_phase(programme)
    sent = hourly_passes(django_capture_on_commit_callbacks, start, start + dt.timedelta(days=16))
    by_user: dict[str, list[tuple[dt.datetime, str]]] = defaultdict(list)
    for at, message in sent:
        by_user[message.to[0]].append((at, message.subject))
    expected_instants = [warsaw_midnight(day) for day in days.values()]
    for role in ("member", "other_team_member", "moderator"):
        got = by_user.pop(people[role].email)
        # Hourly passes in UTC: the first one of each Warsaw day is its midnight,
        # which is 22:00 or 23:00 UTC depending on summer time.
        assert [at for at, _ in got] == expected_instants, role
        for (offset, _day), (_, subject) in zip(days.items(), got, strict=True):
            deadline = days[0]
            date = f"{deadline.day} {deadline:%B %Y}"
            if offset == 0:
                assert f"Today is the last day: {date}" in subject
            else:
                assert f"{offset} day{'s' if offset > 1 else ''} left until {date}" in subject
    assert by_user == {}, "the coordinator is not a team member and gets nothing here"
    assert ReminderDelivery.objects.filter(status="sent").count() == 15


def test_the_day_turns_at_warsaw_midnight_not_at_utc_midnight(
    django_capture_on_commit_callbacks: Any, programme: Any, people: Any
) -> None:
    autumn_phase(programme)  # 7 days before: Friday 23 October (CEST, UTC+2)
    run_pass(
        django_capture_on_commit_callbacks, dt.datetime(2026, 10, 22, 23, 59, 59, tzinfo=WARSAW)
    )
    assert mail.outbox == []
    # 22:00 UTC on the 22nd is already the 23rd in Kraków.
    run_pass(django_capture_on_commit_callbacks, dt.datetime(2026, 10, 22, 22, 0, tzinfo=dt.UTC))
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        people[r].email for r in ("member", "other_team_member", "moderator")
    )
    assert all("7 days left until 30 October 2026" in m.subject for m in mail.outbox)


def test_passes_repeated_the_same_day_send_nothing_twice(
    django_capture_on_commit_callbacks: Any, programme: Any, people: Any
) -> None:
    autumn_phase(programme)
    at = dt.datetime(2026, 10, 27, 7, tzinfo=WARSAW)
    first = run_pass(django_capture_on_commit_callbacks, at)
    again = run_pass(django_capture_on_commit_callbacks, at + dt.timedelta(hours=5))
    assert (first.created, again.created) == (3, 0)
    assert len(mail.outbox) == 3


def test_offsets_follow_what_the_admin_configured(
    django_capture_on_commit_callbacks: Any, programme: Any, people: Any
) -> None:
    assert list(ReminderOffset.objects.values_list("days", flat=True)) == [14, 7, 3, 1, 0]
    ReminderOffset.objects.filter(days=7).update(is_active=False)
    ReminderOffset.objects.create(days=2)
    autumn_phase(programme)
    run_pass(django_capture_on_commit_callbacks, dt.datetime(2026, 10, 23, 7, tzinfo=WARSAW))
    assert mail.outbox == []
    run_pass(django_capture_on_commit_callbacks, dt.datetime(2026, 10, 28, 7, tzinfo=WARSAW))
    assert len(mail.outbox) == 3
    assert "2 days left until 30 October 2026" in mail.outbox[0].subject


def test_no_closing_reminder_before_the_comment_phase_opens(
    django_capture_on_commit_callbacks: Any, programme: Any, people: Any
) -> None:
    PhaseFactory(
        programme=programme,
        starts_at=dt.datetime(2026, 10, 20, tzinfo=WARSAW),
        ends_at=dt.datetime(2026, 11, 2, 23, 59, 59, tzinfo=WARSAW),
    )
    run_pass(django_capture_on_commit_callbacks, dt.datetime(2026, 10, 19, 7, tzinfo=WARSAW))
    assert mail.outbox == []


def test_moderators_are_reminded_of_swot_goals_and_actions_before_their_teams_meeting(
    django_capture_on_commit_callbacks: Any, programme: Any, people: Any, team: Any
) -> None:
    from swot.tests.factories import GoalFactory

    GoalFactory(team=team)
    MeetingFactory(
        team=team,
        title="Spotkanie wrześniowe",
        starts_at=dt.datetime(2026, 9, 8, 10, tzinfo=WARSAW),
    )
    run_pass(django_capture_on_commit_callbacks, dt.datetime(2026, 9, 1, 7, tzinfo=WARSAW))
    assert [m.to[0] for m in mail.outbox] == [people["moderator"].email]
    message = mail.outbox[0]
    assert "SWOT results, goals and actions are due: Spotkanie wrześniowe" in message.subject
    assert "7 days left until 8 September 2026" in message.subject
    assert (
        f"{team.name}: 0 SWOT sessions still open, 1 goal, 1 goal without actions" in message.body
    )


def test_coordinators_hear_of_unanswered_and_unpublished_comments_only_while_there_are_some(
    django_capture_on_commit_callbacks: Any, programme: Any, people: Any
) -> None:
    PhaseFactory(
        programme=programme,
        kind="summary",
        accepts_comments=False,
        name="Podsumowanie uwag",
        starts_at=dt.datetime(2026, 9, 1, tzinfo=WARSAW),
        ends_at=dt.datetime(2026, 9, 30, 23, 59, 59, tzinfo=WARSAW),
    )
    version = DraftVersionFactory(programme=programme)
    CommentFactory.create_batch(2, paragraph__section__version=version)
    CommentFactory(
        paragraph__section__version=version, answer="accepted", answer_justification="Tak."
    )
    run_pass(django_capture_on_commit_callbacks, dt.datetime(2026, 9, 23, 7, tzinfo=WARSAW))
    subjects = sorted(m.subject for m in mail.outbox)
    assert [m.to[0] for m in mail.outbox] == [people["coordinator"].email] * 2
    assert subjects == [
        "1 answer is not yet published — 7 days left until 30 September 2026",
        "2 comments still need an answer — 7 days left until 30 September 2026",
    ]
    Comment.objects.update(answer="rejected", answer_published_at=timezone.now())
    run_pass(django_capture_on_commit_callbacks, dt.datetime(2026, 9, 27, 7, tzinfo=WARSAW))
    assert len(mail.outbox) == 2


def test_coordinators_get_the_adoption_countdown_and_a_last_notice_without_a_final_version(
    django_capture_on_commit_callbacks: Any, programme: Any, people: Any
) -> None:
    coordinator = people["coordinator"]
    run_pass(django_capture_on_commit_callbacks, dt.datetime(2026, 11, 23, 7, tzinfo=WARSAW))
    by_kind = {m.subject.split(" — ")[0]: m for m in mail.outbox}
    assert "Statutory adoption deadline of the programme" in by_kind
    assert by_kind["Statutory adoption deadline of the programme"].to == [coordinator.email]
    assert "7 days left until 30 November 2026" in mail.outbox[0].subject
    # No version at all: every mandatory section is empty.
    assert "11 mandatory sections are still empty" in by_kind
    mail.outbox.clear()
    run_pass(django_capture_on_commit_callbacks, dt.datetime(2026, 12, 1, 7, tzinfo=WARSAW))
    assert [m.subject for m in mail.outbox] == [
        "The adoption deadline passed without a published final version — "
        "The deadline passed on 30 November 2026"
    ]
    # The last notice is the last: nothing on the days after.
    run_pass(django_capture_on_commit_callbacks, dt.datetime(2026, 12, 2, 7, tzinfo=WARSAW))
    assert len(mail.outbox) == 1


def test_no_last_notice_when_a_final_version_was_published(
    django_capture_on_commit_callbacks: Any, programme: Any, people: Any
) -> None:
    autumn_phase(programme)
    DraftVersionFactory(programme=programme, published_at=dt.datetime(2026, 11, 10, tzinfo=WARSAW))
    run_pass(django_capture_on_commit_callbacks, dt.datetime(2026, 12, 1, 7, tzinfo=WARSAW))
    assert mail.outbox == []


def test_the_empty_sections_reminder_names_the_missing_contents(
    django_capture_on_commit_callbacks: Any, programme: Any, people: Any
) -> None:
    from consultations.models import MANDATORY_SECTION_KINDS
    from consultations.tests.factories import ParagraphFactory, SectionFactory

    version = DraftVersionFactory(programme=programme)
    for i, kind in enumerate(MANDATORY_SECTION_KINDS):
        if kind != "funds":
            ParagraphFactory(section=SectionFactory(version=version, kind=kind, position=i + 1))
    SectionFactory(version=version, kind="funds", position=20)  # present but without text
    run_pass(django_capture_on_commit_callbacks, dt.datetime(2026, 11, 27, 7, tzinfo=WARSAW))
    message = next(m for m in mail.outbox if "mandatory section" in m.subject)
    assert message.subject.startswith("1 mandatory section is still empty — 3 days left")
    assert "* funds planned for the programme" in message.body


def test_an_opted_out_kind_is_skipped_and_logged(
    django_capture_on_commit_callbacks: Any, programme: Any, people: Any
) -> None:
    ReminderPreferences.objects.filter(user=people["member"]).update(comment_phase=False)
    autumn_phase(programme)
    run_pass(django_capture_on_commit_callbacks, dt.datetime(2026, 10, 27, 7, tzinfo=WARSAW))
    assert people["member"].email not in [m.to[0] for m in mail.outbox]
    assert len(mail.outbox) == 2
    row = ReminderDelivery.objects.get(user=people["member"])
    assert (row.status, row.skip_reason) == ("skipped", "opted out")


def test_an_unsubscribe_between_planning_and_sending_is_honoured(
    django_capture_on_commit_callbacks: Any, programme: Any, people: Any
) -> None:
    autumn_phase(programme)
    with time_machine.travel(dt.datetime(2026, 10, 27, 7, tzinfo=WARSAW), tick=False):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            services.reminders_send_due(now=timezone.now())
        services.reminder_preferences_unsubscribe(
            user_id=people["moderator"].pk, kind=ReminderKind.COMMENT_PHASE
        )
        for callback in callbacks:
            callback()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [people["member"].email, people["other_team_member"].email]
    )
    assert ReminderDelivery.objects.get(user=people["moderator"]).skip_reason == "opted out"


def test_users_without_an_email_address_are_skipped(
    django_capture_on_commit_callbacks: Any, programme: Any, people: Any, team: Any
) -> None:
    MembershipFactory(team=team, user=UserFactory(email=""))
    autumn_phase(programme)
    run_pass(django_capture_on_commit_callbacks, dt.datetime(2026, 10, 27, 7, tzinfo=WARSAW))
    assert len(mail.outbox) == 3
    assert ReminderDelivery.objects.get(status="skipped").skip_reason == (
        "no confirmed e-mail address"
    )


def test_only_a_verified_address_counts_as_confirmed() -> None:
    unverified, verified, none = UserFactory(), UserFactory(), UserFactory(email="")
    EmailAddress.objects.filter(user=unverified).update(verified=False)
    EmailAddress.objects.filter(user=verified).update(email="potwierdzony@example.org")
    assert confirmed_email_addresses([unverified.pk, verified.pk, none.pk]) == {
        verified.pk: "potwierdzony@example.org"
    }
    # Commenting asks the same question (teams.rules.has_verified_email).
    assert not has_verified_email(unverified)
    assert has_verified_email(verified)


def test_the_email_has_text_html_a_draft_link_and_one_click_unsubscribe_headers(
    django_capture_on_commit_callbacks: Any, programme: Any, people: Any
) -> None:
    autumn_phase(programme)
    DraftVersionFactory(
        programme=programme, number=2, published_at=dt.datetime(2026, 9, 30, tzinfo=WARSAW)
    )
    run_pass(django_capture_on_commit_callbacks, dt.datetime(2026, 10, 23, 7, tzinfo=WARSAW))
    message = next(m for m in mail.outbox if m.to == [people["member"].email])
    draft_url = f"{settings.SITE_URL}/programmes/wpw-2027-2029/drafts/2/"
    assert draft_url in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert draft_url in html
    assert "7 days left until 30 October 2026" in html
    assert programme.municipality.display_name in html  # the header names the local government
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe.startswith(f"{settings.SITE_URL}/reminders/unsubscribe/")
    assert unsubscribe in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["Message-ID"].startswith("<reminder-")


def test_the_email_comes_in_the_recipients_language(
    django_capture_on_commit_callbacks: Any, programme: Any, people: Any
) -> None:
    ReminderPreferences.objects.filter(user=people["member"]).update(language="pl")
    autumn_phase(programme)
    with translation.override("en"):
        run_pass(django_capture_on_commit_callbacks, dt.datetime(2026, 10, 23, 7, tzinfo=WARSAW))
    polish = next(m for m in mail.outbox if m.to == [people["member"].email])
    english = next(m for m in mail.outbox if m.to == [people["moderator"].email])
    assert "30 października 2026" in polish.subject
    assert 'lang="pl"' in polish.alternatives[0][0]
    assert "30 October 2026" in english.subject


def test_smtp_failures_are_retried_then_recorded_as_failed_in_the_admin(
    django_capture_on_commit_callbacks: Any,
    programme: Any,
    people: Any,
    settings: Any,
    client: Any,
) -> None:
    from consultations.tests.smtp import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    autumn_phase(programme)
    run_pass(django_capture_on_commit_callbacks, dt.datetime(2026, 10, 27, 7, tzinfo=WARSAW))
    rows = ReminderDelivery.objects.order_by("pk")
    # Eager mode runs the retries at once; each attempt is counted on the row it hit.
    assert set(rows.values_list("status", flat=True)) == {"failed"}
    assert rows[0].attempts == settings.REMINDERS_MAX_ATTEMPTS
    assert "Connection refused" in rows[0].last_error or "Errno" in rows[0].last_error
    assert "Gave up" in rows[1].last_error
    client.force_login(people["coordinator"])
    response = client.get(
        "/admin/reminders/reminderdelivery/?status__exact=failed", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert response.content.decode().count('class="action-checkbox"') == 3


def test_the_retry_backoff_never_exceeds_the_brokers_visibility_timeout() -> None:
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert visibility > settings.REMINDERS_RETRY_BACKOFF_MAX
    import reminders.tasks  # noqa: F401 - registers the task, whatever ran before this test

    task = celery_app.tasks["consultations.reminders_send_chunk"]
    assert task.acks_late
    assert task.reject_on_worker_lost


def test_a_redelivered_chunk_sends_only_what_was_not_sent(
    django_capture_on_commit_callbacks: Any, programme: Any, people: Any
) -> None:
    autumn_phase(programme)
    with time_machine.travel(dt.datetime(2026, 10, 27, 7, tzinfo=WARSAW), tick=False):
        with django_capture_on_commit_callbacks(execute=False):
            result = services.reminders_send_due(now=timezone.now())
        ids = result.enqueued_ids
        assert services.reminders_send_chunk(delivery_ids=ids[:1]).sent == 1
        # The broker hands the whole chunk out again (acks_late after a crash).
        assert services.reminders_send_chunk(delivery_ids=ids).sent == 2
        assert services.reminders_send_chunk(delivery_ids=ids).sent == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        people[r].email for r in ("member", "other_team_member", "moderator")
    )


def test_with_the_broker_down_the_admin_request_succeeds_and_the_next_pass_sends(
    django_capture_on_commit_callbacks: Any,
    programme: Any,
    people: Any,
    settings: Any,
    client: Any,
) -> None:
    from consultations.tests.smtp import free_port

    autumn_phase(programme)
    run_pass(django_capture_on_commit_callbacks, dt.datetime(2026, 10, 27, 7, tzinfo=WARSAW))
    ReminderDelivery.objects.update(status="failed", attempts=5, last_error="550")
    mail.outbox.clear()
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{free_port()}/0"  # Redis is "down"
    client.force_login(people["coordinator"])
    with (
        time_machine.travel(dt.datetime(2026, 10, 27, 8, tzinfo=WARSAW), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            "/admin/reminders/reminderdelivery/",
            {
                "action": "requeue",
                "_selected_action": list(ReminderDelivery.objects.values_list("pk", flat=True)),
            },
        )
    assert response.status_code == 302
    assert set(ReminderDelivery.objects.values_list("status", flat=True)) == {"queued"}
    assert mail.outbox == []
    settings.CELERY_TASK_ALWAYS_EAGER = True
    result = run_pass(
        django_capture_on_commit_callbacks, dt.datetime(2026, 10, 28, 7, tzinfo=WARSAW)
    )
    assert len(result.enqueued_ids) == 3
    assert len(mail.outbox) == 3
    assert set(ReminderDelivery.objects.values_list("status", flat=True)) == {"sent"}


def test_each_chunk_goes_over_one_smtp_connection(
    django_capture_on_commit_callbacks: Any, programme: Any, team: Any, settings: Any
) -> None:
    from consultations.tests.smtp import smtp_server

    for _ in range(25):
        MembershipFactory(team=team)
    settings.REMINDERS_CHUNK_SIZE = 10
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    autumn_phase(programme)
    with smtp_server() as (port, mailbox):
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        run_pass(django_capture_on_commit_callbacks, dt.datetime(2026, 10, 27, 7, tzinfo=WARSAW))
    assert mailbox.count() == 25
    assert mailbox.sessions == 3
    received = mailbox.messages()[0]
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert [part.get_content_type() for part in received.walk()][1:] == ["text/plain", "text/html"]


def test_send_reminders_dry_run_prints_who_would_get_what_and_sends_nothing(
    programme: Any, people: Any, capsys: Any
) -> None:
    autumn_phase(programme)
    call_command("send_reminders", "--dry-run", "--at", "2026-10-27T07:00")
    out = capsys.readouterr().out
    assert people["member"].email in out
    assert "comment_phase | Konsultacje jesienne | due 2026-10-30 | 3 days | send" in out
    assert "3 reminder(s)." in out
    assert not ReminderDelivery.objects.exists()
    assert mail.outbox == []


def test_send_reminders_runs_the_same_pass(
    django_capture_on_commit_callbacks: Any, programme: Any, people: Any, capsys: Any
) -> None:
    autumn_phase(programme)
    # Sending happens "now" (the countdown is computed when the message is built).
    with (
        time_machine.travel(dt.datetime(2026, 10, 27, 7, tzinfo=WARSAW), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("send_reminders")
    assert "3 new reminder row(s)" in capsys.readouterr().out
    assert len(mail.outbox) == 3


def test_a_data_migration_created_the_default_offsets_and_the_daily_beat_entry() -> None:
    assert list(ReminderOffset.objects.values_list("days", flat=True)) == [14, 7, 3, 1, 0]
    task = PeriodicTask.objects.get(name="Daily deadline reminder pass")
    assert task.enabled
    assert task.task in celery_app.tasks
    assert (task.crontab.hour, task.crontab.minute, str(task.crontab.timezone)) == (
        "7",
        "0",
        "Europe/Warsaw",
    )


@pytest.mark.parametrize("members", [5, 120])
def test_planning_takes_the_same_few_queries_for_5_or_120_members(
    django_capture_on_commit_callbacks: Any,
    django_assert_max_num_queries: Any,
    programme: Any,
    team: Any,
    members: int,
) -> None:
    for _ in range(members):
        MembershipFactory(team=team)
    autumn_phase(programme)
    with (
        time_machine.travel(dt.datetime(2026, 10, 27, 7, tzinfo=WARSAW), tick=False),
        django_capture_on_commit_callbacks(execute=False) as callbacks,
        # 13: the adopted programmes whose countdowns stop (issue 10) join the pass;
        # 14: the chunks' outbox entries, one INSERT for all (docs/architecture.md,
        # "Outbox"); still the same for 5 or 120 members.
        django_assert_max_num_queries(14),
    ):
        result = services.reminders_send_due(now=timezone.now())
    assert result.created == members
    assert len(callbacks) == -(-members // settings.REMINDERS_CHUNK_SIZE)  # one per chunk


def test_work_finished_between_planning_and_sending_is_not_reminded(
    django_capture_on_commit_callbacks: Any, programme: Any, people: Any
) -> None:
    version = DraftVersionFactory(programme=programme)
    CommentFactory(paragraph__section__version=version)
    with time_machine.travel(dt.datetime(2026, 11, 23, 7, tzinfo=WARSAW), tick=False):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            services.reminders_send_due(now=timezone.now())
        assert ReminderDelivery.objects.filter(kind="unanswered_comments").exists()
        Comment.objects.update(answer="explained", answer_justification="Wyjaśniono.")
        for callback in callbacks:
            callback()
    row = ReminderDelivery.objects.get(kind="unanswered_comments")
    assert (row.status, row.skip_reason) == ("skipped", "nothing left to do")
    assert "comments still need an answer" not in " ".join(m.subject for m in mail.outbox)


def test_the_plain_text_has_no_runs_of_blank_lines(
    django_capture_on_commit_callbacks: Any, programme: Any, people: Any
) -> None:
    autumn_phase(programme)
    run_pass(django_capture_on_commit_callbacks, dt.datetime(2026, 10, 27, 7, tzinfo=WARSAW))
    body = mail.outbox[0].body
    assert "\n\n\n" not in body
    assert body.startswith("Hello,")  # no guessed vocative (issue 11)
