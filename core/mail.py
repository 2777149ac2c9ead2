"""One helper for every e-mail: ``templates/emails/<name>-{subject,body}.txt``, ``-body.html``."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

# Every character Python's str.splitlines() breaks on, so no mail reader sees a new line.
_LINE_BREAKS = re.compile(r"[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")
# Lines that a reader (or a naive mail tool) would take for a header.
_HEADER_LIKE = re.compile(
    r"^\s*(?:to|cc|bcc|from|sender|reply-to|subject|return-path|content-[a-z-]*|"
    r"mime-version|x-[a-z0-9-]*)\s*:",
    re.IGNORECASE,
)


def header_safe(value: object, max_length: int = 200) -> str:
    """A name or subject that people typed, made safe to put in a mail's headers or body.

    One line: line breaks become spaces, and a line that looks like a header ("Bcc: ...")
    is dropped, so nobody can add recipients or fake header lines to what the portal sends
    (issue: CR/LF in the contact form's name).
    """
    lines = [line.strip() for line in _LINE_BREAKS.split(str(value))]
    kept = [line for line in lines if line and not _HEADER_LIKE.match(line)]
    return " ".join(" ".join(kept).split())[:max_length]


def send_templated_email(name: str, context: Mapping[str, Any], *, to: Sequence[str]) -> None:
    """Render the subject, text and HTML body of ``name`` and send them."""
    ctx = {"SITE_URL": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"emails/{name}-subject.txt", ctx).split())
    body = render_to_string(f"emails/{name}-body.txt", ctx)
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, list(to))
    message.attach_alternative(render_to_string(f"emails/{name}-body.html", ctx), "text/html")
    message.send()
