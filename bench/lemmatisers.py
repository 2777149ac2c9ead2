"""simplemma vs pystempel on the seed's own text (docs/search.md).

For every word of krakow_ngo/seed/data.py and comments.py: how many distinct index
terms each tool makes, how many known inflection families it joins, and its cost.
Run: .venv/bin/python bench/lemmatisers.py (pystempel needs ~30 s to load its table).
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FAMILIES = [
    ["organizacja", "organizacji", "organizacjom", "organizacjach", "organizacjami"],
    ["wykluczenie", "wykluczeniem", "wykluczeniu", "wykluczenia"],
    ["współpraca", "współpracy", "współpracę", "współpracą"],
    ["ekonomia", "ekonomii", "ekonomię"],
    ["społeczna", "społecznej", "społecznym", "społeczne"],
    ["komisja", "komisji", "komisję", "komisjach"],
    ["współpraca", "współpracy", "współpracę"],
    ["program", "programu", "programie", "programem"],
]


def seed_words() -> list[str]:
    text = "".join(
        (ROOT / "krakow_ngo" / "seed" / name).read_text(encoding="utf-8")
        for name in ("data.py", "comments.py")
    )
    literals = " ".join(re.findall(r'"([^"\n]*)"', text))
    return [w.lower() for w in re.findall(r"[^\W\d_]+", literals)]


def main() -> None:
    import simplemma

    try:
        from pystempel import Stemmer
    except ImportError:  # a bench-only comparison: pip install pystempel==2.0.0
        print("lemmatisers: skipped (pystempel==2.0.0 is not installed)")
        return

    words = seed_words()
    distinct = sorted(set(words))
    print(f"seed: {len(words)} words, {len(distinct)} distinct forms")
    t = time.perf_counter()
    stemmer = Stemmer.polimorf()
    stempel_load = time.perf_counter() - t
    tools = {
        "simplemma": lambda w: simplemma.lemmatize(w, lang="pl").lower(),
        "pystempel": lambda w: (stemmer(w) or w).lower(),
    }
    for name, fn in tools.items():
        t = time.perf_counter()
        terms = {fn(w) for w in distinct}
        spent = time.perf_counter() - t
        joined = sum(1 for family in FAMILIES if len({fn(w.lower()) for w in family}) == 1)
        odd = [w for w in ("ekonomii", "organizacje") if fn(w) != fn(w)]
        print(
            f"{name:10} terms {len(terms):5}  families joined {joined}/{len(FAMILIES)}  "
            f"{spent * 1000:7.1f} ms for {len(distinct)} forms{(odd and '') or ''}"
        )
        for family in FAMILIES:
            print("   ", ", ".join(f"{w}→{fn(w.lower())}" for w in family))
    print(f"pystempel table load: {stempel_load:.1f} s; simplemma loads Polish lazily")


if __name__ == "__main__":
    main()
