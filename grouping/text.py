"""Similarity of comment texts: near-duplicates (campaigns) and groups of similar comments.

Pure functions over lists of strings, with no Django, so that tests, the benchmark
and the Celery task share them (docs/grouping.md explains the choices and figures).

* Campaigns: binary character 5-gram shingles, cosine similarity of the sets; texts at
  or above ``CAMPAIGN_THRESHOLD`` are linked and every connected part of two or more
  texts is one campaign. Copies with typos, an added greeting or an organisation's
  name stay well above it; paraphrases (the same demand in other words) fall far below.
* Groups: Polish-aware features — simplemma lemmas (word uni- and bigrams, TF-IDF) next
  to character 3–5-grams within words (TF-IDF), each block L2-normalised — and average-
  linkage agglomerative clustering on cosine distance, cut at ``GROUP_DISTANCE``.
  No model is downloaded: simplemma ships its Polish dictionary in the wheel.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import simplemma

# numpy, scipy and scikit-learn are imported where they are used: together they take
# about a second to import, which every process that loads the URLconf (web workers,
# Celery workers, each manage.py command) would pay although few ever group comments.

CAMPAIGN_THRESHOLD = 0.75
CAMPAIGN_SHINGLE = 5
GROUP_DISTANCE = 0.7
LEMMA_WEIGHT = 0.6  # share of the lemma block in the combined vector (the rest: n-grams)

# Words that carry no topic in a consultation comment: grammar words and the
# formulas of the form ("proponujemy", "uwaga"), so that two comments do not look
# alike only because both are polite.
STOPWORDS = frozenset(
    [
        "a",
        "aby",
        "albo",
        "ale",
        "ani",
        "aż",
        "bez",
        "bo",
        "by",
        "być",
        "być",
        "chcieć",
        "czy",
        "dla",
        "do",
        "gdy",
        "gdyż",
        "i",
        "ich",
        "ile",
        "im",
        "iż",
        "ja",
        "jak",
        "jako",
        "jeden",
        "jego",
        "jej",
        "jest",
        "jeśli",
        "już",
        "każdy",
        "kiedy",
        "który",
        "lub",
        "ma",
        "mieć",
        "mieć",
        "móc",
        "na",
        "nad",
        "nasz",
        "nie",
        "niż",
        "o",
        "od",
        "oraz",
        "osoba",
        "po",
        "pod",
        "przez",
        "przy",
        "się",
        "ta",
        "tak",
        "także",
        "tam",
        "te",
        "ten",
        "to",
        "tu",
        "ty",
        "tym",
        "u",
        "w",
        "we",
        "wszystek",
        "z",
        "za",
        "ze",
        "że",
        "żeby",
        "on",
        "ona",
        "oni",
        "ono",
        "my",
        "wy",
        "co",
        "też",
        "według",
        "być",
        "zostać",
        "który",
        "swój",
        "który",
        "sam",
        "taki",
        "ten",
        "ów",
        "czyli",
        "np.",
        "itp.",
        "m.in.",
        "r.",
        "ust.",
        "pkt",
        "art.",
        "uwaga",
        "proponować",
        "wnosić",
        "prosić",
        "postulować",
        "uważać",
        "zdanie",
        "nasz",
        "nasze",
        "naszym",
        "należeć",
    ]
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def normalise(text: str) -> str:
    """Lower case, NFC, one space between words: what a copy keeps of its source."""
    text = unicodedata.normalize("NFC", text).lower()
    return " ".join(text.split())


@lru_cache(maxsize=100_000)
def lemma(word: str) -> str:
    return simplemma.lemmatize(word, lang="pl").lower()


def lemmas(text: str) -> list[str]:
    """The Polish lemmas of the content words of ``text``."""
    result = []
    for word in _WORD.findall(normalise(text)):
        if len(word) < 3 or word in STOPWORDS:
            continue
        base = lemma(word)
        if base not in STOPWORDS:
            result.append(base)
    return result


_SENTENCE = re.compile(r"(?<=[.!?])\s+")
FORMULA_PARTS = 3


def strip_formulas(texts: list[str], parts: list[object] | None) -> list[str]:
    """Drop sentences repeated verbatim in comments on ``FORMULA_PARTS`` or more paragraphs.

    "Liczymy na pozytywne rozpatrzenie." says nothing about the demand; a sentence that
    recurs on many different paragraphs is a formula of the form, while a campaign's
    text, copied onto one paragraph, stays. A text left empty keeps all its words.
    """
    if parts is None:
        return texts
    split = [[normalise(s) for s in _SENTENCE.split(t) if s.strip()] for t in texts]
    seen: dict[str, set[object]] = {}
    for sentences, part in zip(split, parts, strict=True):
        for sentence in sentences:
            seen.setdefault(sentence, set()).add(part)
    formulas = {s for s, where in seen.items() if len(where) >= FORMULA_PARTS}
    result = []
    for original, sentences in zip(texts, split, strict=True):
        kept = [s for s in sentences if s not in formulas]
        result.append(" ".join(kept) if kept else original)
    return result


def _lemma_text(text: str) -> str:
    return " ".join(lemmas(text))


# ------------------------------------------------------------------------------
# Near-duplicates: campaigns
# ------------------------------------------------------------------------------
def near_duplicate_sets(
    texts: list[str],
    *,
    parts: list[object] | None = None,
    threshold: float = CAMPAIGN_THRESHOLD,
) -> list[list[int]]:
    """Indices of texts that are the same or nearly the same, each set of two or more.

    ``parts`` (the paragraph of each text) lets formulas be ignored (``strip_formulas``).
    Sets are ordered by size (largest first) and their members by index.
    """
    if len(texts) < 2:
        return []
    import numpy as np
    from scipy.sparse import csgraph
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.preprocessing import normalize

    texts = strip_formulas(texts, parts)
    vectoriser = CountVectorizer(
        analyzer="char",
        ngram_range=(CAMPAIGN_SHINGLE, CAMPAIGN_SHINGLE),
        binary=True,
        preprocessor=normalise,
        dtype=np.float32,
    )
    try:
        matrix = normalize(vectoriser.fit_transform(texts))
    except ValueError:  # every text shorter than a shingle
        return []
    similarity = (matrix @ matrix.T).tocsr()
    similarity.data[similarity.data < threshold] = 0
    similarity.eliminate_zeros()
    _, labels = csgraph.connected_components(similarity, directed=False)
    sets: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        sets.setdefault(int(label), []).append(index)
    result = [members for members in sets.values() if len(members) > 1]
    return sorted(result, key=lambda m: (-len(m), m[0]))


# ------------------------------------------------------------------------------
# Groups of similar comments
# ------------------------------------------------------------------------------
@dataclass
class Grouping:
    """Cluster labels per text, and for each cluster the index of its representative."""

    labels: list[int]
    representatives: dict[int, int] = field(default_factory=dict)
    parameters: dict[str, Any] = field(default_factory=dict)

    def clusters(self) -> dict[int, list[int]]:
        result: dict[int, list[int]] = {}
        for index, label in enumerate(self.labels):
            result.setdefault(label, []).append(index)
        return result


def features(texts: list[str]) -> Any:
    """L2-normalised rows: weighted lemma TF-IDF block next to character n-gram TF-IDF."""
    import numpy as np
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    lemma_texts = [_lemma_text(t) for t in texts]
    words = TfidfVectorizer(
        analyzer="word",
        ngram_range=(1, 2),
        sublinear_tf=True,
        token_pattern=r"\S+",  # noqa: S106 (a regex, not a password)
        min_df=1,
    )
    chars = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, preprocessor=normalise
    )
    blocks = []
    if any(lemma_texts):
        blocks.append(normalize(words.fit_transform(lemma_texts)) * np.sqrt(LEMMA_WEIGHT))
    blocks.append(normalize(chars.fit_transform(texts)) * np.sqrt(1 - LEMMA_WEIGHT))
    return normalize(hstack(blocks).tocsr())


def group_texts(
    texts: list[str], *, parts: list[object] | None = None, distance: float = GROUP_DISTANCE
) -> Grouping:
    """Group similar texts; each text gets a label, singletons included."""
    import numpy as np
    from sklearn.cluster import AgglomerativeClustering

    texts = strip_formulas(texts, parts)
    parameters = {
        "method": "agglomerative, average linkage, cosine distance",
        "distance_threshold": distance,
        "features": "simplemma lemmas 1-2-grams TF-IDF + char_wb 3-5-grams TF-IDF",
        "lemma_weight": LEMMA_WEIGHT,
        "formulas": f"sentences repeated on {FORMULA_PARTS}+ paragraphs ignored",
    }
    if not texts:
        return Grouping(labels=[], parameters=parameters)
    if len(texts) == 1:
        return Grouping(labels=[0], representatives={0: 0}, parameters=parameters)
    matrix = features(texts)
    similarity = (matrix @ matrix.T).toarray()
    np.clip(similarity, 0.0, 1.0, out=similarity)
    dist = 1.0 - similarity
    np.fill_diagonal(dist, 0.0)
    model = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=distance
    )
    labels = [int(x) for x in model.fit_predict(dist)]
    grouping = Grouping(labels=labels, parameters=parameters)
    for label, members in grouping.clusters().items():
        # The representative is the member closest on average to the others (medoid).
        block = similarity[np.ix_(members, members)]
        grouping.representatives[label] = members[int(block.sum(axis=1).argmax())]
    return grouping


def most_similar(query: str, texts: list[str], *, limit: int = 5) -> list[tuple[int, float]]:
    """Indices and similarities of the ``texts`` nearest to ``query``, best first."""
    import numpy as np

    if not texts:
        return []
    matrix = features([query, *texts])
    scores = (matrix[1:] @ matrix[0].T).toarray().ravel()
    order = np.argsort(-scores)[:limit]
    return [(int(i), float(scores[i])) for i in order if scores[i] > 0]


def purity(predicted: list[int], truth: list[Any]) -> float:
    """Share of texts whose cluster's majority true label is their own."""
    clusters: dict[int, dict[Any, int]] = {}
    for p, t in zip(predicted, truth, strict=True):
        counts = clusters.setdefault(p, {})
        counts[t] = counts.get(t, 0) + 1
    return sum(max(c.values()) for c in clusters.values()) / max(len(predicted), 1)
