"""Models of the consultations app, split by subject (STYLE §2.1: past ~600 lines)."""

from __future__ import annotations

from consultations.models.adoption import Adoption
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

__all__ = [
    "MANDATORY_SECTION_KINDS",
    "Adoption",
    "Comment",
    "CommentQuerySet",
    "DraftVersion",
    "DraftVersionQuerySet",
    "Paragraph",
    "RenderedPdf",
    "Section",
    "SectionKind",
]
