"""Models of the consultations app, split by subject (STYLE §2.1: past ~600 lines)."""

from __future__ import annotations

from consultations.models.comments import Comment, CommentQuerySet
from consultations.models.documents import (
    MANDATORY_SECTION_KINDS,
    DraftVersion,
    DraftVersionQuerySet,
    Paragraph,
    RenderedPdf,
    Section,
    SectionKind,
)
from consultations.models.programme import (
    WARSAW,
    Phase,
    PhaseQuerySet,
    PriorityArea,
    Programme,
    StrategyDocument,
    StrategyGoal,
    warsaw_midnight,
)
from consultations.models.reminders import (
    ReminderDelivery,
    ReminderDeliveryQuerySet,
    ReminderKind,
    ReminderOffset,
    ReminderPreferences,
)

__all__ = [
    "MANDATORY_SECTION_KINDS",
    "WARSAW",
    "Comment",
    "CommentQuerySet",
    "DraftVersion",
    "DraftVersionQuerySet",
    "Paragraph",
    "Phase",
    "PhaseQuerySet",
    "PriorityArea",
    "Programme",
    "ReminderDelivery",
    "ReminderDeliveryQuerySet",
    "ReminderKind",
    "ReminderOffset",
    "ReminderPreferences",
    "RenderedPdf",
    "Section",
    "SectionKind",
    "StrategyDocument",
    "StrategyGoal",
    "warsaw_midnight",
]
