"""The timeline keeps its history (issue 10, item 2) and the loop keeps its order (item 8)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from consultations import services as consultation_services
from consultations.models import Comment
from consultations.tests.conftest import DURING, PHASE_END, build_version, verify_email
from consultations.tests.factories import CommentFactory, PhaseFactory
from core.dates import WARSAW
from programmes.models import Phase, PhaseChange
from reminders import services
from reminders.models import ReminderDelivery, ReminderKind
from reminders.selectors import deadlines_between

pytestmark = pytest.mark.django_db

LATER = PHASE_END + dt.timedelta(days=7)


@pytest.fixture
def phase(programme):
    return PhaseFactory(programme=programme)


def reschedule(
    phase, by, *, ends_at=LATER, starts_at=None, reason="Prośba organizacji.", now=DURING
):
    return services.phase_reschedule(
        phase=phase,
        starts_at=starts_at or phase.starts_at,
        ends_at=ends_at,
        reason=reason,
        by=by,
        now=now,
    )


def test_an_extension_is_recorded_with_who_when_and_why(phase, coordinator):
    change = reschedule(phase, coordinator)
    phase.refresh_from_db()
    assert phase.ends_at == LATER
    assert change.old_ends_at == PHASE_END
    assert change.new_ends_at == LATER
    assert change.changed_by == coordinator
    assert change.changed_at == DURING
    assert change.reason == "Prośba organizacji."
    assert change.is_extension


def test_shortening_a_started_comment_phase_is_refused(phase, coordinator):
    with pytest.raises(ValidationError) as exc:
        reschedule(phase, coordinator, ends_at=PHASE_END - dt.timedelta(days=3))
    assert "ends_at" in exc.value.message_dict
    phase.refresh_from_db()
    assert phase.ends_at == PHASE_END
    assert not PhaseChange.objects.exists()


def test_the_start_of_a_started_phase_cannot_move(phase, coordinator):
    with pytest.raises(ValidationError) as exc:
        reschedule(phase, coordinator, starts_at=phase.starts_at + dt.timedelta(days=1))
    assert "starts_at" in exc.value.message_dict


def test_a_reason_is_required(phase, coordinator):
    with pytest.raises(ValidationError) as exc:
        reschedule(phase, coordinator, reason="   ")
    assert "reason" in exc.value.message_dict


def test_an_ended_phase_is_history(phase, coordinator):
    with pytest.raises(ValidationError) as exc:
        reschedule(phase, coordinator, now=PHASE_END + dt.timedelta(days=1))
    assert exc.value.code == "ended"


def test_a_future_phase_is_still_held_to_its_minimum_length(programme, coordinator):
    future = PhaseFactory(
        programme=programme,
        starts_at=dt.datetime(2011, 9, 10, tzinfo=WARSAW),
        ends_at=dt.datetime(2011, 9, 30, 23, 59, tzinfo=WARSAW),
    )
    with pytest.raises(ValidationError):
        reschedule(future, coordinator, ends_at=dt.datetime(2011, 9, 12, tzinfo=WARSAW))
    change = reschedule(future, coordinator, ends_at=dt.datetime(2011, 9, 25, tzinfo=WARSAW))
    assert not change.is_extension


@pytest.mark.parametrize("role", ["member", "moderator", "other_team_member"])
def test_only_a_coordinator_changes_the_timeline(request, phase, role):
    with pytest.raises(ValidationError):
        reschedule(phase, request.getfixturevalue(role))


def test_the_change_is_listed_publicly_on_the_programme_page(client, phase, coordinator):
    coordinator.first_name, coordinator.last_name = "Anna", "Urzędniczka"
    coordinator.save()
    reschedule(phase, coordinator, reason="Wniosek Rady Pożytku.")
    html = client.get(phase.programme.get_absolute_url()).content.decode()
    assert 'id="timeline-changes"' in html
    assert "Wniosek Rady Pożytku." in html
    assert "Anna Urzędniczka" in html


def test_reminders_are_re_planned_for_the_new_end(phase, coordinator, member):
    old_due = PHASE_END.date()
    queued = ReminderDelivery.objects.create(
        user=member,
        programme=phase.programme,
        kind=ReminderKind.COMMENT_PHASE,
        deadline_key=f"phase:{phase.pk}",
        due_on=old_due,
        offset_days=0,
    )
    reschedule(phase, coordinator)
    queued.refresh_from_db()
    assert queued.status == ReminderDelivery.Status.SKIPPED
    assert queued.skip_reason == "phase rescheduled"
    keys = {(d.key, d.due_on) for d in deadlines_between(LATER.date(), LATER.date())}
    assert (f"phase:{phase.pk}", LATER.date()) in keys
    assert not any(d.key == f"phase:{phase.pk}" for d in deadlines_between(old_due, old_due))


def test_commenters_and_subscribers_are_told_by_email_once(
    phase, coordinator, member, other_team_member, django_capture_on_commit_callbacks
):
    version = build_version(phase.programme)
    commenter = verify_email(
        CommentFactory(
            version=version, paragraph=None, current_wording="", submitted_at=DURING
        ).author
    )
    verify_email(member)
    verify_email(other_team_member)
    from reminders.models import ReminderPreferences

    ReminderPreferences.objects.create(user=other_team_member, comment_phase=False)
    with django_capture_on_commit_callbacks(execute=True):
        change = reschedule(phase, coordinator)
    recipients = {m.to[0] for m in mail.outbox}
    assert recipients == {commenter.email, member.email}
    assert all("Prośba organizacji." in m.body for m in mail.outbox)
    # A redelivered task sends nothing more.
    from reminders.tasks import phase_change_notify

    assert phase_change_notify(change.pk) == 0


# ------------------------------------------------------------------------------
# The admin: dates of a started phase change only through the service
# ------------------------------------------------------------------------------
def test_the_phase_admin_refuses_moving_a_started_phase(client, phase, coordinator):
    client.force_login(coordinator)
    url = reverse("admin:programmes_phase_change", args=[phase.pk])
    response = client.post(
        url,
        {
            "programme": phase.programme.pk,
            "kind": phase.kind,
            "name": phase.name,
            "description": "",
            "starts_at_0": "2011-08-01",
            "starts_at_1": "00:00:00",
            "ends_at_0": "2011-08-20",
            "ends_at_1": "23:59:59",
            "accepts_comments": "on",
            "channels": "",
        },
    )
    assert response.status_code == 200
    assert "ends_at" in response.context["adminform"].form.errors
    phase.refresh_from_db()
    assert phase.ends_at == PHASE_END


def test_the_timeline_change_admin_refuses_shortening_beside_the_field(client, phase, coordinator):
    client.force_login(coordinator)
    import time_machine

    with time_machine.travel(DURING, tick=False):
        response = client.post(
            reverse("admin:programmes_phasechange_add"),
            {
                "phase": phase.pk,
                "new_starts_at_0": "2011-08-01",
                "new_starts_at_1": "00:00:00",
                "new_ends_at_0": "2011-08-20",
                "new_ends_at_1": "23:59:59",
                "reason": "Skracamy.",
            },
        )
        assert response.status_code == 200
        assert "new_ends_at" in response.context["adminform"].form.errors
        assert "Skracamy." in response.content.decode()
        response = client.post(
            reverse("admin:programmes_phasechange_add"),
            {
                "phase": phase.pk,
                "new_starts_at_0": "2011-08-01",
                "new_starts_at_1": "00:00:00",
                "new_ends_at_0": "2011-09-07",
                "new_ends_at_1": "23:59:59",
                "reason": "Przedłużamy na prośbę organizacji.",
            },
        )
    assert response.status_code == 302
    change = PhaseChange.objects.get()
    assert change.changed_by == coordinator
    assert Phase.objects.get(pk=phase.pk).ends_at.date() == dt.date(2011, 9, 7)


# ------------------------------------------------------------------------------
# The order of the loop (item 8)
# ------------------------------------------------------------------------------
def test_answers_are_drafted_any_time_but_published_after_the_phase(phase, coordinator):
    version = build_version(phase.programme)
    comment = CommentFactory(
        version=version, paragraph=None, current_wording="", submitted_at=DURING
    )
    consultation_services.comment_answer_record(
        comment=comment, answer="accepted", justification="Tak.", by=coordinator, now=DURING
    )
    with pytest.raises(ValidationError) as exc:
        consultation_services.comment_answers_publish(
            comments=[comment], by=coordinator, now=DURING
        )
    assert exc.value.code == "window_open"
    published, _skipped = consultation_services.comment_answers_publish(
        comments=[comment], by=coordinator, now=PHASE_END + dt.timedelta(minutes=1)
    )
    assert published == 1


def test_the_report_is_published_after_the_phase(phase):
    programme = phase.programme
    programme.report_summary = "Podsumowanie."
    programme.save()
    with pytest.raises(ValidationError):
        consultation_services.programme_report_publish(programme=programme, now=DURING)
    consultation_services.programme_report_publish(
        programme=programme, now=PHASE_END + dt.timedelta(hours=1)
    )


def test_an_answered_comment_shows_no_edit_link_and_its_edit_page_refuses_once(
    client, phase, member, coordinator
):
    import time_machine

    version = build_version(phase.programme)
    comment = CommentFactory(
        version=version, paragraph=None, current_wording="", author=member, submitted_at=DURING
    )
    client.force_login(member)
    with time_machine.travel(DURING, tick=False):
        edit_url = reverse("consultations:comment_edit", args=[comment.pk])
        assert (
            edit_url
            in client.get(reverse("consultations:my_comment", args=[comment.pk])).content.decode()
        )
        Comment.objects.filter(pk=comment.pk).update(answer="rejected", answer_justification="Nie.")
        page = client.get(reverse("consultations:my_comment", args=[comment.pk])).content.decode()
        assert edit_url not in page
        response = client.get(edit_url, follow=True)
        html = response.content.decode()
        assert html.count("This comment has been answered") + html.count("została rozpatrzona") <= 1
        assert response.redirect_chain
