"""Reads from the search index: one ``search()`` over PostgreSQL FTS or SQLite FTS5."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import F, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from search import text as search_text
from search.models import Entry, Term

MAX_RESULTS = 200
MAX_WORDS = 8
# A phrase of words with several candidate lemmas is, on SQLite, an OR of phrases.
MAX_PHRASE_VARIANTS = 32
_TOKEN_RE = re.compile(r"^\w+$")
# PostgreSQL: to_tsvector('simple', lemmas), generated and stored by the database
# (search/migrations/0002_entry_stored_tsvector.py), outside Django's model state.
STORED_VECTOR = RawSQL('"search_entry"."lemmas_tsv"', [], output_field=SearchVectorField())


@dataclass(frozen=True)
class ParsedQuery:
    """Each query word as the set of index terms it may stand for."""

    words: list[frozenset[str]]
    phrase: bool = False
    terms: frozenset[str] = field(default_factory=frozenset)

    @property
    def empty(self) -> bool:
        return not self.words


def parse_query(raw: str) -> ParsedQuery:
    """Lemmatise the query; an unaccented word also stands for the lemmas it was seen with.

    A query wholly in double quotes is a phrase (consecutive lemmas).
    """
    stripped = raw.strip()
    phrase = len(stripped) > 2 and stripped.startswith('"') and stripped.endswith('"')
    tokens = [w for _, _, w in search_text.words(stripped)][:MAX_WORDS]
    forms = [search_text.strip_diacritics(t) for t in tokens]
    known: dict[str, set[str]] = {}
    for form, lemma in Term.objects.filter(form__in=forms).values_list("form", "lemma"):
        known.setdefault(form, set()).add(lemma)
    words: list[frozenset[str]] = []
    for token, form in zip(tokens, forms, strict=True):
        candidates = {search_text.lemma(token), form} | known.get(form, set())
        words.append(frozenset(c for c in candidates if _TOKEN_RE.match(c)))
    words = [w for w in words if w]
    return ParsedQuery(
        words=words, phrase=phrase, terms=frozenset(itertools.chain.from_iterable(words))
    )


def _pg_tsquery(query: ParsedQuery) -> str:
    joiner = " <-> " if query.phrase else " & "
    return joiner.join(
        "(" + " | ".join(f"'{term}'" for term in sorted(word)) + ")" for word in query.words
    )


def _fts5_match(query: ParsedQuery) -> str:
    if query.phrase:
        variants = itertools.islice(
            itertools.product(*(sorted(w) for w in query.words)), MAX_PHRASE_VARIANTS
        )
        return " OR ".join('"' + " ".join(v) + '"' for v in variants)
    return " AND ".join(
        "(" + " OR ".join(f'"{term}"' for term in sorted(word)) + ")" for word in query.words
    )


def search(
    *,
    query: ParsedQuery,
    programme_id: int | None = None,
    kind: str | None = None,
    team_id: int | None = None,
    limit: int = MAX_RESULTS,
) -> list[Entry]:
    """Entries matching every query word (or the phrase), best first."""
    if query.empty:
        return []
    entries: QuerySet[Entry] = Entry.objects.select_related("programme", "team")
    if programme_id:
        entries = entries.filter(programme_id=programme_id)
    if kind:
        entries = entries.filter(kind=kind)
    if team_id:
        entries = entries.filter(team_id=team_id)
    if connection.vendor == "postgresql":
        # The stored, GIN-indexed column of migration 0002: matching and ranking read the
        # vector instead of computing to_tsvector(lemmas) for every matching row.
        ts_query = SearchQuery(_pg_tsquery(query), search_type="raw", config="simple")
        return list(
            entries.alias(vector=STORED_VECTOR)
            .filter(vector=ts_query)
            .annotate(rank=SearchRank(F("vector"), ts_query))
            .order_by("-rank", "pk")[:limit]
        )
    # SQLite: FTS5 ranks (bm25, lower is better); the filters apply to the joined rows.
    ids = list(
        entries.extra(
            tables=["search_entry_fts"],
            where=["search_entry_fts.rowid = search_entry.id", "search_entry_fts MATCH %s"],
            params=[_fts5_match(query)],
            select={"rank": "bm25(search_entry_fts)"},
            order_by=["rank", "id"],
        ).values_list("pk", flat=True)[:limit]
    )
    by_pk = entries.in_bulk(ids)
    return [by_pk[pk] for pk in ids]


def highlight(body: str, terms: frozenset[str], *, width: int = 40) -> SafeString:
    """A window of ``width`` words around the first match, matches in ``<mark>``."""
    spans = list(search_text.words(body))
    hits = [
        i
        for i, (_, _, word) in enumerate(spans)
        if search_text.lemma(word) in terms or search_text.strip_diacritics(word) in terms
    ]
    first = max(hits[0] - width // 4, 0) if hits else 0
    last = min(first + width, len(spans))
    if not spans:
        return mark_safe("")
    start = spans[first][0]
    end = spans[last - 1][1]
    hit_set = set(hits)
    pieces: list[str] = ["… " if first > 0 else ""]
    cursor = start
    for i in range(first, last):
        s, e, word = spans[i]
        pieces.append(escape(body[cursor:s]))
        pieces.append(f"<mark>{escape(word)}</mark>" if i in hit_set else escape(word))
        cursor = e
    pieces.append(" …" if last < len(spans) else escape(body[cursor:end]))
    return mark_safe("".join(pieces))  # noqa: S308 — every piece of text is escaped above
