"""Reads of the grouping app: the newest run of a version, its groups and campaigns."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from consultations.models import Comment, DraftVersion
from grouping import text
from grouping.models import Campaign, CommentGroup, GroupingRun

MEMBER_FIELDS = ("version", "paragraph__section", "organisation")


def run_latest(version: DraftVersion) -> GroupingRun | None:
    return GroupingRun.objects.filter(version=version).order_by("-started_at", "-pk").first()


def _members() -> Prefetch:
    return Prefetch(
        "comments",
        queryset=Comment.objects.select_related(*MEMBER_FIELDS).order_by("number"),
    )


def run_groups(run: GroupingRun, scope: str) -> QuerySet[CommentGroup]:
    """Groups of the run in ``scope``, largest first, with their members (three queries)."""
    return (
        CommentGroup.objects.filter(run=run, scope=scope)
        .select_related("paragraph__section", "representative__organisation")
        .prefetch_related(_members())
        .order_by("-size", "number")
    )


def run_campaigns(run: GroupingRun) -> QuerySet[Campaign]:
    return (
        Campaign.objects.filter(run=run)
        .select_related("representative__paragraph__section")
        .prefetch_related(_members())
        .order_by("-size", "number")
    )


def group_comment_ids(group: CommentGroup) -> list[int]:
    return list(group.members.values_list("comment_id", flat=True))


def campaign_of_comments(version_ids: set[int]) -> dict[int, Campaign]:
    """For the report: the campaign of each comment, from the newest run of each version."""
    result: dict[int, Campaign] = {}
    for version_id in version_ids:
        run = GroupingRun.objects.filter(version_id=version_id).order_by("-started_at").first()
        if run is None:
            continue
        for campaign in (
            Campaign.objects.filter(run=run)
            .select_related("run__version")
            .prefetch_related("members")
        ):
            for member in campaign.members.all():
                result[member.comment_id] = campaign
    return result


@dataclass(frozen=True)
class SimilarAnswer:
    comment: Comment
    similarity: float


SIMILAR_POOL = 2000  # answered comments compared at most (newest first)


def similar_answers(comment: Comment, *, limit: int = 5) -> list[SimilarAnswer]:
    """Answers already given to the comments most like ``comment``, in any programme."""
    pool = list(
        Comment.objects.exclude(pk=comment.pk)
        .exclude(answer="")
        .active()
        .select_related("version__programme", "paragraph__section", "organisation")
        .order_by("-answered_at", "-pk")[:SIMILAR_POOL]
    )
    from grouping.services import comment_text

    ranked = text.most_similar(comment_text(comment), [comment_text(c) for c in pool], limit=limit)
    return [SimilarAnswer(pool[i], score) for i, score in ranked]


def report_campaign_names(comments: list[Comment]) -> dict[int, str]:
    """For the report's campaigns view (consultations/report_grouping.py)."""
    from django.utils.translation import gettext as _

    campaigns = campaign_of_comments({c.version_id for c in comments})
    return {
        pk: _("Campaign %(n)s of version %(v)s")
        % {"n": campaign.number, "v": campaign.run.version.number}
        for pk, campaign in campaigns.items()
    }
