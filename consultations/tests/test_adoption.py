"""The adopted programme (issue 10, item 5): recorded once, by a coordinator, and shown."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from consultations import pdf, selectors, services
from consultations.models import Adoption, DraftVersion, RenderedPdf
from consultations.tests.factories import PhaseFactory, ProgrammeFactory, version_with_sections
from core.dates import WARSAW
from krakow_ngo.seed.loader import SEED_SLUG, seed_krakow
from programmes.models import Programme
from reminders.selectors import deadlines_between

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2011, 11, 20, 12, tzinfo=WARSAW)


def adoption_data(version: DraftVersion, **overrides: object) -> services.AdoptionData:
    fields: dict[str, object] = {
        "version": version,
        "resolution_number": "XXXIV/456/11",
        "resolution_date": dt.date(2011, 11, 16),
        "bip_url": "https://www.bip.krakow.pl/?dok_id=12345",
        "opinion_date": dt.date(2011, 10, 20),
        "opinion_text": "Krakowska Rada Działalności Pożytku Publicznego opiniuje projekt pozytywnie.",
    }
    fields.update(overrides)
    return services.AdoptionData(**fields)  # type: ignore[arg-type]


@pytest.fixture
def published(programme):
    return version_with_sections(programme, number=1, published=True)


def adopt(programme, version, coordinator, **overrides):
    return services.programme_adopt(
        programme=programme, data=adoption_data(version, **overrides), by=coordinator, now=NOW
    )


def test_a_coordinator_records_the_adoption_with_who_and_when(programme, published, coordinator):
    adoption = adopt(programme, published, coordinator)
    assert adoption.recorded_by == coordinator
    assert adoption.recorded_at == NOW
    assert programme.adoption == adoption
    history = adoption.history.get()
    assert history.history_user == coordinator
    assert history.history_change_reason == "adoption recorded"


@pytest.mark.parametrize("role", ["member", "moderator"])
def test_only_a_coordinator_records_the_adoption(request, programme, published, role):
    with pytest.raises(ValidationError):
        adopt(programme, published, request.getfixturevalue(role))
    assert not Adoption.objects.exists()


def test_the_adopted_version_must_be_published(programme, coordinator):
    draft = version_with_sections(programme, number=1, published=False)
    with pytest.raises(ValidationError) as exc:
        adopt(programme, draft, coordinator)
    assert "version" in exc.value.message_dict


def test_a_version_of_another_programme_is_refused(programme, coordinator):
    other = version_with_sections(ProgrammeFactory(), published=True)
    with pytest.raises(ValidationError):
        adopt(programme, other, coordinator)


def test_a_second_adoption_is_refused(programme, published, coordinator):
    adopt(programme, published, coordinator)
    with pytest.raises(ValidationError) as exc:
        adopt(programme, published, coordinator, resolution_number="XXXV/1/11")
    assert exc.value.code == "already_adopted"
    assert Adoption.objects.count() == 1


@pytest.mark.parametrize("number", ["XXXIV/123/11", "XX/123/2025", "I/1/11"])
def test_resolution_numbers_in_the_councils_format_are_accepted(
    programme, published, coordinator, number
):
    assert adopt(programme, published, coordinator, resolution_number=number).pk


@pytest.mark.parametrize("number", ["123/11", "XXXIV-123-11", "xxxiv/123/11", "XX/123/202", ""])
def test_other_resolution_numbers_are_refused(programme, published, coordinator, number):
    with pytest.raises(ValidationError) as exc:
        adopt(programme, published, coordinator, resolution_number=number)
    assert "resolution_number" in exc.value.message_dict


def test_the_opinion_needs_its_date_and_comes_before_the_resolution(
    programme, published, coordinator
):
    with pytest.raises(ValidationError) as exc:
        adopt(programme, published, coordinator, opinion_date=None)
    assert "opinion_date" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        adopt(programme, published, coordinator, opinion_date=dt.date(2011, 11, 17))
    assert "opinion_date" in exc.value.message_dict


def test_the_opinion_pdf_must_be_a_pdf(programme, published, coordinator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("opinia.pdf", b"<html>not a pdf</html>", "application/pdf")
    with pytest.raises(ValidationError) as exc:
        adopt(programme, published, coordinator, opinion_text="", opinion_pdf=fake)
    assert "opinion_pdf" in exc.value.message_dict
    jpeg = SimpleUploadedFile("opinia.jpg", b"%PDF-1.4 fake", "image/jpeg")
    with pytest.raises(ValidationError):
        adopt(programme, published, coordinator, opinion_text="", opinion_pdf=jpeg)


def test_the_opinion_pdf_is_size_limited(programme, published, coordinator, settings, tmp_path):
    from consultations.models import adoption as adoption_module

    settings.MEDIA_ROOT = tmp_path
    big = SimpleUploadedFile(
        "opinia.pdf", b"%PDF-" + b"0" * (adoption_module.OPINION_PDF_MAX_BYTES), "application/pdf"
    )
    with pytest.raises(ValidationError) as exc:
        adopt(programme, published, coordinator, opinion_text="", opinion_pdf=big)
    assert "opinion_pdf" in exc.value.message_dict


def test_the_opinion_pdf_is_served_publicly(
    client, programme, published, coordinator, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("opinia.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    adopt(programme, published, coordinator, opinion_text="", opinion_pdf=upload)
    response = client.get(reverse("consultations:adoption_opinion_pdf", args=[programme.slug]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_opinion_pdf_url_is_404_without_one(client, programme, published, coordinator):
    adopt(programme, published, coordinator)
    response = client.get(reverse("consultations:adoption_opinion_pdf", args=[programme.slug]))
    assert response.status_code == 404


# ------------------------------------------------------------------------------
# What the public sees
# ------------------------------------------------------------------------------
def test_the_home_page_shows_the_adopted_text_and_no_countdown(
    client, programme, published, coordinator
):
    Programme.objects.filter(pk=programme.pk).update(is_current=True)
    PhaseFactory(programme=programme)
    adopt(programme, published, coordinator)
    response = client.get(reverse("consultations:home"))
    html = response.content.decode()
    assert "XXXIV/456/11" in html
    assert "https://www.bip.krakow.pl/?dok_id=12345" in html
    assert "Treść sekcji 1: zażółć gęślą jaźń." in html
    assert response.context["countdowns"] == []
    assert "countdowns" not in html  # the countdown list is not rendered


def test_the_countdowns_stop_once_adopted(programme, published, coordinator):
    PhaseFactory(programme=programme)
    assert selectors.programme_countdowns(programme, now=NOW)
    adopt(programme, published, coordinator)
    fresh = Programme.objects.get(pk=programme.pk)
    assert selectors.programme_countdowns(fresh, now=NOW) == []


def test_a_programme_not_adopted_by_30_november_shows_it(client, programme):
    after = dt.datetime(2011, 12, 1, 9, tzinfo=WARSAW)
    status = selectors.programme_adoption_status(programme, now=after)
    assert status.overdue
    assert not status.is_adopted
    before = selectors.programme_adoption_status(programme, now=NOW)
    assert not before.overdue
    response = client.get(programme.get_absolute_url())  # today is long after 2011
    assert 'id="adoption-not-recorded"' in response.content.decode()


def test_the_seeded_2011_cycle_invents_no_resolution_and_says_adoption_is_not_recorded(client):
    seed_krakow()
    programme = Programme.objects.get(slug=SEED_SLUG)
    assert not Adoption.objects.filter(programme=programme).exists()
    html = client.get(programme.get_absolute_url()).content.decode()
    assert 'id="adoption-not-recorded"' in html
    assert "uchwał" not in html.lower() or "CXI/1510/10" in html  # only the legal basis cites one


def test_coordinator_reminders_stop_once_adopted(programme, published, coordinator):
    first, last = dt.date(2011, 11, 1), dt.date(2011, 11, 30)
    assert any(d.programme.pk == programme.pk for d in deadlines_between(first, last))
    adopt(programme, published, coordinator)
    assert not any(d.programme.pk == programme.pk for d in deadlines_between(first, last))


# ------------------------------------------------------------------------------
# The adopted PDF: "Załącznik do uchwały nr …" instead of "PROJEKT"
# ------------------------------------------------------------------------------
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is missing")
def test_the_adopted_pdf_title_page_names_the_resolution(
    programme, published, coordinator, tmp_path: Path
):
    def first_page(content: bytes) -> str:
        path = tmp_path / "doc.pdf"
        path.write_bytes(content)
        out = subprocess.run(
            ["pdftotext", "-f", "1", "-l", "1", str(path), "-"],
            capture_output=True,
            check=True,
            text=True,
        ).stdout
        return " ".join(out.split())

    before = first_page(pdf.render_draft_pdf(published))
    assert "PROJEKT" in before
    adopt(programme, published, coordinator)
    version = DraftVersion.objects.select_related("programme").get(pk=published.pk)
    after = first_page(pdf.render_draft_pdf(version))
    assert (
        "Załącznik do uchwały nr XXXIV/456/11 Rady Miasta Krakowa z dnia 16 listopada 2011 r."
        in after
    )
    assert "PROJEKT" not in after


def test_adoption_asks_for_a_new_stored_pdf(programme, published, coordinator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    draft_key = services.pdf_fingerprint(programme=programme, version=published)
    adoption = adopt(programme, published, coordinator)
    adopted_key = services.pdf_fingerprint(programme=programme, version=published)
    assert adopted_key != draft_key
    assert adopted_key == f"version-{published.pk}-adopted-{adoption.pk}"
    assert RenderedPdf.objects.filter(fingerprint=adopted_key).exists()


# ------------------------------------------------------------------------------
# The admin: add through the service, no change, no delete
# ------------------------------------------------------------------------------
def test_the_admin_records_the_adoption_through_the_service(
    client, programme, published, coordinator
):
    client.force_login(coordinator)
    response = client.post(
        reverse("admin:consultations_adoption_add"),
        {
            "programme": programme.pk,
            "version": published.pk,
            "council": "Miasta Krakowa",
            "resolution_number": "XXXIV/456/11",
            "resolution_date": "2011-11-16",
            "bip_url": "https://www.bip.krakow.pl/?dok_id=1",
            "opinion_date": "",
            "opinion_text": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    adoption = Adoption.objects.get()
    assert adoption.recorded_by == coordinator
    delete = client.get(reverse("admin:consultations_adoption_delete", args=[adoption.pk]))
    assert delete.status_code == 403


def test_the_admin_keeps_the_text_and_says_why_a_number_is_wrong(
    client, programme, published, coordinator
):
    client.force_login(coordinator)
    response = client.post(
        reverse("admin:consultations_adoption_add"),
        {
            "programme": programme.pk,
            "version": published.pk,
            "council": "Miasta Krakowa",
            "resolution_number": "123/11",
            "resolution_date": "2011-11-16",
            "bip_url": "https://www.bip.krakow.pl/?dok_id=1",
        },
    )
    assert response.status_code == 200
    assert "resolution_number" in response.context["adminform"].form.errors
    assert 'value="123/11"' in response.content.decode()
    assert not Adoption.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("member", 302),
        ("other_team_member", 302),
        ("moderator", 302),  # not staff until the membership service syncs it
        ("other_team_moderator", 403),  # staff, but not a coordinator
        ("coordinator", 200),
    ],
)
def test_adoption_admin_access(request, client, role, status):
    user = request.getfixturevalue(role)
    if user is not None:
        client.force_login(user)
    response = client.get(reverse("admin:consultations_adoption_add"))
    assert response.status_code == status


def test_adoption_timestamp_defaults(programme, published, coordinator):
    adoption = services.programme_adopt(
        programme=programme, data=adoption_data(published), by=coordinator, now=timezone.now()
    )
    assert adoption.recorded_at <= timezone.now()
