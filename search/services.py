"""Writes to the search index: a group of entries is rebuilt from the public record.

Every builder reads only what the public pages show (published versions, published
answers, published minutes…), so the index cannot hold anything unpublished; a group
whose object is no longer public simply gets no rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from consultations.models import Comment, DraftVersion
from programmes.models import Programme
from search import text as search_text
from search.models import Entry, Kind, Term
from swot.models import Goal
from teams.models import Meeting, SectorTeam

EntryData = dict[str, Any]


def _entry(
    *,
    kind: str,
    title: str,
    url: str,
    body: str,
    programme_id: int | None,
    team_id: int | None = None,
    published_at: dt.datetime | None = None,
) -> EntryData:
    return {
        "kind": kind,
        "title": title[:600],
        "url": url[:600],
        "text": body,
        "programme_id": programme_id,
        "team_id": team_id,
        "published_at": published_at,
    }


def _programme_entries(pk: int) -> Iterator[EntryData]:
    programme = Programme.objects.filter(pk=pk).first()
    if programme is None:
        return
    url = reverse("consultations:programme_detail", kwargs={"slug": programme.slug})
    yield _entry(
        kind=Kind.PROGRAMME,
        title=programme.title,
        url=url,
        body=f"{programme.title}\n{programme.municipality}\n{programme.legal_basis}",
        programme_id=programme.pk,
    )
    if programme.report_published_at is not None:
        report_url = reverse("consultations:report", kwargs={"slug": programme.slug})
        yield _entry(
            kind=Kind.REPORT,
            title=_("Consultation report: %(title)s") % {"title": programme.title},
            url=report_url,
            body=programme.report_summary,
            programme_id=programme.pk,
            published_at=programme.report_published_at,
        )


def _version_entries(pk: int) -> Iterator[EntryData]:
    version = DraftVersion.objects.published().select_related("programme").filter(pk=pk).first()
    if version is None:
        return
    url = version.get_absolute_url()
    for section in version.sections.prefetch_related("paragraphs"):
        for paragraph in section.paragraphs.all():
            paragraph.section = section  # the label reads section.position
            yield _entry(
                kind=Kind.PARAGRAPH,
                title=f"§ {paragraph.label} {section.title} ({_('version')} {version.number})",
                url=f"{url}#{paragraph.anchor}",
                body=paragraph.text,
                programme_id=version.programme_id,
                published_at=version.published_at,
            )


def _comment_entries(pk: int) -> Iterator[EntryData]:
    comment = (
        Comment.objects.active()
        .answer_published()
        .filter(pk=pk, version__status=DraftVersion.Status.PUBLISHED)
        .select_related("version__programme", "organisation", "paragraph__section")
        .first()
    )
    if comment is None:
        return
    programme = comment.version.programme
    url = reverse("consultations:report", kwargs={"slug": programme.slug})
    # Only what the public report prints: the organisation name or the capacity, never
    # the person (RODO; the report's own rule, Comment.public_author).
    body = "\n".join(
        part
        for part in (
            comment.public_author,
            comment.current_wording,
            comment.proposed_wording,
            comment.justification,
            comment.get_answer_display(),
            comment.answer_justification,
        )
        if part
    )
    yield _entry(
        kind=Kind.COMMENT,
        title=_("Comment No. %(number)s (%(part)s) — %(author)s")
        % {"number": comment.number, "part": comment.part_label, "author": comment.public_author},
        url=f"{url}#comment-{comment.version.number}-{comment.number}",
        body=body,
        programme_id=programme.pk,
        published_at=comment.answer_published_at,
    )


def _team_entries(pk: int) -> Iterator[EntryData]:
    """The team's page: the team itself, its goals and their actions."""
    team = SectorTeam.objects.filter(pk=pk).first()
    if team is None:
        return
    url = reverse("teams:team_detail", kwargs={"slug": team.slug})
    yield _entry(
        kind=Kind.TEAM,
        title=team.name,
        url=url,
        body=f"{team.name}\n{team.scope}",
        programme_id=team.programme_id,
        team_id=team.pk,
    )
    goals = Goal.objects.filter(team=team).prefetch_related("solutions", "actions")
    for goal in goals:
        solutions = "\n".join(s.text for s in goal.solutions.all())
        yield _entry(
            kind=Kind.GOAL,
            title=goal.title,
            url=f"{url}#goal-{goal.pk}",
            body=f"{goal.title}\n{goal.description}\n{solutions}",
            programme_id=team.programme_id,
            team_id=team.pk,
        )
        for action in goal.actions.all():
            yield _entry(
                kind=Kind.ACTION,
                title=action.title,
                url=f"{url}#goal-{goal.pk}",
                body=f"{action.title}\n{action.responsible_party}\n{action.indicator}",
                programme_id=team.programme_id,
                team_id=team.pk,
            )


def _meeting_entries(pk: int) -> Iterator[EntryData]:
    meeting = Meeting.objects.filter(pk=pk).select_related("team").first()
    if meeting is None:
        return
    url = reverse("teams:meeting_detail", kwargs={"pk": meeting.pk})
    agenda = "\n".join(f"{item.title}\n{item.description}" for item in meeting.agenda_items.all())
    yield _entry(
        kind=Kind.MEETING,
        title=meeting.title,
        url=url,
        body=f"{meeting.title}\n{meeting.place}\n{agenda}",
        programme_id=meeting.team.programme_id,
        team_id=meeting.team_id,
    )
    if meeting.minutes_published_at is not None and meeting.minutes.strip():
        yield _entry(
            kind=Kind.MINUTES,
            title=_("Minutes: %(title)s") % {"title": meeting.title},
            url=f"{url}#minutes-heading",
            body=meeting.minutes,
            programme_id=meeting.team.programme_id,
            team_id=meeting.team_id,
            published_at=meeting.minutes_published_at,
        )


# What a change to a row of each model means for the index: which group to rebuild.
# Goals, solutions and actions live on the team page, so their services announce the team.
BUILDERS: dict[str, Callable[[int], Iterable[EntryData]]] = {
    "programme": _programme_entries,
    "version": _version_entries,
    "comment": _comment_entries,
    "team": _team_entries,
    "meeting": _meeting_entries,
}
GROUP_OF_MODEL: dict[type[models.Model], str] = {
    Programme: "programme",
    DraftVersion: "version",
    Comment: "comment",
    SectorTeam: "team",
    Meeting: "meeting",
}


def _add_terms(texts: Iterable[str]) -> None:
    pairs: set[tuple[str, str]] = set()
    for body in texts:
        pairs |= search_text.vocabulary(body)
    pairs = {(f, lemma) for f, lemma in pairs if len(f) <= 100 and len(lemma) <= 100}
    Term.objects.bulk_create(
        [Term(form=f, lemma=lemma) for f, lemma in pairs], ignore_conflicts=True, batch_size=1000
    )


@transaction.atomic
def index_group_rebuild(*, group: str, pk: int) -> int:
    """Replace the entries of one group (``version``/12…) with the public record's; count."""
    key = f"{group}:{pk}"
    Entry.objects.filter(group=key).delete()
    rows = list(BUILDERS[group](pk))
    Entry.objects.bulk_create(
        [Entry(group=key, lemmas=" ".join(search_text.lemmas(row["text"])), **row) for row in rows],
        batch_size=500,
    )
    _add_terms(row["text"] for row in rows)
    return len(rows)


def _bulk_index(group: str, pks: Iterable[int]) -> int:
    """Add the entries of many groups at once (the index is empty: nothing to delete)."""
    batch: list[Entry] = []
    texts: list[str] = []
    count = 0
    for pk in pks:
        for row in BUILDERS[group](pk):
            batch.append(
                Entry(
                    group=f"{group}:{pk}", lemmas=" ".join(search_text.lemmas(row["text"])), **row
                )
            )
            texts.append(row["text"])
        if len(batch) >= 2000:
            Entry.objects.bulk_create(batch, batch_size=1000)
            _add_terms(texts)
            count += len(batch)
            batch, texts = [], []
    Entry.objects.bulk_create(batch, batch_size=1000)
    _add_terms(texts)
    return count + len(batch)


@transaction.atomic
def index_rebuild() -> int:
    """Empty the index and build it again from every public object (``rebuild_search``)."""
    Entry.objects.all().delete()
    Term.objects.all().delete()
    return (
        _bulk_index("programme", Programme.objects.values_list("pk", flat=True))
        + _bulk_index("version", DraftVersion.objects.published().values_list("pk", flat=True))
        + _bulk_index(
            "comment", Comment.objects.active().answer_published().values_list("pk", flat=True)
        )
        + _bulk_index("team", SectorTeam.objects.values_list("pk", flat=True))
        + _bulk_index("meeting", Meeting.objects.values_list("pk", flat=True))
    )


def on_public_record_changed(sender: type[models.Model], pk: int, **kwargs: Any) -> None:
    """Receiver of core.signals.public_record_changed (sent after the commit)."""
    group = GROUP_OF_MODEL.get(sender)
    if group is not None:
        index_group_rebuild(group=group, pk=pk)
