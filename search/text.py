"""Polish text → index terms: simplemma lemmas with the diacritics stripped.

Why simplemma and not pystempel, and why diacritics are stripped in Python rather than
with PostgreSQL's ``unaccent``: docs/search.md.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

import simplemma

WORD_RE = re.compile(r"\w+", re.UNICODE)
# Polish letters NFKD does not decompose (ł has no combining form).
_EXTRA = str.maketrans({"ł": "l", "Ł": "l", "đ": "d", "ø": "o", "ß": "ss"})


def strip_diacritics(text: str) -> str:
    """Lower-case ASCII-ish form: ``Współpraca`` → ``wspolpraca``."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_EXTRA).lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """The dictionary form of one word, lower-cased, diacritics stripped."""
    lowered = word.lower()
    return strip_diacritics(simplemma.lemmatize(lowered, lang="pl"))


def words(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, word) for every word of the text."""
    for match in WORD_RE.finditer(text):
        yield match.start(), match.end(), match.group()


def lemmas(text: str) -> list[str]:
    """The lemma stream of a text, in order (phrase search relies on positions)."""
    return [lemma(word) for _, _, word in words(text)]


def vocabulary(text: str) -> set[tuple[str, str]]:
    """(form without diacritics, lemma) pairs: how an unaccented query finds its lemma.

    simplemma needs the diacritics to find a lemma (``spolecznej`` is unknown to it,
    ``społecznej`` → ``społeczny``), so the index remembers which lemma each
    unaccented form it has seen belongs to.
    """
    pairs: set[tuple[str, str]] = set()
    for _, _, word in words(text):
        form = strip_diacritics(word)
        base = lemma(word)
        if form != base:
            pairs.add((form, base))
    return pairs


def warm() -> None:
    """Load simplemma's Polish dictionary now rather than on the first search.

    The load takes seconds to tens of seconds (docs/search.md); krakow_ngo/wsgi.py calls
    this when a web process starts, so no visitor waits for it.
    """
    lemma("organizacja")
