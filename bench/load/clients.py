"""The simulated people: members who comment, voters on a SWOT board, anonymous readers.

Each is a coroutine with its own cookies over one shared aiohttp session. Cookies are
kept by hand: production sets them ``Secure`` and the stack speaks plain HTTP on
loopback, where aiohttp's cookie jar would (rightly) not send them back.
"""

from __future__ import annotations

import asyncio
import math
import random
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from typing import Any

import aiohttp

# ------------------------------------------------------------------------------
# Figures
# ------------------------------------------------------------------------------
KINDS = ("read", "write", "login")


@dataclass
class Stats:
    """Latencies by kind and outcomes by status ("200", "500", "timeout", "refused form"...)."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in KINDS})
    statuses: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)

    def record(self, kind: str, status: str, seconds: float, *, ok: bool) -> None:
        self.latencies[kind].append(seconds)
        self.statuses[status] += 1
        if not ok:
            self.errors[f"{kind} {status}"] += 1

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "requests": sum(self.statuses.values()),
            "statuses": dict(sorted(self.statuses.items())),
            "errors": dict(sorted(self.errors.items())),
            "error_count": sum(self.errors.values()),
        }
        for kind, values in self.latencies.items():
            out[kind] = {"count": len(values)} | {
                f"p{q}_ms": round(percentile(values, q) * 1000, 1) for q in (50, 95, 99)
            }
        return out


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = math.ceil(q / 100 * len(ordered))  # the smallest value with q % at or below it
    return ordered[max(0, min(len(ordered), rank) - 1)]


# ------------------------------------------------------------------------------
# HTML forms, read with the standard library
# ------------------------------------------------------------------------------
@dataclass
class Form:
    action: str
    fields: dict[str, str] = field(default_factory=dict)
    options: dict[str, list[str]] = field(default_factory=dict)


class _FormParser(HTMLParser):
    """Every <form>: hidden/text inputs with values, selects with their option values."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(action=a.get("action", "")))
        elif not self.forms:
            return
        elif tag == "input" and a.get("name") and a.get("type", "text") not in {"submit", "button"}:
            if a.get("type") in {"checkbox", "radio"} and "checked" not in a:
                return
            self.forms[-1].fields[a["name"]] = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            self.forms[-1].fields.setdefault(a["name"], "")
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            self.forms[-1].options[self._select] = []
        elif tag == "option" and self._select:
            self.forms[-1].options[self._select].append(a.get("value", ""))
            if "selected" in a:
                self.forms[-1].fields[self._select] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def find_form(html: str, field_name: str) -> Form | None:
    """The first form of the page that has ``field_name``."""
    parser = _FormParser()
    parser.feed(html)
    for form in parser.forms:
        if field_name in form.fields or field_name in form.options:
            return form
    return None


# ------------------------------------------------------------------------------
# One browser
# ------------------------------------------------------------------------------
@dataclass
class Reply:
    status: int
    text: str
    location: str

    @property
    def label(self) -> str:
        return str(self.status)


class Browser:
    """One person's cookies and requests; every request is timed into ``stats``."""

    def __init__(self, http: aiohttp.ClientSession, base: str, stats: Stats) -> None:
        self.http, self.base, self.stats = http, base, stats
        self.cookies: dict[str, str] = {}

    def _headers(self, extra: dict[str, str] | None) -> dict[str, str]:
        headers = {"Accept-Language": "pl", "Origin": self.base, "Referer": self.base + "/"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return headers | (extra or {})

    def _keep_cookies(self, response: aiohttp.ClientResponse) -> None:
        for header in response.headers.getall("Set-Cookie", []):
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    async def request(
        self,
        method: str,
        path: str,
        kind: str,
        *,
        data: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        ok: tuple[int, ...] = (200,),
    ) -> Reply | None:
        """The reply, or None after a timeout or a refused connection (both recorded)."""
        started = time.perf_counter()
        try:
            async with self.http.request(
                method,
                self.base + path,
                data=data,
                headers=self._headers(headers),
                allow_redirects=False,
            ) as response:
                text = await response.text(errors="replace")
                self._keep_cookies(response)
                reply = Reply(response.status, text, response.headers.get("Location", ""))
        except TimeoutError:
            self.stats.record(kind, "timeout", time.perf_counter() - started, ok=False)
            return None
        except aiohttp.ClientError as exc:
            label = type(exc).__name__
            self.stats.record(kind, label, time.perf_counter() - started, ok=False)
            return None
        self.stats.record(kind, reply.label, time.perf_counter() - started, ok=reply.status in ok)
        return reply

    async def log_in(self, username: str, password: str) -> bool:
        page = await self.request("GET", "/accounts/login/", "login")
        form = find_form(page.text, "password") if page else None
        if form is None:
            return False
        data = form.fields | {"login": username, "password": password}
        reply = await self.request("POST", "/accounts/login/", "login", data=data, ok=(302,))
        return reply is not None and reply.status == 302 and "sessionid" in self.cookies


# ------------------------------------------------------------------------------
# The people
# ------------------------------------------------------------------------------
@dataclass
class Run:
    """What every client shares: the plan, the clock, and what they saw."""

    plan: dict[str, Any]
    tag: str
    deadline: float
    think: float
    stats: Stats = field(default_factory=Stats)
    receipts: list[dict[str, Any]] = field(default_factory=list)
    submitted: int = 0
    posted: int = 0  # comment POSTs answered (whatever the answer): the faults wait for them
    resubmitted: int = 0
    refused: list[str] = field(default_factory=list)
    votes: dict[str, set[int]] = field(default_factory=dict)
    # Voters whose vote request got no answer: the server may or may not have applied it.
    uncertain: set[str] = field(default_factory=set)

    def over(self) -> bool:
        return time.monotonic() >= self.deadline

    async def pause(self, rng: random.Random, scale: float = 1.0) -> None:
        await asyncio.sleep(rng.uniform(0.5, 1.5) * self.think * scale)


async def member(run: Run, browser: Browser, name: str, rng: random.Random) -> None:
    """Read the open draft, open the form of a random paragraph, send a comment; repeat.

    A comment whose POST ends in a server error or a timeout is sent once more with
    the very same form, as a person seeing an error page would do.
    """
    plan = run.plan
    receipt = re.compile(plan["receipt_pattern"])
    seq = 0
    # Every member sends at least one comment, however slow the server: a run in which
    # nobody got as far as the form would prove nothing about receipts. After that, a
    # member starts no new round once the time is up.
    while seq == 0 or not run.over():
        await browser.request("GET", plan["draft_url"], "read")
        label = rng.choice(plan["paragraphs"])
        page = await browser.request("GET", f"{plan['comment_url']}?paragraph={label}", "read")
        form = find_form(page.text, "proposed_wording") if page else None
        if form is None:
            if run.over() and seq == 0:
                break  # the form never came (errors are counted); do not loop for ever
            await run.pause(rng)
            continue
        seq += 1
        text = f"{run.tag} {name} #{seq}: proszę doprecyzować zapis."
        data = form.fields | {
            "current_wording": form.fields.get("current_wording") or "Obecny zapis.",
            "proposed_wording": text,
            "justification": f"Uzasadnienie {name} {seq}.",
        }
        if not data.get("on_behalf"):
            choices = [v for v in form.options.get("on_behalf", []) if v]
            data["on_behalf"] = choices[0] if choices else ""
        run.submitted += 1
        for attempt in range(2):
            reply = await browser.request(
                "POST", plan["comment_url"], "write", data=data, ok=(302,)
            )
            if reply is not None:
                run.posted += 1
            if reply is not None and reply.status < 500:
                break
            if attempt == 0:
                run.resubmitted += 1
        if reply is not None and reply.status == 302:
            shown = await browser.request("GET", reply.location, "read")
            found = receipt.search(shown.text) if shown else None
            if found:
                pk = re.search(r"/(\d+)/?$", reply.location)
                run.receipts.append(
                    {"text": text, "receipt": found.group(0), "pk": pk and int(pk.group(1))}
                )
        elif reply is not None and reply.status == 200:
            run.stats.errors["write refused by the form"] += 1
            run.refused.append(re.sub(r"\s+", " ", reply.text)[:200])
        await run.pause(rng)


async def voter(run: Run, browser: Browser, name: str, rng: random.Random) -> None:
    """Poll the board as htmx does (every ~3 s) and move dot votes within the limit."""
    plan = run.plan
    held = run.votes.setdefault(name, set())
    items = [int(pk) for pk in plan["vote_urls"]]
    htmx = {"HX-Request": "true"}
    while not run.over():
        await browser.request("GET", plan["board_url"], "read", headers=htmx)
        if run.over():
            break
        if len(held) < plan["votes_per_member"] and (not held or rng.random() < 0.6):
            item, action = rng.choice([i for i in items if i not in held]), "vote"
        else:
            item, action = rng.choice(sorted(held)), "withdraw"
        headers = htmx | {"X-CSRFToken": browser.cookies.get("csrftoken", "")}
        reply = await browser.request(
            "POST",
            plan["vote_urls"][str(item)],
            "write",
            data={"action": action, "csrfmiddlewaretoken": browser.cookies.get("csrftoken", "")},
            headers=headers,
        )
        if reply is not None and reply.status == 200:
            # The partial shows the board after the change; a refusal leaves it as it was.
            (held.add if action == "vote" else held.discard)(item)
        elif reply is None or reply.status >= 500:
            run.uncertain.add(name)
        await run.pause(rng, scale=3.0)


async def reader(run: Run, browser: Browser, name: str, rng: random.Random) -> None:
    """An anonymous visitor reading the open draft, now and then the home page."""
    while not run.over():
        path = run.plan["draft_url"] if rng.random() < 0.8 else "/"
        await browser.request("GET", path, "read")
        await run.pause(rng, scale=2.0)
