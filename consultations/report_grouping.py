"""The report's "campaigns" view: copies of one text shown as one row with all senders.

Campaigns are found by the ``grouping`` app, which sits above consultations in the
layers (docs/grouping.md), so consultations offers this hook and knows no more: a higher
app registers a function that names the campaign of each report comment it knows of.
No sender is ever hidden: a campaign row lists every member's number, organisation and
position.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from consultations.models import Comment

CampaignOf = Callable[[list[Comment]], dict[int, str]]
_finders: list[CampaignOf] = []


def campaign_finder_register(finder: CampaignOf) -> None:
    """Called from a higher app's ``AppConfig.ready`` (idempotent)."""
    if finder not in _finders:
        _finders.append(finder)


@dataclass
class ReportRow:
    comment: Comment  # the first of the row (its text is shown)
    members: list[Comment] = field(default_factory=list)
    campaign: str = ""

    @property
    def is_campaign(self) -> bool:
        return len(self.members) > 1


def campaign_rows(comments: list[Comment]) -> list[ReportRow]:
    """The report's comments with each campaign's members folded into its first row."""
    names: dict[int, str] = {}
    for finder in _finders:
        names.update(finder(comments))
    rows: list[ReportRow] = []
    by_campaign: dict[str, ReportRow] = {}
    for comment in comments:
        name = names.get(comment.pk, "")
        if name and name in by_campaign:
            by_campaign[name].members.append(comment)
            continue
        row = ReportRow(comment, [comment], name)
        rows.append(row)
        if name:
            by_campaign[name] = row
    return rows
