"""What the API publishes: only the public record (docs/opendata.md).

Comments carry exactly the public report's columns (consultations.exports.report_header):
the organisation's name or the author's capacity, never the person.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Schema

from consultations.models import Comment


class ProgrammeOut(Schema):
    id: int
    slug: str
    title: str
    municipality: str
    kind: str
    first_year: int
    last_year: int
    legal_basis: str
    report_summary: str | None
    report_published_at: dt.datetime | None

    @staticmethod
    def resolve_municipality(obj: object) -> str:
        # The local government is a record (programmes.Municipality); the API gives its name.
        return obj.municipality.name  # type: ignore[attr-defined]

    @staticmethod
    def resolve_report_summary(obj: object) -> str | None:
        # The summary is public only once the report is published.
        return obj.report_summary if obj.report_published_at else None  # type: ignore[attr-defined]


class PhaseOut(Schema):
    id: int
    programme_id: int
    kind: str
    name: str
    description: str
    starts_at: dt.datetime
    ends_at: dt.datetime


class ParagraphOut(Schema):
    id: int
    number: int
    anchor: str
    text: str


class SectionOut(Schema):
    id: int
    position: int
    kind: str
    title: str
    paragraphs: list[ParagraphOut]


class VersionOut(Schema):
    id: int
    programme_id: int
    number: int
    title: str
    change_note: str
    published_at: dt.datetime


class VersionDetailOut(VersionOut):
    sections: list[SectionOut]


class CommentOut(Schema):
    id: int
    version: int
    number: int
    part: str
    current_wording: str
    proposed_wording: str
    justification: str
    organisation: str
    position: str
    position_justification: str
    answer_published_at: dt.datetime

    @staticmethod
    def resolve_version(obj: Comment) -> int:
        return obj.version.number

    @staticmethod
    def resolve_part(obj: Comment) -> str:
        return obj.part_label

    @staticmethod
    def resolve_organisation(obj: Comment) -> str:
        return obj.public_author

    @staticmethod
    def resolve_position(obj: Comment) -> str:
        return obj.answer

    @staticmethod
    def resolve_position_justification(obj: Comment) -> str:
        return obj.answer_justification


class TeamOut(Schema):
    id: int
    programme_id: int
    slug: str
    name: str
    kind: str
    scope: str


class ActionOut(Schema):
    id: int
    title: str
    responsible_party: str
    cooperation_form: str
    first_year: int | None
    last_year: int | None
    indicator: str
    planned_funds: Decimal | None


class SolutionOut(Schema):
    id: int
    text: str


class GoalOut(Schema):
    id: int
    team_id: int
    title: str
    description: str
    solutions: list[SolutionOut]
    actions: list[ActionOut]


class SwotItemOut(Schema):
    id: int
    quadrant: str
    text: str
    votes: int

    @staticmethod
    def resolve_votes(obj: object) -> int:
        return obj.n_votes  # type: ignore[attr-defined]


class SwotResultOut(Schema):
    id: int
    team_id: int
    topic: str
    closed_at: dt.datetime
    items: list[SwotItemOut]

    @staticmethod
    def resolve_team_id(obj: object) -> int:
        return obj.meeting.team_id  # type: ignore[attr-defined]
