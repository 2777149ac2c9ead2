"""Commenting on a draft: the rules, each with its message and the text kept."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import translation

from consultations.models import Comment
from consultations.tests.conftest import PHASE_END, build_version, verify_email
from consultations.tests.factories import CommentFactory, PhaseFactory

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def comment_url(version, paragraph: str | None = "1-2") -> str:
    url = reverse("consultations:comment_create", args=[version.programme.slug, version.number])
    return f"{url}?paragraph={paragraph}" if paragraph else url


def form_data(member, **extra) -> dict[str, str]:
    organisation = member.memberships.get().organisation
    data = {
        "current_wording": "Treść paragrafu 1.2",
        "proposed_wording": "Nowe brzmienie: „zażółć gęślą jaźń”.",
        "justification": "Bo tak będzie jaśniej.",
        "on_behalf": f"org-{organisation.pk}",
    }
    return data | extra


def test_a_member_comments_on_a_paragraph_and_gets_a_receipt_by_email(
    client, member, version, during, django_capture_on_commit_callbacks
):
    verify_email(member)
    client.force_login(member)
    paragraph = version.sections.get(position=1).paragraphs.get(number=2)
    data = form_data(member, paragraph=str(paragraph.pk))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(comment_url(version), data, **EN)
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("consultations:my_comment", args=[comment.pk])
    assert comment.paragraph == paragraph
    assert comment.number == 1
    assert comment.organisation == member.memberships.get().organisation
    assert comment.receipt_number == f"{version.programme.slug.upper()}/1/0001"
    assert len(mail.outbox) == 1
    assert comment.receipt_number in mail.outbox[0].subject
    assert mail.outbox[0].to == [member.email]
    assert "Nowe brzmienie" in mail.outbox[0].body
    # Signed by the programme's local government (programmes.Municipality).
    assert version.programme.municipality.name in mail.outbox[0].body
    assert version.programme.municipality.name in mail.outbox[0].alternatives[0].content
    comment.refresh_from_db()
    assert comment.receipt_sent_at is not None
    receipt = client.get(response["Location"], **EN).content.decode()
    assert comment.receipt_number in receipt


def test_the_receipt_email_is_sent_once_even_if_the_task_runs_twice(member, version, during):
    from consultations.tasks import comment_receipt_send

    comment = CommentFactory(author=member, paragraph=version.sections.first().paragraphs.first())
    assert comment_receipt_send(comment.pk) is True
    assert comment_receipt_send(comment.pk) is False
    assert len(mail.outbox) == 1


def test_the_comment_form_is_prefilled_with_the_paragraph(client, member, version, during):
    verify_email(member)
    client.force_login(member)
    html = client.get(comment_url(version, "2-3"), **EN).content.decode()
    assert "Treść paragrafu 2.3 — zażółć." in html
    paragraph = version.sections.get(position=2).paragraphs.get(number=3)
    assert f'<option value="{paragraph.pk}" selected>' in html


def test_numbers_follow_each_other_within_a_version(client, member, version, during):
    verify_email(member)
    client.force_login(member)
    for _ in range(3):
        assert client.post(comment_url(version), form_data(member)).status_code == 302
    assert list(Comment.objects.values_list("number", flat=True)) == [1, 2, 3]


def test_an_anonymous_visitor_logs_in_and_comes_back_to_the_paragraph_with_the_text_kept(
    client, member, version, during
):
    verify_email(member)
    url = comment_url(version, "1-2")
    response = client.post(url, form_data(member, proposed_wording="Mój tekst <b>x</b>"), **EN)
    assert response.status_code == 302
    login_url = response["Location"]
    assert login_url.startswith(reverse("account_login"))
    assert "paragraph%3D1-2" in login_url
    assert not Comment.objects.exists()
    # Logging in through allauth's form keeps the session's data.
    login = client.post(
        login_url, {"login": member.username, "password": "test-password-123"}, **EN
    )
    assert login.status_code == 302
    assert login["Location"] == url
    html = client.get(url, **EN).content.decode()
    assert "Mój tekst &lt;b&gt;x&lt;/b&gt;" in html
    assert "The text you wrote earlier is back in the form" in html


def test_an_unconfirmed_email_is_refused_with_the_text_kept(client, member, version, during):
    client.force_login(member)
    response = client.post(comment_url(version), form_data(member), **EN)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Confirm your e-mail address first" in html
    assert "Nowe brzmienie" in html
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("proposed_wording", "", "Write the wording you propose."),
        ("justification", "", "Say why the change is needed."),
        ("justification", "x" * 5001, "at most 5000 characters"),
        ("current_wording", "y" * 5001, "at most 5000 characters"),
        ("on_behalf", "", "Choose the organisation you speak for."),
        ("on_behalf", "org-999999", "Choose one of your organisations."),
    ],
)
def test_empty_or_overlong_fields_are_refused_beside_the_field_with_the_text_kept(
    client, member, version, during, field, value, message
):
    verify_email(member)
    client.force_login(member)
    data = form_data(member, proposed_wording="Zostaje w formularzu")
    data[field] = value
    response = client.post(comment_url(version), data, **EN)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "Bo tak będzie jaśniej." in html or field == "justification"
    if field != "proposed_wording":
        assert "Zostaje w formularzu" in html
    assert not Comment.objects.exists()


def test_an_older_version_is_refused_as_not_under_consultation(
    client, member, programme, version, during
):
    build_version(programme, number=2)
    verify_email(member)
    client.force_login(member)
    response = client.post(comment_url(version), form_data(member), **EN)
    html = response.content.decode()
    assert "Version 1 is not the one under consultation" in html
    assert "version 2" in html
    assert "Nowe brzmienie" in html
    assert not Comment.objects.exists()


def test_one_second_before_the_close_a_comment_is_saved(client, member, version):
    verify_email(member)
    client.force_login(member)
    with time_machine.travel(PHASE_END - dt.timedelta(seconds=1), tick=False):
        response = client.post(comment_url(version), form_data(member), **EN)
    assert response.status_code == 302
    assert Comment.objects.count() == 1


def test_one_second_after_the_close_a_comment_is_refused_with_the_dates_and_text_kept(
    client, member, programme, version
):
    PhaseFactory(
        programme=programme,
        name="Ostateczna konsultacja",
        starts_at=dt.datetime(2011, 9, 16, tzinfo=PHASE_END.tzinfo),
        ends_at=dt.datetime(2011, 9, 30, 23, 59, 59, tzinfo=PHASE_END.tzinfo),
    )
    verify_email(member)
    client.force_login(member)
    with time_machine.travel(PHASE_END + dt.timedelta(seconds=1), tick=False):
        response = client.post(comment_url(version), form_data(member), **EN)
    html = response.content.decode()
    assert response.status_code == 200
    assert "The consultation closed on Aug. 31, 2011, 11:59 p.m." in html
    assert "The next comment phase opens on Sept. 16, 2011" in html
    assert "Nowe brzmienie" in html
    assert "Bo tak będzie jaśniej." in html
    assert not Comment.objects.exists()


def test_the_author_edits_the_comment_and_the_history_keeps_both_texts(
    client, member, version, during
):
    verify_email(member)
    client.force_login(member)
    client.post(comment_url(version), form_data(member))
    comment = Comment.objects.get()
    edit = reverse("consultations:comment_edit", args=[comment.pk])
    response = client.post(edit, form_data(member, proposed_wording="Poprawione brzmienie"))
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.proposed_wording == "Poprawione brzmienie"
    texts = list(
        comment.history.order_by("history_date").values_list("proposed_wording", flat=True)
    )
    assert texts == ["Nowe brzmienie: „zażółć gęślą jaźń”.", "Poprawione brzmienie"]
    assert comment.history.latest().history_user == member


def test_the_author_withdraws_the_comment_and_it_leaves_the_counts(client, member, version, during):
    verify_email(member)
    client.force_login(member)
    client.post(comment_url(version), form_data(member))
    comment = Comment.objects.get()
    response = client.post(reverse("consultations:comment_withdraw", args=[comment.pk]))
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.WITHDRAWN
    assert comment.history.count() == 2
    draft = client.get(version.get_absolute_url(), **EN).content.decode()
    assert "0 comments" in draft


def test_after_the_close_the_author_can_no_longer_edit_or_withdraw(client, member, version):
    verify_email(member)
    client.force_login(member)
    with time_machine.travel(PHASE_END - dt.timedelta(minutes=1), tick=False):
        client.post(comment_url(version), form_data(member))
    comment = Comment.objects.get()
    with time_machine.travel(PHASE_END + dt.timedelta(seconds=1), tick=False):
        edit = client.post(
            reverse("consultations:comment_edit", args=[comment.pk]),
            form_data(member, proposed_wording="Za późno"),
            **EN,
        )
        withdraw = client.post(
            reverse("consultations:comment_withdraw", args=[comment.pk]), **EN, follow=True
        )
    assert "Comments can be changed only while the consultation is open." in edit.content.decode()
    assert "Za późno" in edit.content.decode()
    assert (
        "Comments can be changed only while the consultation is open." in withdraw.content.decode()
    )
    comment.refresh_from_db()
    assert comment.proposed_wording != "Za późno"
    assert comment.status == Comment.Status.SUBMITTED


def test_experts_comment_without_an_organisation_and_are_marked_as_such(
    client, team, version, during
):
    from teams.tests.factories import MembershipFactory

    expert = verify_email(MembershipFactory(team=team, role="expert", organisation=None).user)
    client.force_login(expert)
    data = {"proposed_wording": "P", "justification": "U", "on_behalf": "expert"}
    assert client.post(comment_url(version), data).status_code == 302
    comment = Comment.objects.get()
    assert comment.organisation is None
    assert comment.capacity == Comment.Capacity.EXPERT
    with translation.override("en"):
        assert comment.public_author == "expert"


def test_my_comments_lists_status_and_only_published_answers(client, member, version, during):
    paragraph = version.sections.first().paragraphs.first()
    waiting = CommentFactory(author=member, paragraph=paragraph, proposed_wording="Czeka")
    waiting.answer, waiting.answer_justification = "rejected", "Tajna jeszcze odpowiedź"
    waiting.save()
    answered = CommentFactory(author=member, paragraph=paragraph, proposed_wording="Gotowa")
    answered.answer, answered.answer_justification = "accepted", "Jawna odpowiedź"
    answered.answer_published_at = answered.submitted_at
    answered.save()
    CommentFactory(paragraph=paragraph, proposed_wording="Cudza uwaga")
    client.force_login(member)
    html = client.get(reverse("consultations:my_comments"), **EN).content.decode()
    assert "Czeka" in html
    assert "Gotowa" in html
    assert "Cudza uwaga" not in html
    assert "Jawna odpowiedź" in html
    assert "Tajna jeszcze odpowiedź" not in html
    assert "submitted, waiting for the answer" in html
