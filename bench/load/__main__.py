"""Load harness: members commenting, voters on a SWOT board, anonymous readers, then the tally.

Starts its own production-like stack (bench/stack.py: a throw-away PostgreSQL database,
its own Redis, an SMTP sink, gunicorn with 2 sync workers, a Celery worker), seeds it
(``seed_krakow --demo`` plus bench accounts), logs every client in once, runs the
scenario for ``--duration`` seconds and compares what the clients were told with the
database and the SMTP server: 0 lost, 0 duplicated, each e-mail exactly once, one vote
per member per item (docs/operations.md, "Benchmarks").

    python -m bench.load                      # 200 members, 50 voters, 200 readers, 60 s
    python -m bench.load --faults             # Redis down 15 s mid-run, worker SIGKILLed once
    python -m bench.load --duration 10 --members 10 --voters 5 --readers 5 --json out.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import secrets
import sys
import time
from pathlib import Path
from typing import Any

import aiohttp

from bench.figures import emit
from bench.load import clients
from bench.stack import Stack, missing


def _args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.load", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--duration", type=float, default=60, help="seconds of load (60)")
    parser.add_argument("--members", type=int, default=200, help="logged-in commenters (200)")
    parser.add_argument("--voters", type=int, default=50, help="voters on one SWOT board (50)")
    parser.add_argument("--readers", type=int, default=200, help="anonymous readers (200)")
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between steps (s)")
    parser.add_argument("--timeout", type=float, default=120, help="client timeout per request")
    parser.add_argument("--faults", action="store_true", help="Redis outage + worker SIGKILL")
    parser.add_argument("--outage", type=float, default=15, help="seconds Redis is down (15)")
    parser.add_argument(
        "--settle",
        type=float,
        default=None,
        help="seconds to wait for receipts after the run (60; 480 with --faults)",
    )
    parser.add_argument("--seed", type=int, default=2026, help="random seed of the clients")
    parser.add_argument("--json", type=Path, help="write the figures here")
    return parser.parse_args(argv)


async def _faults(
    stack: Stack, run: clients.Run, t0: float, args: argparse.Namespace, log: list[str]
) -> None:
    """SIGKILL the worker (and restart it) and stop Redis while comments are being sent.

    Each fault waits for its moment in the run *and* for comments to be flowing (on a
    saturated server the first POSTs come long after the start, and an outage before
    them would test nothing). Two independent timelines: a worker takes seconds to boot
    on a busy machine, and the outage must not wait for it.
    """

    async def when(seconds: float, posted: int) -> None:
        give_up = t0 + args.duration + 600
        while time.monotonic() < give_up and (
            time.monotonic() < t0 + seconds or run.posted < posted
        ):
            await asyncio.sleep(0.2)

    def note(what: str) -> None:
        log.append(f"{time.monotonic() - t0:6.1f} s  {what} (comments posted so far: {run.posted})")
        print(f"  [fault] {log[-1]}", flush=True)

    async def worker() -> None:
        await when(args.duration * 0.25, posted=1)
        await asyncio.to_thread(stack.kill_worker)
        note("Celery worker SIGKILLed")
        await asyncio.to_thread(stack.start_worker)
        note("Celery worker restarted")

    async def redis() -> None:
        await when(max(0.0, args.duration / 2 - args.outage / 2), posted=max(1, args.members // 20))
        await asyncio.to_thread(stack.stop_redis)
        note(f"Redis stopped for {args.outage:.0f} s")
        await asyncio.sleep(args.outage)
        await asyncio.to_thread(stack.start_redis)
        note("Redis started again")

    await asyncio.gather(worker(), redis())


async def _drive(stack: Stack, plan: dict[str, Any], args: argparse.Namespace) -> clients.Run:
    tag = f"bench-{secrets.token_hex(4)}"
    run = clients.Run(plan=plan, tag=tag, deadline=float("inf"), think=args.think)
    connector = aiohttp.TCPConnector(limit=0, force_close=True)  # gunicorn sync: no keep-alive
    timeout = aiohttp.ClientTimeout(total=args.timeout)
    async with aiohttp.ClientSession(
        connector=connector, timeout=timeout, cookie_jar=aiohttp.DummyCookieJar()
    ) as http:
        people: list[tuple[Any, clients.Browser, str]] = []
        for name in plan["members"]:
            people.append((clients.member, clients.Browser(http, stack.base_url, run.stats), name))
        for name in plan["voters"]:
            people.append((clients.voter, clients.Browser(http, stack.base_url, run.stats), name))
        # Log in once per client, a few at a time, before the clock starts.
        gate = asyncio.Semaphore(8)

        async def log_in(browser: clients.Browser, name: str) -> bool:
            async with gate:
                return await browser.log_in(name, plan["password"])

        started = time.perf_counter()
        logged = await asyncio.gather(*(log_in(b, n) for _f, b, n in people))
        failed = logged.count(False)
        print(
            f"  logged in {len(people) - failed} of {len(people)} in {time.perf_counter() - started:.1f} s"
        )
        people = [p for p, ok in zip(people, logged, strict=True) if ok]
        run.stats = clients.Stats()  # the figures are of the run, not of the logins
        run.login_failures = failed  # type: ignore[attr-defined]
        for _f, browser, _n in people:
            browser.stats = run.stats
        for i in range(args.readers):
            people.append(
                (clients.reader, clients.Browser(http, stack.base_url, run.stats), f"r{i}")
            )

        t0 = time.monotonic()
        run.deadline = t0 + args.duration
        rng = random.Random(args.seed)
        tasks = [
            asyncio.create_task(fn(run, browser, name, random.Random(rng.random())))
            for fn, browser, name in people
        ]
        fault_log: list[str] = []
        if args.faults:
            tasks.append(asyncio.create_task(_faults(stack, run, t0, args, fault_log)))
        await asyncio.gather(*tasks)
        run.elapsed = time.monotonic() - t0  # type: ignore[attr-defined]
        run.fault_log = fault_log  # type: ignore[attr-defined]
    return run


def _verify(stack: Stack, run: clients.Run, settle: float) -> dict[str, Any]:
    """Tally the rows; wait (up to ``settle`` s) until every receipt e-mail has gone out."""
    seen = stack.work / "clients.json"
    seen.write_text(
        json.dumps(
            {
                "tag": run.tag,
                "receipts": run.receipts,
                "receipt_pattern": run.plan["receipt_pattern"],
                "session": run.plan["session"],
                "votes_per_member": run.plan["votes_per_member"],
                "votes": {name: sorted(items) for name, items in run.votes.items()},
                "uncertain": sorted(run.uncertain),
            }
        )
    )
    deadline = time.monotonic() + settle
    started = time.monotonic()
    while True:
        check = stack.django(
            "bench.load.dbside", "verify", "--clients", str(seen), "--mail", str(stack.mail_log)
        )
        done = check["receipt_not_yet_sent"] == 0 and check["mails_missing"] == 0
        if done or time.monotonic() > deadline:
            check["settled_after_s"] = round(time.monotonic() - started, 1)
            return check
        # Each check is a Django process of a few seconds already; a 10 s pause on top
        # cost a short run most of its wall time whenever a receipt was still on its way.
        time.sleep(1)


def _report(args: argparse.Namespace, run: clients.Run, check: dict[str, Any]) -> dict[str, Any]:
    stats = run.stats.summary()
    read, write = stats["read"], stats["write"]
    figures = {
        "scenario": {
            "duration_s": args.duration,
            "members": args.members,
            "voters": args.voters,
            "readers": args.readers,
            "faults": args.faults,
        },
        "elapsed_s": round(getattr(run, "elapsed", 0.0), 1),
        "login_failures": getattr(run, "login_failures", 0),
        "submitted": run.submitted,
        "resubmitted_after_error": run.resubmitted,
        "refused_examples": run.refused[:3],
        "fault_log": getattr(run, "fault_log", []),
        **stats,
        "check": check,
        "write_p95_over_read_p95": round(write["p95_ms"] / read["p95_ms"], 2)
        if read["p95_ms"]
        else None,
    }
    print(
        f"  requests {stats['requests']} in {figures['elapsed_s']} s; statuses {stats['statuses']}"
    )
    print(f"  errors by kind and status: {stats['errors'] or 'none'}")
    for kind in ("read", "write"):
        k = stats[kind]
        print(
            f"  {kind:5}: {k['count']:6d}  p50 {k['p50_ms']:8.1f} ms  p95 {k['p95_ms']:8.1f} ms  "
            f"p99 {k['p99_ms']:8.1f} ms"
        )
    print(
        f"  comments: submitted {run.submitted} (sent again after an error: {run.resubmitted}), "
        f"receipts shown {check['receipts']}, rows {check['rows']}"
    )
    print(
        f"  lost {check['lost']}, duplicated {check['duplicated']}, stored without a receipt "
        f"shown {check['stored_without_receipt']}"
    )
    print(
        f"  e-mails: received {check['mails_received']}, missing {check['mails_missing']}, "
        f"duplicated {check['mails_duplicated']} (receipts not yet sent "
        f"{check['receipt_not_yet_sent']}, waited {check['settled_after_s']} s)"
    )
    print(
        f"  votes: {check['votes']} held, duplicated {check['votes_duplicated']}, voters over "
        f"the limit {check['voters_over_limit']}, voters whose votes differ from what they "
        f"were shown {check['voters_mismatched']} (unanswered vote requests: {len(run.uncertain)})"
    )
    return figures


def main(argv: list[str] | None = None) -> int:
    args = _args(argv)
    if lacking := missing():
        print(f"load harness: needs {', '.join(lacking)}; skipped.")
        return 0
    mode = "with faults" if args.faults else "clean"
    print(
        f"load harness ({mode}): {args.members} members, {args.voters} voters, "
        f"{args.readers} readers, {args.duration:.0f} s",
        flush=True,
    )
    stack = Stack(label="load")
    plan: dict[str, Any] = {}

    def seed() -> None:
        stack.manage("seed_krakow", "--demo", production=False)
        plan.update(
            stack.django(
                "bench.load.dbside",
                "prepare",
                *("--members", str(args.members), "--voters", str(args.voters)),
            )
        )

    # The data goes in while gunicorn and Celery boot: no client runs before both are done.
    with stack.running(alongside=seed):
        run = asyncio.run(_drive(stack, plan, args))
        for process in stack.processes.values():
            process.check()  # a crashed part would make every figure meaningless
        # A receipt whose worker was SIGKILLed mid-send stays claimed until the outbox's
        # claim timeout (OUTBOX_CLAIM_TIMEOUT, 330 s) and goes out at the next sweep after
        # it (every minute): with faults, wait past both before calling it missing.
        settle = args.settle if args.settle is not None else (480 if args.faults else 60)
        figures = _report(args, run, _verify(stack, run, settle))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1))
    emit(figures)
    check = figures["check"]
    return 1 if check["lost"] or check["duplicated"] else 0


if __name__ == "__main__":
    sys.exit(main())
