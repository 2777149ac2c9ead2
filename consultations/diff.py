"""What changed between two versions: section by section, paragraph by paragraph, word by word."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from consultations import selectors
from consultations.models import Comment, DraftVersion, Paragraph, Section, SectionKind

# Two paragraphs at the same place are "the same paragraph, edited" above this word
# similarity; a deleted and an inserted paragraph elsewhere are "moved" above the second.
CHANGED_RATIO = 0.5
MOVED_RATIO = 0.8
TOKEN_RE = re.compile(r"\w+|[^\w\s]+|\s+")


@dataclass
class Segment:
    kind: str  # "equal", "insert" or "delete"
    text: str


@dataclass
class ParagraphDiff:
    status: str  # unchanged, changed, inserted, deleted, moved_in, moved_out
    old: Paragraph | None = None
    new: Paragraph | None = None
    old_label: str = ""
    new_label: str = ""
    segments: list[Segment] = field(default_factory=list)
    moved_label: str = ""  # where it came from (moved_in) or went to (moved_out)
    comments: list[Comment] = field(default_factory=list)

    @property
    def is_unchanged(self) -> bool:
        return self.status == "unchanged" and not self.comments

    @property
    def has_word_changes(self) -> bool:
        return any(s.kind != "equal" for s in self.segments)


@dataclass
class Fold:
    """A run of unchanged paragraphs shown folded."""

    paragraphs: list[ParagraphDiff]

    status = "folded"

    @property
    def first_label(self) -> str:
        return self.paragraphs[0].new_label

    @property
    def last_label(self) -> str:
        return self.paragraphs[-1].new_label


@dataclass
class SectionDiff:
    old: Section | None
    new: Section | None
    items: list[ParagraphDiff | Fold] = field(default_factory=list)
    paragraphs: list[ParagraphDiff] = field(default_factory=list)

    @property
    def title(self) -> str:
        return (self.new or self.old).title  # type: ignore[union-attr]

    @property
    def anchor(self) -> str:
        return (self.new or self.old).anchor  # type: ignore[union-attr]

    @property
    def position(self) -> int:
        return (self.new or self.old).position  # type: ignore[union-attr]

    @property
    def status(self) -> str:
        if self.old is None:
            return "inserted"
        if self.new is None:
            return "deleted"
        if self.title_changed or any(not p.is_unchanged for p in self.paragraphs):
            return "changed"
        return "unchanged"

    @property
    def title_changed(self) -> bool:
        return bool(self.old and self.new and self.old.title != self.new.title)

    @property
    def counts(self) -> dict[str, int]:
        result: dict[str, int] = {}
        for p in self.paragraphs:
            result[p.status] = result.get(p.status, 0) + 1
        return result


@dataclass
class VersionDiff:
    old: DraftVersion
    new: DraftVersion
    sections: list[SectionDiff]

    @property
    def changed_sections(self) -> int:
        return sum(1 for s in self.sections if s.status != "unchanged")

    @property
    def counts(self) -> dict[str, int]:
        result: dict[str, int] = {}
        for section in self.sections:
            for status, n in section.counts.items():
                result[status] = result.get(status, 0) + n
        return result


def _words(text: str) -> list[str]:
    return [t for t in TOKEN_RE.findall(text) if not t.isspace()]


def similarity(a: str, b: str) -> float:
    """Word-level similarity of two paragraphs (0–1)."""
    if a == b:
        return 1.0
    return SequenceMatcher(None, _words(a), _words(b), autojunk=False).ratio()


def word_diff(old: str, new: str) -> list[Segment]:
    """Words inserted and deleted between two texts, spaces kept, neighbouring changes merged."""
    a, b = TOKEN_RE.findall(old), TOKEN_RE.findall(new)
    ops: list[list[str]] = []  # [tag, deleted, inserted] or ["equal", text, text]
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        deleted, inserted = "".join(a[i1:i2]), "".join(b[j1:j2])
        if tag == "equal":
            ops.append(["equal", deleted, inserted])
        else:
            ops.append(["change", deleted, inserted])
    # A lone space between two changes reads better inside them ("nowe słowa" replaced as one).
    merged: list[list[str]] = []
    for index, op in enumerate(ops):
        between_changes = (
            op[0] == "equal"
            and op[1].isspace()
            and 0 < index < len(ops) - 1
            and ops[index + 1][0] == "change"
            and merged
            and merged[-1][0] == "change"
        )
        if between_changes or (op[0] == "change" and merged and merged[-1][0] == "change"):
            merged[-1][1] += op[1]
            merged[-1][2] += op[2]
        else:
            merged.append(list(op))
    segments: list[Segment] = []
    for kind, deleted, inserted in merged:
        if kind == "equal":
            segments.append(Segment("equal", deleted))
            continue
        if deleted:
            segments.append(Segment("delete", deleted))
        if inserted:
            segments.append(Segment("insert", inserted))
    return segments


def _label(section: Section | None, paragraph: Paragraph) -> str:
    return f"{section.position}.{paragraph.number}" if section is not None else ""


def _align(old: Section | None, new: Section | None) -> list[ParagraphDiff]:
    """Paragraph pairs of two sections in reading order of the new one."""
    olds = list(old.paragraphs.all()) if old else []
    news = list(new.paragraphs.all()) if new else []

    def unchanged(o: Paragraph, n: Paragraph) -> ParagraphDiff:
        return ParagraphDiff(
            "unchanged", o, n, _label(old, o), _label(new, n), [Segment("equal", n.text)]
        )

    def changed(o: Paragraph, n: Paragraph) -> ParagraphDiff:
        return ParagraphDiff(
            "changed", o, n, _label(old, o), _label(new, n), word_diff(o.text, n.text)
        )

    def inserted(n: Paragraph) -> ParagraphDiff:
        return ParagraphDiff("inserted", None, n, "", _label(new, n), [Segment("insert", n.text)])

    def deleted(o: Paragraph) -> ParagraphDiff:
        return ParagraphDiff("deleted", o, None, _label(old, o), "", [Segment("delete", o.text)])

    result: list[ParagraphDiff] = []
    matcher = SequenceMatcher(
        None, [p.text.strip() for p in olds], [p.text.strip() for p in news], autojunk=False
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            result.extend(unchanged(o, n) for o, n in zip(olds[i1:i2], news[j1:j2], strict=True))
            continue
        block_new = news[j1:j2]
        next_new = 0
        for o in olds[i1:i2]:
            scores = [
                (similarity(o.text, n.text), k)
                for k, n in enumerate(block_new[next_new:], start=next_new)
            ]
            best = max(scores, default=(0.0, -1))
            if best[0] >= CHANGED_RATIO:
                result.extend(inserted(n) for n in block_new[next_new : best[1]])
                result.append(changed(o, block_new[best[1]]))
                next_new = best[1] + 1
            else:
                result.append(deleted(o))
        result.extend(inserted(n) for n in block_new[next_new:])
    return result


def _find_moves(paragraphs: list[ParagraphDiff]) -> None:
    """A paragraph deleted in one place and inserted (nearly) the same elsewhere has moved."""
    inserted = [p for p in paragraphs if p.status == "inserted"]
    for gone in [p for p in paragraphs if p.status == "deleted" and p.old is not None]:
        old_text = gone.old.text  # type: ignore[union-attr]
        best: tuple[float, ParagraphDiff | None] = (0.0, None)
        for candidate in inserted:
            score = similarity(old_text, candidate.new.text)  # type: ignore[union-attr]
            if score > best[0]:
                best = (score, candidate)
        score, arrived = best
        if arrived is None or arrived.new is None or score < MOVED_RATIO:
            continue
        inserted.remove(arrived)
        gone.status, gone.moved_label = "moved_out", arrived.new_label
        arrived.status, arrived.moved_label = "moved_in", gone.old_label
        arrived.old = gone.old
        arrived.segments = word_diff(old_text, arrived.new.text)


def _fold(paragraphs: list[ParagraphDiff]) -> list[ParagraphDiff | Fold]:
    items: list[ParagraphDiff | Fold] = []
    run: list[ParagraphDiff] = []
    for p in paragraphs:
        if p.is_unchanged:
            run.append(p)
            continue
        if run:
            items.append(Fold(run))
            run = []
        items.append(p)
    if run:
        items.append(Fold(run))
    return items


def version_diff(old: DraftVersion, new: DraftVersion) -> VersionDiff:
    """The differences between two versions of one programme, ready for the page."""
    old_sections = list(selectors.version_sections(old))
    new_sections = list(selectors.version_sections(new))

    def key(section: Section) -> str:
        # Mandatory sections are one per kind; other sections are matched by title.
        return section.kind if section.kind != SectionKind.FREE else f"free:{section.title}"

    olds_by_key = {key(s): s for s in old_sections}
    new_keys = {key(s) for s in new_sections}
    sections = [SectionDiff(olds_by_key.get(key(s)), s) for s in new_sections]
    sections.extend(SectionDiff(s, None) for s in old_sections if key(s) not in new_keys)
    for section in sections:
        section.paragraphs = _align(section.old, section.new)
    everything = [p for s in sections for p in s.paragraphs]
    _find_moves(everything)
    comments: dict[int, list[Comment]] = {}
    for comment in selectors.comments_changing_paragraphs(new):
        if comment.resulting_paragraph_id is not None:
            comments.setdefault(comment.resulting_paragraph_id, []).append(comment)
    # A comment linked to a paragraph of the older version says that paragraph was
    # deleted in response to it (issue 10, item 7).
    for comment in selectors.comments_changing_paragraphs(old):
        if comment.resulting_paragraph_id is not None:
            comments.setdefault(comment.resulting_paragraph_id, []).append(comment)
    for p in everything:
        if p.new is not None:
            p.comments = comments.get(p.new.pk, [])
        elif p.old is not None and p.status == "deleted":
            p.comments = comments.get(p.old.pk, [])
    for section in sections:
        section.items = _fold(section.paragraphs)
    return VersionDiff(old, new, sections)
