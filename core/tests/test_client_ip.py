"""core.http.client_ip: X-Forwarded-For honoured for exactly TRUSTED_PROXY_COUNT proxies."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from core.http import client_ip
from core.mail import header_safe
from core.ratelimit import Rate


def _request(remote: str = "10.0.0.1", xff: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("count", "remote", "xff", "expected"),
    [
        # No trusted proxy: the header is whatever the client wrote, ignored.
        (0, "198.51.100.7", "203.0.113.9", "198.51.100.7"),
        (0, "198.51.100.7", None, "198.51.100.7"),
        # One proxy: it appended the address it saw; the leftmost entries are the client's own words.
        (1, "10.0.0.1", "198.51.100.7", "198.51.100.7"),
        (1, "10.0.0.1", "1.2.3.4, 198.51.100.7", "198.51.100.7"),
        (1, "10.0.0.1", "1.2.3.4,5.6.7.8 , 198.51.100.7", "198.51.100.7"),
        # Two proxies: the outer one wrote the client, the inner one the outer proxy.
        (2, "10.0.0.2", "1.2.3.4, 198.51.100.7, 10.0.0.1", "198.51.100.7"),
        # Fewer entries than proxies: the request skipped one; only REMOTE_ADDR is sure.
        (2, "10.0.0.2", "198.51.100.7", "10.0.0.2"),
        (1, "10.0.0.1", None, "10.0.0.1"),
        (1, "10.0.0.1", "", "10.0.0.1"),
        # Not an address: never a key someone can choose freely.
        (1, "10.0.0.1", "1.2.3.4, <script>", "10.0.0.1"),
        # Ports and IPv6 brackets, canonical form.
        (1, "10.0.0.1", "198.51.100.7:4711", "198.51.100.7"),
        (1, "10.0.0.1", "[2001:DB8::1]:443", "2001:db8::1"),
        (1, "10.0.0.1", "2001:db8:0:0::1", "2001:db8::1"),
    ],
)
def test_the_client_is_the_entry_the_outermost_trusted_proxy_wrote(
    settings, count, remote, xff, expected
):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_ip(_request(remote, xff)) == expected


def test_a_missing_remote_address_is_one_shared_key(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/")
    request.META.pop("REMOTE_ADDR", None)
    assert client_ip(request) == "0.0.0.0"  # noqa: S104 - a key, not a bind address


@pytest.mark.parametrize(
    ("typed", "safe"),
    [
        ("Jan Kowalski", "Jan Kowalski"),
        ("Jan\r\nBcc: all@example.org", "Jan"),
        ("Jan\nTo: x@example.org\nCC: y@example.org\nKowalski", "Jan Kowalski"),
        ("Jan\u2028bcc:x@example.org", "Jan"),
        ("Bcc: x@example.org", ""),
        ("  Anna \t Nowak  ", "Anna Nowak"),
        ("Fundacja „Razem”: Pomoc", "Fundacja „Razem”: Pomoc"),
    ],
)
def test_names_put_in_mail_are_one_line_without_header_lines(typed, safe):
    assert header_safe(typed) == safe


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("5/h", Rate(5, 3600)),
        ("10/m", Rate(10, 60)),
        ("3/10m", Rate(3, 600)),
        ("20/600s", Rate(20, 600)),
    ],
)
def test_rates_read_like_allauths(text, rate):
    assert Rate.parse(text) == rate


@pytest.mark.parametrize("text", ["", "5", "0/h", "5/w", "x/h"])
def test_a_malformed_rate_is_refused(text):
    with pytest.raises(ValueError, match="Not a rate"):
        Rate.parse(text)
