"""How the benchmarks read their instruments and judge the targets (no server needed)."""

from __future__ import annotations

import pytest

from bench.load.clients import find_form, percentile
from bench.page_curve import _pooled, parse_wrk
from bench.run import render, table

WRK_OUTPUT = """Running 15s test @ http://127.0.0.1:38999/programmes/x/drafts/1/
  2 threads and 200 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     4.39ms    4.49ms  43.96ms   88.72%
    Req/Sec   773.76    224.53     1.53k    80.95%
  Latency Distribution
     50%    2.54ms
     75%    6.21ms
     90%    1.49s
     99%   22.44us
  1622 requests in 1.09s, 823.85KB read
  Socket errors: connect 3, read 0, write 0, timeout 17
  Non-2xx or 3xx responses: 12
Requests/sec:   1492.47
Transfer/sec:    758.06KB
"""


def test_wrk_summary_is_read_with_its_units():
    figures = parse_wrk(WRK_OUTPUT)
    assert figures["rps"] == pytest.approx(1492.47)
    assert figures["requests"] == 1622
    assert figures["timeouts"] == 17
    assert figures["connect_errors"] == 3
    assert figures["non_2xx_3xx"] == 12
    assert figures["p50_s"] == pytest.approx(0.00254)
    assert figures["p90_s"] == pytest.approx(1.49)
    assert figures["p99_s"] == pytest.approx(22.44e-6)


def test_turns_are_pooled_as_answered_requests_over_the_whole_time():
    runs = [
        {"rps": 100.0, "requests": 300, "timeouts": 0, "non_2xx_3xx": 1},
        {"rps": 200.0, "requests": 600, "timeouts": 2, "non_2xx_3xx": 0},
    ]
    pooled = _pooled(runs, 3.0)
    assert pooled["requests"] == 900
    assert pooled["rps"] == 150.0  # 900 in 6 s, not the mean of rates of unequal turns
    assert pooled["rps_slices"] == [100.0, 200.0]
    assert (pooled["timeouts"], pooled["non_2xx_3xx"]) == (2, 1)


def test_percentiles_are_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50
    assert percentile(values, 95) == 95
    assert percentile(values, 99) == 99
    assert percentile([3.0], 99) == 3.0
    assert percentile([], 99) == 0.0


def test_the_comment_form_is_read_with_hidden_fields_and_the_selected_option():
    html = """
    <form action="/search/"><input name="q"></form>
    <form method="post" action="/programmes/p/drafts/1/comment/">
      <input type="hidden" name="csrfmiddlewaretoken" value="abc">
      <input type="hidden" name="token" value="t-1">
      <select name="paragraph"><option value="">—</option>
        <option value="7" selected>1.2</option></select>
      <textarea name="current_wording">Obecny</textarea>
      <textarea name="proposed_wording"></textarea>
      <select name="on_behalf"><option value="">— choose —</option>
        <option value="org-3">Fundacja</option></select>
      <input type="checkbox" name="consent">
      <button type="submit">Send</button>
    </form>"""
    form = find_form(html, "proposed_wording")
    assert form is not None
    assert form.action == "/programmes/p/drafts/1/comment/"
    assert form.fields["csrfmiddlewaretoken"] == "abc"
    assert form.fields["token"] == "t-1"
    assert form.fields["paragraph"] == "7"
    assert form.options["on_behalf"] == ["", "org-3"]
    assert "consent" not in form.fields  # an unticked box is not sent
    assert find_form(html, "password") is None


def _load(lost: int = 0, errors: dict | None = None) -> dict:
    return {
        "exit_code": 0,
        "figures": {
            "requests": 100,
            "errors": errors or {},
            "error_count": sum((errors or {}).values()),
            "read": {"p50_ms": 10.0, "p95_ms": 100.0, "p99_ms": 200.0},
            "write": {"p50_ms": 20.0, "p95_ms": 250.0, "p99_ms": 400.0},
            "write_p95_over_read_p95": 2.5,
            "check": {
                "receipts": 10,
                "rows": 10,
                "lost": lost,
                "duplicated": 0,
                "mails_missing": 0,
                "mails_duplicated": 0,
                "voters_over_limit": 0,
                "votes_duplicated": 0,
                "voters_mismatched": 0,
            },
        },
    }


def test_the_table_marks_each_target_met_or_not():
    page = {
        "paragraphs": 60,
        "comments": 2000,
        "page_rps": 900.0,
        "hello_rps": 1000.0,
        "ratio": 0.9,
        "first_request_ms": 600.0,
        "bytes": 200_000,
        "non_2xx": 0,
        "queries_anonymous": 3,
        "queries_member": 6,
    }
    results = {
        "page_curve": {"exit_code": 0, "figures": {"pages": [page]}},
        "load": _load(),
        "load_faults": _load(lost=2, errors={"write 500": 3}),
    }
    rows = {figure: met for figure, _measured, _target, met in table(results)}
    assert rows["anonymous draft 60/2,000 ÷ hello (900.0 / 1000 req/s)"] is True
    assert rows["first request 60/2,000"] is False  # 600 ms > 488 ms of issue 15
    assert rows["page weight 60/2,000"] is False
    assert rows["queries anonymous / member, every size"] is True
    assert rows["load harness: receipts 10 vs rows 10"] is True
    assert rows["load harness, Redis down + worker killed: receipts 10 vs rows 10"] is False
    assert rows["load harness, Redis down + worker killed: requests 100, errors"] is False
    assert "**not met**" in render(table(results))
