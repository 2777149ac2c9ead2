"""Comments received by e-mail, post or at a meeting (issue 10, item 4)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from consultations import exports, selectors, services
from consultations.models import Comment
from consultations.tests.conftest import DURING, PHASE_END, build_version
from consultations.tests.factories import CommentFactory
from core.models import StoredFile
from teams.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

AFTER = PHASE_END + dt.timedelta(days=2)


def register(version, by, *, received_at=DURING, channel="post", organisation=None, **kw):
    organisation = organisation or OrganisationFactory()
    return services.comment_register(
        version=version,
        paragraph=kw.pop("paragraph", None),
        data=services.RegisteredCommentData(
            channel=channel,
            received_at=received_at,
            sender_name=kw.pop("sender_name", ""),
            scan=kw.pop("scan", None),
            comment=services.CommentData(
                current_wording="",
                proposed_wording="Dopisać zadanie dotyczące seniorów.",
                justification="Pismo z 10 sierpnia 2011 r.",
                capacity=kw.pop("capacity", Comment.Capacity.ORGANISATION),
                organisation=organisation,
            ),
        ),
        by=by,
        now=kw.pop("now", AFTER),
    )


def test_a_posted_comment_is_numbered_in_the_same_sequence(version, coordinator):
    CommentFactory(version=version, paragraph=None, current_wording="", number=1)
    comment = register(version, coordinator)
    assert comment.number == 2
    assert comment.channel == Comment.Channel.POST
    assert not comment.is_late
    assert comment.registered_by == coordinator
    assert comment.history.get().history_change_reason == "registered from post"


def test_a_comment_received_after_the_phase_is_recorded_as_late(version, coordinator):
    comment = register(version, coordinator, received_at=AFTER - dt.timedelta(hours=1))
    assert comment.is_late


def test_a_private_sender_needs_a_name_that_is_never_public(client, version, coordinator):
    with pytest.raises(ValidationError) as exc:
        register(version, coordinator, capacity=Comment.Capacity.PRIVATE)
    assert "sender_name" in exc.value.message_dict
    comment = register(
        version, coordinator, capacity=Comment.Capacity.PRIVATE, sender_name="Jan Kowalski"
    )
    Comment.objects.filter(pk=comment.pk).update(
        answer="rejected", answer_justification="Nie.", answer_published_at=AFTER
    )
    html = client.get(reverse("consultations:report", args=[version.programme.slug])).content
    assert "Jan Kowalski" not in html.decode()
    assert "Jan Kowalski" not in _csv(version.programme)


@pytest.mark.parametrize("role", ["member", "moderator"])
def test_only_a_coordinator_registers(request, version, role):
    with pytest.raises(ValidationError):
        register(version, request.getfixturevalue(role))


def test_the_date_received_cannot_be_in_the_future(version, coordinator):
    with pytest.raises(ValidationError) as exc:
        register(version, coordinator, received_at=AFTER + dt.timedelta(days=1))
    assert "received_at" in exc.value.message_dict


def test_the_report_and_exports_show_the_channel(client, version, coordinator):
    register(version, coordinator, channel="email")
    register(version, coordinator, channel="meeting", received_at=AFTER - dt.timedelta(hours=1))
    html = client.get(
        reverse("consultations:report", args=[version.programme.slug]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "e-mail" in html
    assert "at a meeting, late" in html
    rows = list(csv.reader(io.StringIO(_csv(version.programme))))
    assert rows[0][-1] == "Channel"
    assert [r[-1] for r in rows[1:]] == ["e-mail", "at a meeting (late)"]


def _csv(programme) -> str:
    out = io.StringIO()
    exports.report_csv(selectors.report_comments(programme), out)
    return out.getvalue()


def test_a_scan_is_checked_and_served_to_coordinators_only(
    client, version, coordinator, member, settings, tmp_path
):
    with pytest.raises(ValidationError) as exc:
        register(
            version,
            coordinator,
            scan=SimpleUploadedFile("pismo.pdf", b"MZ\x90 not a pdf", "application/pdf"),
        )
    assert "scan" in exc.value.message_dict
    comment = register(
        version,
        coordinator,
        scan=SimpleUploadedFile("pismo.png", b"\x89PNG\r\n\x1a\n....", "image/png"),
    )
    # In the private storage (no URL), not among the files anyone may link to.
    assert StoredFile.objects.filter(name=f"private/{comment.scan.name}").exists()
    with pytest.raises(ValueError, match="no public URL"):
        comment.scan.url  # noqa: B018
    url = reverse("consultations:comment_scan", args=[comment.pk])
    assert client.get(url).status_code == 302
    client.force_login(member)
    assert client.get(url).status_code == 403
    client.force_login(coordinator)
    response = client.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_a_registered_comment_is_not_in_the_coordinators_own_comments(version, coordinator):
    register(version, coordinator)
    assert not selectors.comments_for_user(coordinator).exists()


def test_the_admin_registers_a_posted_comment(client, version, coordinator, settings, tmp_path):
    organisation = OrganisationFactory()
    client.force_login(coordinator)
    response = client.post(
        reverse("admin:consultations_comment_add"),
        {
            "version": version.pk,
            "paragraph_ref": "§ 2.1",
            "channel": "post",
            "received_at_0": "2011-08-10",
            "received_at_1": "10:00",
            "capacity": "organisation",
            "organisation": organisation.pk,
            "sender_name": "",
            "current_wording": "",
            "proposed_wording": "Dopisać zadanie.",
            "justification": "Pismo.",
            "scan": SimpleUploadedFile("pismo.pdf", b"%PDF-1.4\n%%EOF", "application/pdf"),
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    comment = Comment.objects.get()
    assert comment.paragraph.label == "2.1"
    assert comment.channel == "post"
    assert comment.organisation == organisation
    assert comment.registered_by == coordinator


def test_the_admin_keeps_the_text_when_the_paragraph_is_unknown(client, version, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("admin:consultations_comment_add"),
        {
            "version": version.pk,
            "paragraph_ref": "§ 9.9",
            "channel": "email",
            "received_at_0": "2011-08-10",
            "received_at_1": "10:00",
            "capacity": "private",
            "sender_name": "Jan Kowalski",
            "proposed_wording": "Mój tekst zostaje.",
            "justification": "Uzasadnienie.",
        },
    )
    assert response.status_code == 200
    assert "paragraph_ref" in response.context["adminform"].form.errors
    assert "Mój tekst zostaje." in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"received_at_0": "2099-01-02"}, "received_at", "in the future"),
        ({"capacity": "private", "sender_name": "  "}, "sender_name", "sender's name"),
        ({"capacity": "organisation"}, "organisation", "Choose the organisation"),
    ],
)
def test_what_the_service_refuses_shows_beside_the_field_and_keeps_the_text(
    client, version, coordinator, change, field, message
):
    """The service's own checks, asked by the form: a reason beside the field, not an error
    page (a date received later today than now failed with a 500 before)."""
    client.force_login(coordinator)
    data = {
        "version": version.pk,
        "paragraph_ref": "§ 2.1",
        "channel": "post",
        "received_at_0": "2011-08-10",
        "received_at_1": "10:00",
        "capacity": "private",
        "sender_name": "Jan Kowalski",
        "proposed_wording": "Mój tekst zostaje.",
        "justification": "Uzasadnienie.",
    }
    response = client.post(
        reverse("admin:consultations_comment_add"), data | change, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == [field]
    assert message in errors[field][0]
    assert "Mój tekst zostaje." in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("member", 302), ("other_team_moderator", 403), ("coordinator", 200)],
)
def test_the_registration_page_is_for_coordinators(request, client, version, role, status):
    user = request.getfixturevalue(role)
    if user is not None:
        client.force_login(user)
    assert client.get(reverse("admin:consultations_comment_add")).status_code == status


def test_registered_comments_keep_the_numbering_without_gap(version, coordinator, member):
    build_version  # noqa: B018  (the fixture builds the version)
    register(version, coordinator)
    CommentFactory(version=version, paragraph=None, current_wording="", number=2)
    register(version, coordinator, channel="meeting")
    assert [c.number for c in selectors.report_comments(version.programme)] == [1, 2, 3]
