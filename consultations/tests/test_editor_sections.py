"""The document editor: sections moved, and the unpublished version previewed (issue 11, item 4)."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django.urls import reverse

from consultations import services
from consultations.models import MANDATORY_SECTION_KINDS
from consultations.tests.factories import version_with_sections
from core.testing import TEAM_ROLES, client_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(programme):
    return version_with_sections(programme, number=1)


def _url(draft, name, *args):
    return reverse(f"consultations:{name}", args=[draft.programme.slug, draft.number, *args])


def _order(draft):
    return list(draft.sections.order_by("position").values_list("kind", "position"))


def _kinds(draft):
    return [kind for kind, _position in _order(draft)]


@pytest.mark.parametrize("role", TEAM_ROLES)
def test_only_coordinators_move_sections(request, client, draft, role):
    second = draft.sections.get(position=2)
    client_as(request, client, role)
    response = client.post(_url(draft, "section_move", second.pk), {"direction": "up"})
    expected = {"anonymous": 302, "coordinator": 302}.get(role, 404)
    assert response.status_code == expected
    moved = _kinds(draft) != list(MANDATORY_SECTION_KINDS)
    assert moved == (role == "coordinator")


def test_a_section_moves_without_javascript_and_keeps_its_kind(client, coordinator, draft):
    client.force_login(coordinator)
    third = draft.sections.get(position=3)
    kind = third.kind
    response = client.post(_url(draft, "section_move", third.pk), {"direction": "up"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"{_url(draft, 'draft_edit')}#edit-s-{third.pk}")
    third.refresh_from_db()
    assert (third.kind, third.position) == (kind, 2)
    expected = list(MANDATORY_SECTION_KINDS)
    expected[1], expected[2] = expected[2], expected[1]
    assert _kinds(draft) == expected
    # Positions stay 1..n, each once; the paragraphs' labels follow the section.
    assert [p for _k, p in _order(draft)] == list(range(1, 12))
    assert third.paragraphs.get().label == "2.1"

    client.post(_url(draft, "section_move", third.pk), {"direction": "down"})
    assert _kinds(draft) == list(MANDATORY_SECTION_KINDS)


def test_the_first_cannot_go_up_nor_the_last_down(client, coordinator, draft):
    client.force_login(coordinator)
    first = draft.sections.get(position=1)
    last = draft.sections.get(position=11)
    client.post(_url(draft, "section_move", first.pk), {"direction": "up"})
    client.post(_url(draft, "section_move", last.pk), {"direction": "down"})
    assert _kinds(draft) == list(MANDATORY_SECTION_KINDS)
    html = client.get(_url(draft, "draft_edit"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert html.count("Move the section up") == 10
    assert html.count("Move the section down") == 10


def test_htmx_gets_every_section_back_in_the_new_order(client, coordinator, draft):
    client.force_login(coordinator)
    first = draft.sections.get(position=1)
    second = draft.sections.get(position=2)
    response = client.post(
        _url(draft, "section_move", first.pk), {"direction": "down"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="editor-sections">')
    assert "<html" not in html
    assert html.index(f'id="edit-s-{second.pk}"') < html.index(f'id="edit-s-{first.pk}"')
    assert html.count('<section id="edit-s-') == 11


def test_a_further_section_moves_among_the_statutory_ones_and_publication_still_passes(
    client, coordinator, draft
):
    client.force_login(coordinator)
    extra = services.section_add(version=draft, title="Postanowienia końcowe")
    services.paragraph_add(section=extra, text="Program wchodzi w życie z dniem podjęcia.")
    for _ in range(3):
        client.post(_url(draft, "section_move", extra.pk), {"direction": "up"})
    extra.refresh_from_db()
    assert (extra.kind, extra.position) == ("free", 9)
    assert sorted(k for k in _kinds(draft) if k != "free") == sorted(MANDATORY_SECTION_KINDS)
    response = client.post(_url(draft, "draft_publish"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_published


def test_a_published_version_keeps_its_order(client, coordinator, draft):
    services.version_publish(version=draft, by=coordinator)
    client.force_login(coordinator)
    second = draft.sections.get(position=2)
    assert (
        client.post(_url(draft, "section_move", second.pk), {"direction": "up"}).status_code == 404
    )
    assert _kinds(draft) == list(MANDATORY_SECTION_KINDS)


def test_a_section_of_another_version_is_not_moved_through_this_one(
    client, coordinator, draft, programme
):
    other = version_with_sections(programme, number=2)
    client.force_login(coordinator)
    section = other.sections.get(position=2)
    response = client.post(_url(draft, "section_move", section.pk), {"direction": "up"})
    assert response.status_code == 404
    assert _kinds(other) == list(MANDATORY_SECTION_KINDS)


# The preview of an unpublished version: the page and the PDF, for coordinators only.
PREVIEW = {"anonymous": 404, "coordinator": 200}


@pytest.mark.parametrize("role", TEAM_ROLES)
def test_only_coordinators_preview_an_unpublished_version(request, client, draft, role):
    client_as(request, client, role)
    page = client.get(_url(draft, "draft_detail"), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == PREVIEW.get(role, 404)
    response = client.get(_url(draft, "draft_pdf"))
    assert response.status_code == PREVIEW.get(role, 404)
    if role == "coordinator":
        assert "Preview of an unpublished version" in page.content.decode()
        assert response["Content-Type"] == "application/pdf"
        assert "no-store" in response["Cache-Control"]


def test_the_editor_links_both_previews(client, coordinator, draft):
    client.force_login(coordinator)
    html = client.get(_url(draft, "draft_edit"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'href="{draft.get_absolute_url()}"' in html
    assert f'href="{_url(draft, "draft_pdf")}">Preview the PDF' in html


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_the_pdf_preview_shows_the_text_as_edited_and_in_the_new_order(
    client, coordinator, draft, tmp_path
):
    client.force_login(coordinator)
    goals = draft.sections.get(kind="goals")
    client.post(
        _url(draft, "paragraph_edit", goals.paragraphs.get().pk),
        {"text": "Wzmacnianie organizacji pozarządowych poprawione w edytorze."},
    )
    last = draft.sections.get(position=11)
    for _ in range(10):
        client.post(_url(draft, "section_move", last.pk), {"direction": "up"})
    response = client.get(_url(draft, "draft_pdf"))
    path = tmp_path / "preview.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert "poprawione w edytorze" in flat
    # The section that was last is now first: its heading comes before the old first one's.
    last.refresh_from_db()
    assert last.position == 1
    was_first = draft.sections.get(position=2)
    assert flat.index(f"1. {last.title[:20]}") < flat.index(f"2. {was_first.title[:20]}")
