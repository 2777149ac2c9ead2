"""Composing, editing and publishing draft versions; a published version is immutable."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from consultations import services
from consultations.admin import ParagraphForm
from consultations.models import (
    MANDATORY_SECTION_KINDS,
    Comment,
    DraftVersion,
    Paragraph,
    Section,
    SectionKind,
)
from consultations.tests.factories import (
    CommentFactory,
    PhaseFactory,
    PriorityAreaFactory,
    version_with_sections,
)
from core.dates import WARSAW
from swot.tests.factories import (
    ActionFactory,
    GoalFactory,
    ProposedSolutionFactory,
    SwotItemFactory,
    SwotSessionFactory,
)
from teams.tests.factories import MeetingFactory, SectorTeamFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2011, 9, 2, 9, 0, tzinfo=WARSAW)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _section(version: DraftVersion, kind: str) -> Section:
    return version.sections.get(kind=kind)


def _texts(version: DraftVersion, kind: str) -> list[str]:
    return [p.text for p in _section(version, kind).paragraphs.order_by("number")]


# ------------------------------------------------------------------------------
# Composition
# ------------------------------------------------------------------------------
def test_composition_makes_the_eleven_sections_in_statutory_order(programme, coordinator):
    version = services.version_compose(programme=programme, by=coordinator, now=NOW)
    assert version.number == 1
    assert version.status == DraftVersion.Status.DRAFT
    assert version.created_by == coordinator
    assert list(version.sections.order_by("position").values_list("kind", flat=True)) == list(
        MANDATORY_SECTION_KINDS
    )


def test_composition_carries_sections_over_from_the_previous_version(programme, coordinator):
    version_with_sections(programme, number=1, published=True, texts={"principles": ["A.", "B."]})
    version = services.version_compose(programme=programme, by=coordinator, now=NOW)
    assert version.number == 2
    assert _texts(version, "principles") == ["A.", "B."]
    assert _section(version, "principles").title == str(SectionKind.PRINCIPLES.label)


def test_composition_puts_every_goal_and_action_of_every_team_into_priority_tasks(
    programme, coordinator
):
    area_1, area_2 = PriorityAreaFactory(number=1), PriorityAreaFactory(number=2)
    teams = [SectorTeamFactory(programme=programme, position=n) for n in range(3)]
    goals, actions, solutions = [], [], []
    for index, team in enumerate(teams):
        for g in range(2):
            goal = GoalFactory(team=team, title=f"Cel {index}-{g} łączący", position=g)
            goal.priority_areas.set([area_1] if g == 0 else [area_2, area_1])
            goals.append(goal)
            solutions.append(ProposedSolutionFactory(goal=goal, text=f"Rozwiązanie {index}-{g}"))
            for a in range(2):
                actions.append(
                    ActionFactory(
                        goal=goal,
                        title=f"Działanie {index}-{g}-{a}",
                        planned_funds="1234.50",
                        first_year=2012,
                        last_year=2014,
                    )
                )
    other_programme_goal = GoalFactory(title="Cel innego programu")

    version = services.version_compose(programme=programme, by=coordinator, now=NOW)

    text = "\n".join(_texts(version, SectionKind.PRIORITY_TASKS))
    for team in teams:
        assert str(team.name) in text
    for goal in goals:
        assert str(goal.title) in text
    for solution in solutions:
        assert str(solution.text) in text
    for action in actions:
        assert str(action.title) in text
    assert str(other_programme_goal.title) not in text
    # Forms of cooperation, years, indicators and funds are in the Polish document.
    assert "zlecanie realizacji zadań publicznych" in text
    assert "2012–2014" in text
    assert "liczba uczestników" in text
    assert re.search(r"1\s234,50\u00a0zł", text)
    assert "Obszar priorytetowy 1)" in text
    # Grouped by team: every goal of team 0 comes before the first goal of team 1.
    assert text.index(str(goals[1].title)) < text.index(str(goals[2].title))


def test_composition_describes_meetings_swot_phases_and_comment_counts(programme, coordinator):
    team = SectorTeamFactory(programme=programme)
    meeting = MeetingFactory(
        team=team, title="Spotkanie zespołu", starts_at=dt.datetime(2011, 7, 6, 10, tzinfo=WARSAW)
    )
    session = SwotSessionFactory(meeting=meeting, topic="Współpraca z miastem")
    SwotItemFactory.create_batch(3, session=session)
    PhaseFactory(programme=programme, name="Konsultacje wakacyjne")
    previous = version_with_sections(programme, number=1, published=True)
    paragraph = previous.sections.all()[0].paragraphs.all()[0]
    CommentFactory(paragraph=paragraph, version=previous, answer="accepted")
    CommentFactory(paragraph=paragraph, version=previous)

    version = services.version_compose(programme=programme, by=coordinator, now=NOW)

    text = "\n".join(_texts(version, SectionKind.PREPARATION))
    assert "Spotkanie zespołu" in text
    assert "6 lipca 2011" in text
    assert "„Współpraca z miastem”" in text
    assert "3 pozycje" in text
    assert "Konsultacje wakacyjne" in text
    assert "zgłoszono 2 uwagi" in text
    assert "uwzględniona: 1" in text
    assert "Uwagi oczekujące na stanowisko: 1" in text


def test_composed_text_can_be_edited_before_publication(programme, coordinator):
    version = services.version_compose(programme=programme, by=coordinator, now=NOW)
    paragraph = _section(version, SectionKind.PRIORITY_TASKS).paragraphs.all()[0]
    services.paragraph_update(paragraph=paragraph, text="Poprawiony wstęp.")
    services.paragraph_add(section=_section(version, SectionKind.GOALS), text="Nowy cel.")
    assert _texts(version, SectionKind.PRIORITY_TASKS)[0] == "Poprawiony wstęp."
    assert _texts(version, SectionKind.GOALS)[-1] == "Nowy cel."


def test_two_compositions_get_consecutive_numbers(programme, coordinator):
    first = services.version_compose(programme=programme, by=coordinator, now=NOW)
    second = services.version_compose(programme=programme, by=coordinator, now=NOW)
    assert (first.number, second.number) == (1, 2)


# ------------------------------------------------------------------------------
# Publishing
# ------------------------------------------------------------------------------
def test_publishing_refuses_with_the_list_of_empty_mandatory_sections(programme, coordinator):
    version = version_with_sections(programme, texts={"funds": [], "committees": ["   "]})
    Section.objects.filter(version=version, kind="evaluation").delete()

    with pytest.raises(ValidationError) as caught:
        services.version_publish(version=version, by=coordinator, now=NOW)

    messages = caught.value.messages
    assert len(messages) == 3
    assert "funds planned for the programme" in messages[0]
    assert "pkt 8" in messages[0]
    assert "Sposób oceny realizacji Programu" in messages[1]  # missing: the default title
    assert "grant competition committees" in messages[2]
    version.refresh_from_db()
    assert version.status == DraftVersion.Status.DRAFT
    assert version.published_at is None


def test_publishing_stamps_who_prepared_and_published_and_when(programme, coordinator, member):
    version = version_with_sections(programme)
    DraftVersion.objects.filter(pk=version.pk).update(created_by=member)
    published = services.version_publish(version=version, by=coordinator, now=NOW)
    published.refresh_from_db()
    assert published.status == DraftVersion.Status.PUBLISHED
    assert published.published_at == NOW
    assert published.published_by == coordinator
    assert published.created_by == member


def test_a_version_is_published_only_once(programme, coordinator):
    version = version_with_sections(programme, published=True)
    with pytest.raises(ValidationError, match="cannot be changed"):
        services.version_publish(version=version, by=coordinator, now=NOW)


# ------------------------------------------------------------------------------
# Immutability: services, forms, admin, save() and the database
# ------------------------------------------------------------------------------
@pytest.fixture
def published(programme):
    return version_with_sections(programme, published=True)


def _first_paragraph(version: DraftVersion) -> Paragraph:
    return Paragraph.objects.filter(section__version=version).order_by(
        "section__position", "number"
    )[0]


def test_services_refuse_to_change_a_published_version(published):
    paragraph = _first_paragraph(published)
    with pytest.raises(ValidationError, match="cannot be changed"):
        services.paragraph_update(paragraph=paragraph, text="Zmiana.")
    with pytest.raises(ValidationError, match="cannot be changed"):
        services.paragraph_add(section=paragraph.section, text="Dopisek.")
    with pytest.raises(ValidationError, match="cannot be changed"):
        services.version_update(version=published, title="Nowy tytuł", change_note="")
    paragraph.refresh_from_db()
    assert paragraph.text.startswith("Treść sekcji")


def test_a_form_refuses_to_change_a_paragraph_of_a_published_version(published):
    paragraph = _first_paragraph(published)
    form = ParagraphForm(
        instance=paragraph,
        data={"section": paragraph.section_id, "number": paragraph.number, "text": "Zmiana."},
    )
    assert not form.is_valid()
    assert "cannot be changed" in str(form.non_field_errors())


def test_a_form_still_edits_a_paragraph_of_an_unpublished_version(programme):
    paragraph = _first_paragraph(version_with_sections(programme))
    form = ParagraphForm(
        instance=paragraph,
        data={"section": paragraph.section_id, "number": paragraph.number, "text": "Zmiana."},
    )
    assert form.is_valid(), form.errors
    form.save()
    paragraph.refresh_from_db()
    assert paragraph.text == "Zmiana."


@pytest.mark.parametrize(
    "change",
    [
        lambda p: setattr(p, "text", "Zmienione po publikacji."),
        lambda p: setattr(p, "number", 99),
    ],
)
def test_save_of_a_paragraph_of_a_published_version_raises_in_the_database(published, change):
    paragraph = _first_paragraph(published)
    change(paragraph)
    with pytest.raises(IntegrityError, match="immutable"), transaction.atomic():
        paragraph.save()


def test_queryset_update_of_a_published_version_raises_in_the_database(published):
    with pytest.raises(IntegrityError, match="immutable"), transaction.atomic():
        Paragraph.objects.filter(section__version=published).update(text="Masowa zmiana.")
    with pytest.raises(IntegrityError, match="immutable"), transaction.atomic():
        Section.objects.filter(version=published).update(title="Inny tytuł")
    with pytest.raises(IntegrityError, match="immutable"), transaction.atomic():
        DraftVersion.objects.filter(pk=published.pk).update(title="Inny tytuł")
    with pytest.raises(IntegrityError, match="immutable"), transaction.atomic():
        DraftVersion.objects.filter(pk=published.pk).update(status=DraftVersion.Status.DRAFT)
    assert not Paragraph.objects.filter(text="Masowa zmiana.").exists()


def test_moving_a_paragraph_into_a_published_version_raises_in_the_database(programme, published):
    draft = version_with_sections(programme)
    paragraph = _first_paragraph(draft)
    paragraph.section = published.sections.first()
    paragraph.number = 50
    with pytest.raises(IntegrityError, match="immutable"), transaction.atomic():
        paragraph.save()


def test_saving_a_published_version_unchanged_is_harmless(published):
    published.save()  # the admin and Django write every column: same values pass
    _first_paragraph(published).save()


def test_deleting_the_publisher_keeps_the_published_version(programme, coordinator):
    version = version_with_sections(programme)
    services.version_publish(version=version, by=coordinator, now=NOW)
    coordinator.delete()  # SET_NULL on published_by is allowed by the trigger
    version.refresh_from_db()
    assert version.published_by is None
    assert version.published_at == NOW


def test_unpublished_versions_stay_editable_in_the_database(programme):
    draft = version_with_sections(programme)
    Paragraph.objects.filter(section__version=draft).update(text="Wersja robocza.")
    assert Paragraph.objects.filter(section__version=draft, text="Wersja robocza.").count() == 11


def test_the_admin_shows_a_published_version_read_only(client, coordinator, published):
    client.force_login(coordinator)
    section = published.sections.first()
    paragraph = section.paragraphs.first()
    for url in (
        reverse("admin:consultations_draftversion_change", args=[published.pk]),
        reverse("admin:consultations_section_change", args=[section.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert b'name="_save"' not in response.content
        assert section.title in response.content.decode()
    response = client.post(
        reverse("admin:consultations_section_change", args=[section.pk]),
        {
            "version": published.pk,
            "position": section.position,
            "kind": section.kind,
            "title": "Zmiana przez admin",
            "paragraphs-TOTAL_FORMS": "1",
            "paragraphs-INITIAL_FORMS": "1",
            "paragraphs-0-id": paragraph.pk,
            "paragraphs-0-section": section.pk,
            "paragraphs-0-number": paragraph.number,
            "paragraphs-0-text": "Zmiana przez admin",
        },
    )
    assert response.status_code == 403
    delete = client.post(
        reverse("admin:consultations_draftversion_delete", args=[published.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    section.refresh_from_db()
    paragraph.refresh_from_db()
    assert section.title != "Zmiana przez admin"
    assert paragraph.text != "Zmiana przez admin"
    assert DraftVersion.objects.filter(pk=published.pk).exists()


def test_the_admin_still_edits_an_unpublished_version(client, coordinator, programme):
    draft = version_with_sections(programme)
    client.force_login(coordinator)
    response = client.get(reverse("admin:consultations_draftversion_change", args=[draft.pk]))
    assert b'name="_save"' in response.content


def test_the_admin_action_composes_a_new_version(client, coordinator, programme):
    client.force_login(coordinator)
    response = client.post(
        reverse("admin:programmes_programme_changelist"),
        {"action": "compose_draft_version", "_selected_action": [programme.pk]},
        follow=True,
    )
    assert response.status_code == 200
    version = DraftVersion.objects.get(programme=programme)
    assert version.created_by == coordinator
    assert version.sections.count() == 11


def test_the_admin_action_refuses_to_publish_and_lists_empty_sections(
    client, coordinator, programme
):
    draft = version_with_sections(programme, texts={"funds": []})
    client.force_login(coordinator)
    response = client.post(
        reverse("admin:consultations_draftversion_changelist"),
        {"action": "publish_versions", "_selected_action": [draft.pk]},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert b"was not published" in response.content
    assert b"funds planned for the programme" in response.content
    draft.refresh_from_db()
    assert not draft.is_published


def test_the_admin_action_publishes_a_complete_version(
    client, coordinator, programme, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    draft = version_with_sections(programme)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(
            reverse("admin:consultations_draftversion_changelist"),
            {"action": "publish_versions", "_selected_action": [draft.pk]},
        )
    draft.refresh_from_db()
    assert draft.is_published
    assert draft.published_by == coordinator
    # The PDF render, the search index, and the page revision's cache copy twice (the
    # service's bump and the version row's own: consultations/signals.py), after commit.
    assert len(callbacks) == 4


def test_comment_answers_can_point_at_the_paragraph_they_changed(published, programme):
    comment = CommentFactory(paragraph=_first_paragraph(published), version=published)
    later = version_with_sections(programme)
    comment.resulting_paragraph = _first_paragraph(later)
    comment.answer = Comment.Answer.ACCEPTED
    comment.save()
    assert _first_paragraph(later).changed_by_comments.get() == comment
