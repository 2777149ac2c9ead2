"""The load harness's smoke run: a short scenario against the real stack loses nothing.

Runs ``python -m bench.load`` for ~5 s with a handful of clients against the stack it
starts itself (gunicorn, a Celery worker, its own Redis, an SMTP sink, a throw-away
PostgreSQL database), then reads the figures it wrote. Timings are not asserted; what
the clients were told is (docs/operations.md, "Benchmarks").
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="the production stack needs PostgreSQL (DATABASE_URL)",
    ),
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server"),
]


def _harness(tmp_path: Path, template: str | None, *args: str) -> dict:
    out = tmp_path / "load.json"
    # The harness's children must not believe they run under pytest (locmem cache).
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    if template:
        env["BENCH_TEMPLATE_DATABASE"] = template
    result = subprocess.run(
        [sys.executable, "-m", "bench.load", "--json", str(out), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1500,
        check=False,
    )
    assert out.exists(), result.stdout[-3000:] + result.stderr[-3000:]
    return json.loads(out.read_text())


def test_a_short_load_run_loses_and_duplicates_nothing(tmp_path, migrated_database_copy):
    figures = _harness(
        tmp_path,
        migrated_database_copy,
        *("--duration", "5", "--members", "6", "--voters", "3", "--readers", "3"),
    )
    check = figures["check"]
    assert figures["login_failures"] == 0
    assert figures["submitted"] > 0
    assert check["receipts"] > 0
    assert check["lost"] == 0
    assert check["duplicated"] == 0
    assert check["rows"] == check["receipts"]
    assert check["mails_missing"] == 0
    assert check["mails_duplicated"] == 0
    assert check["votes"] > 0
    assert check["voters_over_limit"] == 0
    assert check["voters_mismatched"] == 0
    assert figures["error_count"] == 0, figures["errors"]
