"""``make bench``: every benchmark, the figures as JSON, and a table against issue 15's targets.

Each benchmark measures our code next to a baseline in the same run (the hello view, the
``weasyprint`` command line, a plain SMTP loop, the page when idle) because these
machines are noisy: only ratios are comparable between runs. Each benchmark works in a
throw-away database of its own, so a database that already holds data is never touched.

    python bench/run.py                 # everything (about 25 minutes on 2 cores)
    python bench/run.py --quick         # shorter runs, fewer clients (make bench QUICK=1)
    python bench/run.py --only page_curve,load
    python bench/run.py --table bench/results/latest.json --readme   # table of a saved run

Writes ``bench/results/latest.json`` (git-ignored; commit a copy named by date to keep a
run) and prints the table README's "Performance" section carries.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"


@dataclass(frozen=True)
class Bench:
    name: str
    argv: list[str]
    quick_argv: list[str] = field(default_factory=list)
    in_quick: bool = True  # run it in a quick run too


def _script(name: str) -> list[str]:
    return [str(HERE / name)]


LOAD = ["-m", "bench.load"]
BENCHES = [
    Bench("page_curve", _script("page_curve.py"), ["--quick"]),
    Bench(
        "load", LOAD, ["--duration", "20", "--members", "40", "--voters", "15", "--readers", "40"]
    ),
    Bench(
        "load_faults",
        [*LOAD, "--faults"],
        [
            "--duration",
            "40",
            "--members",
            "40",
            "--voters",
            "15",
            "--readers",
            "40",
            "--outage",
            "10",
        ],
    ),
    Bench("pdf", _script("pdf_render.py")),
    Bench("reminders", _script("reminders_throughput.py"), ["--recipients", "1000"]),
    Bench("board_partial", _script("board_partial.py")),
    Bench("draft_page", _script("draft_page.py"), in_quick=False),
    Bench("grouping_task", _script("grouping_task.py"), in_quick=False),
    Bench("search_latency", _script("search_latency.py"), in_quick=False),
    Bench("implementation_report", _script("implementation_report.py"), in_quick=False),
    Bench("lemmatisers", _script("lemmatisers.py"), in_quick=False),
]

# Issue 15's table of today's "one request" (the first render), in ms, by size.
FIRST_RENDER_BEFORE_MS = {(10, 0): 48, (60, 2000): 488, (500, 2000): 655, (60, 10000): 1652}


def machine() -> dict[str, Any]:
    """What the figures were measured on; the load average says how busy it was."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        memory_kb = 0
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def run_one(bench: Bench, quick: bool, log_dir: Path) -> dict[str, Any]:
    out = log_dir / f"{bench.name}.json"
    env = dict(os.environ, BENCH_JSON=str(out), PYTHONPATH=str(ROOT))
    argv = [sys.executable, *bench.argv, *(bench.quick_argv if quick else [])]
    print(f"\n== {bench.name}: {' '.join(argv[1:])}", flush=True)
    started = time.monotonic()
    result = subprocess.run(argv, cwd=ROOT, env=env, check=False)
    figures: dict[str, Any] = json.loads(out.read_text()) if out.exists() else {}
    return {
        "exit_code": result.returncode,
        "seconds": round(time.monotonic() - started, 1),
        "figures": figures,
    }


# ------------------------------------------------------------------------------
# The table
# ------------------------------------------------------------------------------
Row = tuple[str, str, str, bool | None]


def _get(results: dict[str, Any], *path: Any) -> Any:
    value: Any = results
    for key in path:
        if isinstance(value, dict):
            value = value.get(key)
        elif isinstance(value, list) and isinstance(key, int) and key < len(value):
            value = value[key]
        else:
            return None
    return value


def table(results: dict[str, Any]) -> list[Row]:
    """(figure, measured, target, met) for every target of issue 15 (and 16's faults run)."""
    rows: list[Row] = []
    pages = _get(results, "page_curve", "figures", "pages") or []
    for page in pages:
        size = f"{page['paragraphs']}/{page['comments']:,}"
        rows.append(
            (
                f"anonymous draft {size} ÷ hello ({page['page_rps']:.1f} / {page['hello_rps']:.0f} req/s)",
                f"{page['ratio']:.4f}",
                "≥ 0.5",
                page["ratio"] >= 0.5 and page["non_2xx"] == 0,
            )
        )
    for page in pages:
        before = FIRST_RENDER_BEFORE_MS.get((page["paragraphs"], page["comments"]))
        if before is not None:
            rows.append(
                (
                    f"first request {page['paragraphs']}/{page['comments']:,}",
                    f"{page['first_request_ms']:.0f} ms",
                    f"≤ {before} ms (issue 15)",
                    page["first_request_ms"] <= before,
                )
            )
    reference = next((p for p in pages if (p["paragraphs"], p["comments"]) == (60, 2000)), None)
    if reference:
        rows.append(
            (
                "page weight 60/2,000",
                f"{reference['bytes']:,} B",
                "≤ 150,000 B",
                reference["bytes"] <= 150_000,
            )
        )
    if pages:
        anonymous = {p["queries_anonymous"] for p in pages}
        member = {p["queries_member"] for p in pages}
        rows.append(
            (
                "queries anonymous / member, every size",
                f"{'/'.join(map(str, sorted(anonymous)))} / {'/'.join(map(str, sorted(member)))}",
                "constant",
                len(anonymous) == 1 and len(member) == 1,
            )
        )
    member_ratio = _get(results, "page_curve", "figures", "member_page", "ratio")
    if member_ratio is not None:
        rows.append(
            (
                "logged-in draft 60/2,000 ÷ hello",
                f"{member_ratio:.4f}",
                "≥ 0.1",
                member_ratio >= 0.1,
            )
        )
    readers = _get(results, "page_curve", "figures", "readers_200")
    if readers:
        p99 = readers["p99_effective_s"]
        rows.append(
            (
                f"200 concurrent readers 60/2,000: p99 (timeouts {readers['timeouts']})",
                f"{p99:.2f} s" if p99 < 30 else "≥ 30 s",
                "≤ 1 s",
                p99 <= 1.0 and readers["non_2xx_3xx"] == 0,
            )
        )
    poll = _get(results, "page_curve", "figures", "board_poll")
    if poll:
        rows.append(
            ("board poll, no change ÷ hello", f"{poll['ratio']:.3f}", "≥ 0.8", poll["ratio"] >= 0.8)
        )
    interference = _get(results, "page_curve", "figures", "interference")
    if interference:
        rows.append(
            (
                "page 60/2,000 during PDF + reminders ÷ idle",
                f"{interference['ratio']:.3f}",
                "≥ 0.5",
                interference["ratio"] >= 0.5,
            )
        )
    for name, label in (
        ("load", "load harness"),
        ("load_faults", "load harness, Redis down + worker killed"),
    ):
        load = _get(results, name, "figures")
        if not load:
            continue
        check = load["check"]
        rows.append(
            (
                f"{label}: requests {load['requests']}, errors",
                ", ".join(f"{k}: {v}" for k, v in load["errors"].items()) or "0",
                "0",
                load["error_count"] == 0,
            )
        )
        rows.append(
            (
                f"{label}: receipts {check['receipts']} vs rows {check['rows']}",
                f"lost {check['lost']}, duplicated {check['duplicated']}",
                "0 lost, 0 duplicated",
                check["lost"] == 0 and check["duplicated"] == 0,
            )
        )
        rows.append(
            (
                f"{label}: receipt e-mails",
                f"missing {check['mails_missing']}, twice {check['mails_duplicated']}",
                "each exactly once",
                check["mails_missing"] == 0 and check["mails_duplicated"] == 0,
            )
        )
        rows.append(
            (
                f"{label}: votes",
                f"over limit {check['voters_over_limit']}, doubled {check['votes_duplicated']}, "
                f"differ {check['voters_mismatched']}",
                "one per member and item",
                check["voters_over_limit"] == 0
                and check["votes_duplicated"] == 0
                and check["voters_mismatched"] == 0,
            )
        )
        read, write = load["read"], load["write"]
        ratio = load["write_p95_over_read_p95"] or 0.0
        rows.append(
            (
                f"{label}: p50/p95/p99 read {read['p50_ms']:.0f}/{read['p95_ms']:.0f}/{read['p99_ms']:.0f} ms, "
                f"write {write['p50_ms']:.0f}/{write['p95_ms']:.0f}/{write['p99_ms']:.0f} ms",
                f"write p95 ÷ read p95 = {ratio:.2f}",
                "≤ 3",
                ratio <= 3,
            )
        )
    pdf = _get(results, "pdf", "figures", "forty_pages")
    if pdf:
        rows.append(
            (
                f"PDF {pdf['pages']} pages: app ÷ weasyprint CLI ({pdf['ours_s']:.2f} / {pdf['cli_s']:.2f} s)",
                f"{pdf['ratio']:.2f}",
                "≤ 1.2",
                pdf["ratio"] <= 1.2,
            )
        )
        rows.append(
            (
                "PDF peak memory: app process vs CLI",
                f"{pdf['peak_mb_ours']:.0f} MB vs {pdf['peak_mb_cli']:.0f} MB",
                "—",
                None,
            )
        )
    reminders = _get(results, "reminders", "figures")
    if reminders:
        rows.append(
            (
                f"{reminders['recipients']:,} reminders: worker ÷ plain SMTP loop "
                f"({reminders['worker_s']:.1f} / {reminders['plain_loop_s']:.1f} s)",
                f"{reminders['ratio']:.2f}",
                "— (each exactly once)",
                reminders["received"] == reminders["recipients"] == reminders["sent_rows"],
            )
        )
    for name, outcome in results.items():
        if outcome["exit_code"]:
            rows.append((f"{name} finished", f"exit code {outcome['exit_code']}", "0", False))
    return rows


def render(rows: list[Row]) -> str:
    mark = {True: "met", False: "**not met**", None: "—"}
    lines = ["| figure | measured | target | |", "|---|---|---|---|"]
    lines += [f"| {f} | {m} | {t} | {mark[ok]} |" for f, m, t, ok in rows]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", default="", help="comma-separated benchmark names")
    parser.add_argument("--json", type=Path, default=RESULTS / "latest.json")
    parser.add_argument("--readme", action="store_true", help="put the table into README.md")
    parser.add_argument(
        "--table", type=Path, metavar="JSON", help="only print (and --readme) the table of a run"
    )
    args = parser.parse_args()
    if args.table:
        saved: dict[str, Any] = json.loads(args.table.read_text())
        saved["table"] = [
            {"figure": f, "measured": m, "target": t, "met": ok}
            for f, m, t, ok in table(saved["results"])
        ]
        print(summary(saved))
        if args.readme:
            readme_update(saved)
        return 0
    wanted = {n for n in args.only.split(",") if n}
    if wanted:
        chosen = [b for b in BENCHES if b.name in wanted]
    else:
        chosen = [b for b in BENCHES if b.in_quick or not args.quick]
    started = dt.datetime.now(dt.UTC)
    before = machine()
    log_dir = Path(tempfile.mkdtemp(prefix="bench-run-"))
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    results: dict[str, Any] = {}
    rows: list[Row] = []
    report: dict[str, Any] = {}
    args.json.parent.mkdir(parents=True, exist_ok=True)
    for bench in chosen:
        results[bench.name] = run_one(bench, args.quick, log_dir)
        rows = table(results)
        report = {
            "started": started.isoformat(timespec="seconds"),
            "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "quick": args.quick,
            "commit": commit,
            "machine": before | {"load_average_at_end": [round(x, 2) for x in os.getloadavg()]},
            "table": [{"figure": f, "measured": m, "target": t, "met": ok} for f, m, t, ok in rows],
            "results": results,
        }
        # Written after every benchmark: an interrupted run keeps what it measured.
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False))
    print("\n" + summary(report))
    print(f"\nFigures: {args.json}")
    if args.readme:
        readme_update(report)
    return 1 if any(r["exit_code"] for r in results.values()) else 0


def summary(report: dict[str, Any]) -> str:
    """The table with the command and the machine it ran on (what README carries)."""
    info = report["machine"]
    rows: list[Row] = [(r["figure"], r["measured"], r["target"], r["met"]) for r in report["table"]]
    command = "make bench QUICK=1" if report["quick"] else "make bench"
    return (
        f"`{command}` at commit {report['commit']}, {report['started'][:16]} UTC, on "
        f"{info['cpus']} × {info['cpu_model'] or 'CPU'}, {info['memory_gb']} GB, "
        f"{info['system']}, Python {info['python']}; load average "
        f"{info['load_average'][0]} at the start and {info['load_average_at_end'][0]} at the "
        "end (other work on the machine competes for the same cores)."
        + (f" {report['note']}" if report.get("note") else "")
        + "\n\n"
        + render(rows)
    )


def readme_update(report: dict[str, Any]) -> None:
    """Put the table between README's markers (section "Performance")."""
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    begin, end = "<!-- bench table: begin -->", "<!-- bench table: end -->"
    head, _, rest = text.partition(begin)
    _, _, tail = rest.partition(end)
    if not tail and end not in rest:
        raise SystemExit("README.md has no bench table markers")
    readme.write_text(f"{head}{begin}\n{summary(report)}\n{end}{tail}", encoding="utf-8")
    print("README.md: table updated")


if __name__ == "__main__":
    sys.exit(main())
