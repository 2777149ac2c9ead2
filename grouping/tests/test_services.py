from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from consultations.models import Comment
from core.dates import WARSAW
from grouping import selectors, services
from grouping.models import CommentGroup, GroupingRun

pytestmark = pytest.mark.django_db


def test_compute_stores_campaigns_groups_and_parameters(grouped_version: Any) -> None:
    run = services.grouping_compute(version=grouped_version, trigger=GroupingRun.Trigger.ON_DEMAND)
    assert run.n_comments == 9
    assert run.seconds is not None
    assert run.parameters["campaign_threshold"] == 0.75
    campaigns = list(selectors.run_campaigns(run))
    assert len(campaigns) == 1
    assert {c.pk for c in campaigns[0].comments.all()} == {c.pk for c in grouped_version.campaign}
    assert campaigns[0].size == 4
    document = list(selectors.run_groups(run, CommentGroup.Scope.DOCUMENT))
    members = [{c.pk for c in g.comments.all()} for g in document]
    assert {c.pk for c in grouped_version.campaign} in members
    # Per paragraph: groups only within one paragraph.
    for group in selectors.run_groups(run, CommentGroup.Scope.PARAGRAPH):
        assert {c.paragraph_id for c in group.comments.all()} == {group.paragraph_id}
    assert selectors.run_latest(grouped_version) == run


def test_withdrawn_comments_are_not_grouped(grouped_version: Any) -> None:
    Comment.objects.filter(pk=grouped_version.campaign[0].pk).update(status="withdrawn")
    run = services.grouping_compute(version=grouped_version, trigger="on_demand")
    assert run.n_comments == 8
    assert run.campaigns.get().size == 3


def test_due_pass_sends_once_after_the_phase_closed(
    grouped_version: Any, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = True
    during = dt.datetime(2011, 8, 20, tzinfo=WARSAW)
    after = dt.datetime(2011, 9, 2, tzinfo=WARSAW)
    assert services.grouping_due(now=during) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.grouping_due(now=after) == 1
    run = GroupingRun.objects.get()
    assert run.trigger == GroupingRun.Trigger.PHASE_CLOSED
    assert run.started_at >= after or run.started_at <= timezone.now()
    # Grouped after the phase closed: the next hourly pass leaves it alone.
    GroupingRun.objects.update(started_at=after)
    assert services.grouping_due(now=after + dt.timedelta(hours=1)) == 0


def test_beat_entry_exists() -> None:
    task = PeriodicTask.objects.get(name="Group comments after closed comment phases")
    assert task.task == "grouping.grouping_due_pass"
    assert task.enabled


def _group_of(version: Any, comments: list[Comment]) -> CommentGroup:
    run = services.grouping_compute(version=version, trigger="on_demand")
    pks = {c.pk for c in comments}
    for group in CommentGroup.objects.filter(run=run, scope="document"):
        if pks <= set(selectors.group_comment_ids(group)):
            return group
    raise AssertionError("not grouped together")


def test_answer_to_many_records_one_answer_per_comment_with_history(
    grouped_version: Any, coordinator: Any
) -> None:
    group = _group_of(grouped_version, grouped_version.campaign)
    now = timezone.now()
    done = services.answer_apply_to_many(
        group=group,
        comments=grouped_version.campaign,
        answer="partly_accepted",
        justification="Środki wzrosną o 10%.",
        by=coordinator,
        now=now,
    )
    assert len(done) == 4
    for comment in grouped_version.campaign:
        comment.refresh_from_db()
        assert comment.answer == "partly_accepted"
        assert comment.answered_by == coordinator
        last = comment.history.first()
        assert last.history_user == coordinator
        assert last.history_change_reason == "answer recorded"
    # Nothing else was answered.
    others = Comment.objects.exclude(pk__in=[c.pk for c in grouped_version.campaign])
    assert not others.exclude(answer="").exists()


def test_answer_to_many_refuses_comments_outside_the_group_and_published_without_reason(
    grouped_version: Any, coordinator: Any
) -> None:
    group = _group_of(grouped_version, grouped_version.campaign)
    with pytest.raises(ValidationError):
        services.answer_apply_to_many(
            group=group,
            comments=[grouped_version.remarks[0]],
            answer="accepted",
            justification="x",
            by=coordinator,
            now=timezone.now(),
        )
    first = grouped_version.campaign[0]
    Comment.objects.filter(pk=first.pk).update(
        answer="rejected", answer_justification="Nie.", answer_published_at=timezone.now()
    )
    first.refresh_from_db()
    with pytest.raises(ValidationError):
        services.answer_apply_to_many(
            group=group,
            comments=[first],
            answer="accepted",
            justification="Tak.",
            by=coordinator,
            now=timezone.now(),
        )
    services.answer_apply_to_many(
        group=group,
        comments=[first],
        answer="accepted",
        justification="Tak.",
        by=coordinator,
        now=timezone.now(),
        reason="pomyłka w ocenie",
    )
    first.refresh_from_db()
    assert first.history.first().history_change_reason.startswith("correction")


def test_similar_answers_come_from_this_and_previous_programmes(
    grouped_version: Any, coordinator: Any
) -> None:
    from consultations.tests.factories import (
        CommentFactory,
        DraftVersionFactory,
        ParagraphFactory,
        ProgrammeFactory,
    )

    old = ProgrammeFactory()
    paragraph = ParagraphFactory(section__version=DraftVersionFactory(programme=old))
    earlier = CommentFactory(
        paragraph=paragraph,
        proposed_wording="Apelujemy o zwiększenie środków na pomoc społeczną o dwadzieścia procent.",
        answer="rejected",
        answer_justification="Budżet na to nie pozwala.",
    )
    CommentFactory(
        paragraph=paragraph,
        proposed_wording="Inna sprawa: sport.",
        answer="accepted",
        answer_justification="Tak.",
    )
    similar = selectors.similar_answers(grouped_version.campaign[0])
    assert similar[0].comment == earlier
