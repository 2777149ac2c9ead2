"""Verified representation (issue 10, item 3): a claim is pending until confirmed.

A pending claim's comment never shows the organisation's name publicly: not in the
report page, the CSV, the XLSX, the PDF's HTML or the draft page.
"""

from __future__ import annotations

import io
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from consultations import exports, pdf, selectors
from consultations.models import Comment
from consultations.tests.conftest import build_version
from consultations.tests.factories import CommentFactory
from teams import services
from teams.models import Organisation, Representative
from teams.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

ORG = "Fundacja Zaufania Publicznego"


@pytest.fixture
def organisation():
    return OrganisationFactory(name=ORG, email="biuro@fundacja.example.org")


@pytest.fixture
def claimant(db):
    return UserFactory(email="osoba@example.org")


def _link(message) -> str:
    found = re.search(r"/representation/confirm/\S+/", message.body)
    assert found
    return found.group(0)


def test_a_statement_is_pending_and_the_link_goes_to_the_organisation(
    organisation, claimant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        representative = services.representative_state(user=claimant, organisation=organisation)
    assert representative.status == Representative.Status.PENDING
    assert [m.to for m in mail.outbox] == [["biuro@fundacja.example.org"]]
    assert claimant.email not in mail.outbox[0].to


def test_the_link_confirms_only_on_post(
    client, organisation, claimant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        representative = services.representative_state(user=claimant, organisation=organisation)
    link = _link(mail.outbox[0])
    assert client.get(link).status_code == 200
    representative.refresh_from_db()
    assert representative.status == Representative.Status.PENDING  # a mail scanner's GET
    assert client.post(link).status_code == 200
    representative.refresh_from_db()
    assert representative.status == Representative.Status.CONFIRMED
    assert representative.method == Representative.Method.EMAIL


def test_a_tampered_or_stale_link_is_refused(client, organisation, claimant):
    representative = services.representative_state(user=claimant, organisation=organisation)
    token = services.representation_token(representative)
    assert client.post(f"/representation/confirm/{token}x/").status_code == 400
    Organisation.objects.filter(pk=organisation.pk).update(email="nowy@fundacja.example.org")
    assert client.post(f"/representation/confirm/{token}/").status_code == 400
    representative.refresh_from_db()
    assert representative.status == Representative.Status.PENDING


def test_a_coordinator_confirms_with_a_note_and_revokes_keeping_history(
    organisation, claimant, coordinator, member
):
    representative = services.representative_state(user=claimant, organisation=organisation)
    with pytest.raises(PermissionDenied):
        services.representation_confirm(
            representative=representative, by=member, note="x", now=timezone.now()
        )
    with pytest.raises(ValidationError):
        services.representation_confirm(
            representative=representative, by=coordinator, note=" ", now=timezone.now()
        )
    services.representation_confirm(
        representative=representative,
        by=coordinator,
        note="Telefon do prezesa zarządu, 12.08.",
        now=timezone.now(),
    )
    services.representation_revoke(
        representative=representative, by=coordinator, note="Odwołany.", now=timezone.now()
    )
    statuses = list(
        representative.history.order_by("history_date").values_list("status", flat=True)
    )
    assert statuses[-2:] == ["confirmed", "revoked"]
    assert Representative.objects.filter(pk=representative.pk).exists()


def test_a_new_organisation_registered_by_a_person_is_unverified(claimant, coordinator):
    organisation = services.organisation_register(
        user=claimant,
        data={
            "name": "Nowe Stowarzyszenie",
            "krs": "",
            "other_register": "ewidencja starosty nr 12",
            "address": "ul. Nowa 1, Kraków",
            "email": "",
        },
    )
    assert not organisation.is_verified
    services.organisation_verify(
        organisation=organisation, by=coordinator, note="Wpis sprawdzony.", now=timezone.now()
    )
    organisation.refresh_from_db()
    assert organisation.is_verified
    assert organisation.verified_by == coordinator


# ------------------------------------------------------------------------------
# A pending claim never leaks the organisation's name publicly
# ------------------------------------------------------------------------------
@pytest.fixture
def claimed_comment(programme, organisation, claimant):
    services.representative_state(user=claimant, organisation=organisation)
    version = build_version(programme)
    return CommentFactory(
        version=version,
        paragraph=version.sections.first().paragraphs.first(),
        number=1,
        author=claimant,
        organisation=organisation,
        answer="rejected",
        answer_justification="Nie.",
        answer_published_at=timezone.now(),
    )


def _public_texts(client, programme) -> dict[str, str]:
    comments = selectors.report_comments(programme)
    out = io.StringIO()
    exports.report_csv(comments, out)
    sheet = load_workbook(io.BytesIO(exports.report_xlsx(programme, comments))).active
    xlsx = " ".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v)
    version = comments.first().version
    return {
        "report": client.get(
            reverse("consultations:report", args=[programme.slug])
        ).content.decode(),
        "draft": client.get(version.get_absolute_url()).content.decode(),
        "csv": out.getvalue(),
        "xlsx": xlsx,
        "pdf": pdf.render_report_html(programme),
    }


def test_a_pending_claim_never_shows_the_organisation_publicly(client, programme, claimed_comment):
    for where, text in _public_texts(client, programme).items():
        assert ORG not in text, where


def test_coordinators_see_the_unconfirmed_claim(client, programme, claimed_comment, coordinator):
    client.force_login(coordinator)
    html = client.get(
        reverse("consultations:report", args=[programme.slug]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert f"declares to represent {ORG} — not confirmed" in html


def test_on_confirmation_the_comment_switches_to_the_organisation(
    client, programme, claimed_comment, coordinator
):
    representative = Representative.objects.get(user=claimed_comment.author)
    services.representation_confirm(
        representative=representative, by=coordinator, note="Sprawdzono.", now=timezone.now()
    )
    texts = _public_texts(client, programme)
    for where in ("report", "csv", "xlsx", "pdf"):
        assert ORG in texts[where], where


@pytest.mark.skipif(__import__("shutil").which("pdftotext") is None, reason="no poppler")
def test_the_report_pdf_has_no_pending_organisation(programme, claimed_comment, tmp_path):
    import subprocess

    path = tmp_path / "r.pdf"
    path.write_bytes(pdf.render_report_pdf(programme))
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "osoba prywatna" in " ".join(text.split()) or "private person" in text
    assert ORG not in " ".join(text.split())


def test_a_registered_comment_shows_its_organisation(programme, organisation):
    version = build_version(programme)
    comment = CommentFactory(
        version=version,
        paragraph=None,
        current_wording="",
        organisation=organisation,
        channel="post",
    )
    fresh = selectors.report_comments(programme).get(pk=comment.pk)
    assert fresh.public_author == ORG


def test_a_revoked_statement_is_no_longer_offered_as_a_capacity(
    organisation, claimant, coordinator
):
    representative = services.representative_state(user=claimant, organisation=organisation)
    assert any(c.organisation == organisation for c in selectors.commenter_capacities(claimant))
    services.representation_revoke(
        representative=representative, by=coordinator, note="x", now=timezone.now()
    )
    assert not any(c.organisation == organisation for c in selectors.commenter_capacities(claimant))


# ------------------------------------------------------------------------------
# The admin
# ------------------------------------------------------------------------------
def test_the_organisation_admin_lists_representatives_and_records_the_krs_check(
    client, organisation, claimant, coordinator
):
    services.representative_state(user=claimant, organisation=organisation)
    Organisation.objects.filter(pk=organisation.pk).update(verified_at=None)
    client.force_login(coordinator)
    url = reverse("admin:teams_organisation_change", args=[organisation.pk])
    page = client.get(url).content.decode()
    assert str(claimant) in page
    data = {
        "name": ORG,
        "krs": organisation.krs,
        "other_register": "",
        "nip": organisation.nip,
        "regon": organisation.regon,
        "address": organisation.address,
        "email": organisation.email,
        "website": "",
        "krs_checked": "on",
        "verification_note": "KRS sprawdzony 12.08.2011.",
        "representatives-TOTAL_FORMS": "1",
        "representatives-INITIAL_FORMS": "1",
        "representatives-MIN_NUM_FORMS": "0",
        "representatives-MAX_NUM_FORMS": "1000",
        "representatives-0-id": Representative.objects.get(user=claimant).pk,
        "representatives-0-organisation": organisation.pk,
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    organisation.refresh_from_db()
    assert organisation.verified_by == coordinator


def test_the_representative_admin_confirms_with_a_note(client, organisation, claimant, coordinator):
    representative = services.representative_state(user=claimant, organisation=organisation)
    client.force_login(coordinator)
    url = reverse("admin:teams_representative_change", args=[representative.pk])
    response = client.post(url, {"decision": "confirm", "decision_note": ""})
    assert response.status_code == 200  # the note is required, beside the field
    response = client.post(url, {"decision": "confirm", "decision_note": "Pismo z 10.08."})
    assert response.status_code == 302
    representative.refresh_from_db()
    assert representative.is_confirmed
    assert representative.confirmed_by == coordinator
    assert (
        client.get(
            reverse("admin:teams_representative_delete", args=[representative.pk])
        ).status_code
        == 403
    )


def test_comment_public_author_without_annotation_is_safe(claimed_comment):
    plain = Comment.objects.get(pk=claimed_comment.pk)  # no annotation: asks the database
    assert plain.public_author != ORG
