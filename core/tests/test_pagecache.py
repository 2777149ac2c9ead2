"""How a kept response is put together per request (core.pagecache, docs/architecture.md,
"Caching"): the reader's own nonce and token go in at the markers, and the large pieces of
the kept body are sent as they are, without a copy."""

from __future__ import annotations

from django.middleware.csrf import _does_token_match
from django.test import RequestFactory

from core import pagecache


def _entry(body: bytes) -> dict:
    return {
        "body": body,
        "nonce": pagecache._NONCE in body,
        "csrf": pagecache._CSRF in body,
        "headers": [("ETag", '"x"')],
    }


def _request():
    request = RequestFactory().get("/")
    request.csp_nonce = "n0nce"
    return request


def test_the_markers_are_filled_and_the_large_piece_is_sent_without_a_copy():
    document = b"<p>" + b"a" * 100_000 + b"</p>"
    body = (
        b'<script nonce="'
        + pagecache._NONCE
        + b'"></script>'
        + document
        + b'<input name="csrfmiddlewaretoken" value="'
        + pagecache._CSRF
        + b'">'
    )
    entry = _entry(body)
    request = _request()
    response = pagecache._from_entry(request, entry)
    field = response.content.partition(b'csrfmiddlewaretoken" value="')[2]
    token = field.partition(b'"')[0]
    assert token
    assert _does_token_match(token.decode(), request.META["CSRF_COOKIE"])  # this reader's
    assert response.content == body.replace(pagecache._NONCE, b"n0nce").replace(
        pagecache._CSRF, token
    )
    assert int(response["Content-Length"]) == len(response.content)
    chunks = list(response)
    assert len(chunks) == 3  # the small head, the document, the small tail
    # The document is the very piece this process split off once: no copy per request.
    assert chunks[1] is pagecache._pieces(entry)[2]
    assert pagecache._from_entry(_request(), entry).content.count(b"n0nce") == 1


def test_a_body_without_markers_is_one_chunk():
    entry = _entry(b"<p>plain</p>")
    response = pagecache._from_entry(_request(), entry)
    assert list(response) == [b"<p>plain</p>"]
    assert response["Content-Length"] == "12"
