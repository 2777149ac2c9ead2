"""The document editor: paragraphs edited, added, moved and deleted in place (issue 11, item 4)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from consultations import services
from consultations.models import Paragraph
from consultations.tests.factories import version_with_sections
from core.testing import TEAM_ROLES, client_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(programme):
    return version_with_sections(
        programme, number=1, texts={"goals": ["Pierwszy.", "Drugi.", "Trzeci."], "funds": []}
    )


def _section(draft, kind="goals"):
    return draft.sections.get(kind=kind)


def _url(draft, name, *args):
    return reverse(f"consultations:{name}", args=[draft.programme.slug, draft.number, *args])


def _texts(section):
    return list(section.paragraphs.order_by("number").values_list("text", flat=True))


EDITOR_GET = dict(zip(TEAM_ROLES, (302, 404, 404, 404, 404, 200), strict=True))


@pytest.mark.parametrize("role", TEAM_ROLES)
def test_the_editor_is_for_coordinators(request, client, draft, role):
    client_as(request, client, role)
    assert client.get(_url(draft, "draft_edit")).status_code == EDITOR_GET[role]


@pytest.mark.parametrize("role", TEAM_ROLES)
def test_only_coordinators_change_paragraphs(request, client, draft, role):
    paragraph = _section(draft).paragraphs.get(number=1)
    client_as(request, client, role)
    response = client.post(_url(draft, "paragraph_edit", paragraph.pk), {"text": "Zmienione."})
    assert response.status_code == {200: 302}.get(EDITOR_GET[role], EDITOR_GET[role])
    paragraph.refresh_from_db()
    assert (paragraph.text == "Zmienione.") == (role == "coordinator")


def test_the_editor_marks_mandatory_and_empty_sections(client, coordinator, draft):
    client.force_login(coordinator)
    html = client.get(_url(draft, "draft_edit"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert html.count("mandatory (art. 5a ust. 4)") == 11
    assert html.count("empty: blocks publication") == 1  # funds


def test_edit_add_move_delete_without_javascript(client, coordinator, draft):
    client.force_login(coordinator)
    section = _section(draft)
    first, _second, third = section.paragraphs.order_by("number")
    response = client.post(
        _url(draft, "paragraph_edit", first.pk), {"text": "Pierwszy, poprawiony."}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#edit-s-{section.pk}")
    client.post(_url(draft, "paragraph_create", section.pk), {"text": "Czwarty."})
    client.post(_url(draft, "paragraph_move", third.pk), {"direction": "up"})
    assert _texts(section) == ["Pierwszy, poprawiony.", "Trzeci.", "Drugi.", "Czwarty."]
    client.post(_url(draft, "paragraph_remove", first.pk))
    assert _texts(section) == ["Trzeci.", "Drugi.", "Czwarty."]
    assert list(section.paragraphs.order_by("number").values_list("number", flat=True)) == [1, 2, 3]


def test_htmx_gets_the_section_back(client, coordinator, draft):
    client.force_login(coordinator)
    section = _section(draft)
    paragraph = section.paragraphs.get(number=2)
    response = client.post(
        _url(draft, "paragraph_move", paragraph.pk), {"direction": "down"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<section id="edit-s-{section.pk}"')
    assert "<html" not in html
    assert _texts(section) == ["Pierwszy.", "Trzeci.", "Drugi."]


def test_an_empty_text_is_refused_beside_the_field_and_the_rest_is_kept(client, coordinator, draft):
    client.force_login(coordinator)
    section = _section(draft)
    paragraph = section.paragraphs.get(number=1)
    too_long = "x" * 5001
    response = client.post(_url(draft, "paragraph_edit", paragraph.pk), {"text": too_long})
    assert response.status_code == 400
    html = response.content.decode()
    assert too_long in html
    assert f'aria-describedby="err-{paragraph.pk}"' in html
    paragraph.refresh_from_db()
    assert paragraph.text == "Pierwszy."
    response = client.post(_url(draft, "paragraph_create", section.pk), {"text": ""})
    assert response.status_code == 400
    assert f'id="new-err-{section.pk}"' in response.content.decode()


def test_a_published_version_has_no_editor(client, coordinator, draft):
    draft.sections.get(kind="funds").paragraphs.create(number=1, text="Środki.")
    services.version_publish(version=draft, by=coordinator)
    client.force_login(coordinator)
    assert client.get(_url(draft, "draft_edit")).status_code == 404
    paragraph = Paragraph.objects.filter(section__version=draft).first()
    assert client.post(_url(draft, "paragraph_remove", paragraph.pk)).status_code == 404


def test_filling_the_empty_section_lets_the_version_be_published(client, coordinator, draft):
    client.force_login(coordinator)
    funds = _section(draft, "funds")
    client.post(_url(draft, "paragraph_create", funds.pk), {"text": "Nie mniej niż 1 000 000 zł."})
    response = client.post(_url(draft, "draft_publish"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_published


def test_sections_are_renamed_added_and_the_statutory_ones_stay(client, coordinator, draft):
    client.force_login(coordinator)
    goals = _section(draft)
    client.post(_url(draft, "section_edit", goals.pk), {"title": "Cele Programu"})
    goals.refresh_from_db()
    assert goals.title == "Cele Programu"
    response = client.post(_url(draft, "section_create"), {"title": "Postanowienia końcowe"})
    assert response.status_code == 302
    extra = draft.sections.get(title="Postanowienia końcowe")
    assert (extra.kind, extra.position) == ("free", 12)
    client.post(_url(draft, "section_edit", goals.pk), {"action": "delete"})
    assert draft.sections.filter(pk=goals.pk).exists()  # art. 5a ust. 4 section stays
    client.post(_url(draft, "section_edit", extra.pk), {"action": "delete"})
    assert not draft.sections.filter(pk=extra.pk).exists()


@pytest.mark.parametrize("role", TEAM_ROLES)
def test_only_coordinators_change_sections(request, client, draft, role):
    goals = _section(draft)
    client_as(request, client, role)
    client.post(_url(draft, "section_edit", goals.pk), {"title": "Przejęte"})
    client.post(_url(draft, "section_create"), {"title": "Nowy"})
    goals.refresh_from_db()
    assert (goals.title == "Przejęte") == (role == "coordinator")
    assert draft.sections.filter(title="Nowy").exists() == (role == "coordinator")


@pytest.mark.parametrize("role", TEAM_ROLES)
@pytest.mark.parametrize("action", ["paragraph_move", "paragraph_remove"])
def test_only_coordinators_move_or_remove_paragraphs(request, client, draft, role, action):
    section = _section(draft)
    second = section.paragraphs.get(number=2)
    client_as(request, client, role)
    client.post(_url(draft, action, second.pk), {"direction": "up"})
    changed = _texts(section) != ["Pierwszy.", "Drugi.", "Trzeci."]
    assert changed == (role == "coordinator")


@pytest.mark.parametrize("role", TEAM_ROLES)
def test_only_coordinators_add_paragraphs(request, client, draft, role):
    section = _section(draft)
    client_as(request, client, role)
    client.post(_url(draft, "paragraph_create", section.pk), {"text": "Nowy."})
    assert ("Nowy." in _texts(section)) == (role == "coordinator")


def test_the_editor_page_costs_the_same_queries_for_a_long_document(
    client, coordinator, programme, django_assert_max_num_queries
):
    short = version_with_sections(programme, number=1)
    long = version_with_sections(
        programme, number=2, texts={"goals": [f"Ustęp {n}." for n in range(60)]}
    )
    client.force_login(coordinator)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(_url(short, "draft_edit"))
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(_url(long, "draft_edit"))
