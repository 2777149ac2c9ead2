"""The seed: Kraków's 2011 process and the demo cycles.

The only package that knows every app (and the only place where a city is named in
code): ``seed_krakow`` loads it. ``data`` and ``comments`` hold the texts.
"""

from __future__ import annotations

from krakow_ngo.seed.loader import DEMO_PASSWORDS, SEED_SLUG, seed_krakow

__all__ = ["DEMO_PASSWORDS", "SEED_SLUG", "seed_krakow"]
