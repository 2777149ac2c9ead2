"""Writes of the grouping app: computing a run, and applying one answer to many comments."""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations import services as consultation_services
from consultations.models import Comment, DraftVersion
from grouping import selectors, text
from grouping.models import Campaign, CampaignMember, CommentGroup, CommentGroupMember, GroupingRun


def comment_text(comment: Any) -> str:
    """What is compared: the proposed wording and its justification."""
    if isinstance(comment, dict):
        return f"{comment['proposed_wording']}\n{comment['justification']}"
    return f"{comment.proposed_wording}\n{comment.justification}"


def grouping_compute(
    *, version: DraftVersion, trigger: str, by: Any = None, now: dt.datetime | None = None
) -> GroupingRun:
    """Compute campaigns and groups of the version's active comments and store them as a run."""
    now = now or timezone.now()
    clock = time.perf_counter()
    rows = list(
        Comment.objects.filter(version=version)
        .active()
        .order_by("number")
        .values("pk", "paragraph_id", "proposed_wording", "justification")
    )
    texts = text.strip_formulas([comment_text(r) for r in rows], [r["paragraph_id"] for r in rows])
    pks = [r["pk"] for r in rows]
    campaigns = text.near_duplicate_sets(texts)
    document = text.group_texts(texts)
    by_paragraph: dict[int, list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        if row["paragraph_id"] is not None:
            by_paragraph[row["paragraph_id"]].append(index)
    per_paragraph = {
        paragraph: (indices, text.group_texts([texts[i] for i in indices]))
        for paragraph, indices in by_paragraph.items()
    }
    seconds = time.perf_counter() - clock
    with transaction.atomic():
        run = GroupingRun.objects.create(
            version=version,
            trigger=trigger,
            requested_by=by,
            started_at=now,
            finished_at=timezone.now(),
            seconds=round(seconds, 3),
            n_comments=len(rows),
            parameters={
                **document.parameters,
                "campaign_threshold": text.CAMPAIGN_THRESHOLD,
                "campaign_shingle": text.CAMPAIGN_SHINGLE,
                "compared": "proposed wording + justification",
            },
        )
        _store_campaigns(run, campaigns, pks)
        _store_groups(run, CommentGroup.Scope.DOCUMENT, None, document, pks)
        for paragraph, (indices, grouping) in per_paragraph.items():
            _store_groups(
                run, CommentGroup.Scope.PARAGRAPH, paragraph, grouping, [pks[i] for i in indices]
            )
    return run


def _store_campaigns(run: GroupingRun, sets: list[list[int]], pks: list[int]) -> None:
    created = Campaign.objects.bulk_create(
        Campaign(run=run, number=n, size=len(members), representative_id=pks[members[0]])
        for n, members in enumerate(sets, start=1)
    )
    CampaignMember.objects.bulk_create(
        CampaignMember(campaign=campaign, comment_id=pks[i])
        for campaign, members in zip(created, sets, strict=True)
        for i in members
    )


def _store_groups(
    run: GroupingRun,
    scope: str,
    paragraph_id: int | None,
    grouping: text.Grouping,
    pks: list[int],
) -> None:
    """Store the groups of two or more comments (a comment alone is no group)."""
    clusters = [(label, m) for label, m in grouping.clusters().items() if len(m) > 1]
    start = CommentGroup.objects.filter(run=run, scope=scope).count()
    created = CommentGroup.objects.bulk_create(
        CommentGroup(
            run=run,
            scope=scope,
            paragraph_id=paragraph_id,
            number=start + n,
            size=len(members),
            representative_id=pks[grouping.representatives[label]],
        )
        for n, (label, members) in enumerate(clusters, start=1)
    )
    CommentGroupMember.objects.bulk_create(
        CommentGroupMember(group=group, comment_id=pks[i])
        for group, (_, members) in zip(created, clusters, strict=True)
        for i in members
    )


@transaction.atomic
def answer_apply_to_many(
    *,
    group: CommentGroup,
    comments: list[Comment],
    answer: str,
    justification: str,
    by: Any,
    now: dt.datetime,
    reason: str = "",
) -> list[Comment]:
    """Record one answer on each selected comment of the group, each its own answer record.

    Goes through ``consultations.services.comment_answer_record`` for every comment, so
    each keeps its history row (who, when) and a published answer changes only with a
    reason. Nothing is answered that the coordinator did not select and confirm: the
    views call this only from the confirmation page.
    """
    allowed = set(selectors.group_comment_ids(group))
    if not comments:
        raise ValidationError(_("Select at least one comment."), code="empty")
    if any(c.pk not in allowed for c in comments):
        raise ValidationError(_("A selected comment is not in this group."), code="group")
    return [
        consultation_services.comment_answer_record(
            comment=comment,
            answer=answer,
            justification=justification,
            by=by,
            now=now,
            reason=reason,
        )
        for comment in comments
    ]


# Phases that closed longer ago than this are not grouped again by the hourly pass.
DUE_WINDOW = dt.timedelta(days=30)


def grouping_due(*, now: dt.datetime) -> int:
    """Send a run for the commented version of each comment phase that has closed.

    The version is the newest published one when the phase ended (the one that took the
    comments). A version already grouped after that moment is left alone, so the hourly
    pass sends each closed phase once (unless a run takes longer than an hour).
    """
    from core import outbox
    from programmes.models import Phase

    sent = 0
    phases = Phase.objects.accepting_comments().filter(
        ends_at__lt=now, ends_at__gte=now - DUE_WINDOW
    )
    for phase in phases.select_related("programme"):
        version = (
            DraftVersion.objects.filter(
                programme_id=phase.programme_id, published_at__lte=phase.ends_at
            )
            .published()
            .order_by("-number")
            .first()
        )
        if version is None or not Comment.objects.filter(version=version).exists():
            continue
        if GroupingRun.objects.filter(version=version, started_at__gte=phase.ends_at).exists():
            continue
        # Through the outbox, once per phase and version: the entry waits out a broker
        # outage, and the next hourly pass adds no second one while it waits.
        created = outbox.enqueue(
            handler="grouping.tasks.grouping_compute",
            payload={"version_pk": version.pk, "trigger": GroupingRun.Trigger.PHASE_CLOSED},
            dedup_key=f"grouping-phase-closed:{phase.pk}:{version.pk}",
        )
        sent += created is not None
    return sent


def grouping_request(*, version: DraftVersion, by: Any) -> None:
    """ "Compute now": send a run for ``version`` to the worker."""
    from core import outbox

    # Through the outbox: a coordinator's click is not lost to a broker outage.
    outbox.enqueue(
        handler="grouping.tasks.grouping_compute",
        payload={
            "version_pk": version.pk,
            "trigger": GroupingRun.Trigger.ON_DEMAND,
            "by_pk": getattr(by, "pk", None),
        },
    )
