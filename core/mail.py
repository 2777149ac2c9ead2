"""One helper for every e-mail: ``templates/emails/<name>-{subject,body}.txt``, ``-body.html``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def send_templated_email(name: str, context: Mapping[str, Any], *, to: Sequence[str]) -> None:
    """Render the subject, text and HTML body of ``name`` and send them."""
    ctx = {"SITE_URL": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"emails/{name}-subject.txt", ctx).split())
    body = render_to_string(f"emails/{name}-body.txt", ctx)
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, list(to))
    message.attach_alternative(render_to_string(f"emails/{name}-body.html", ctx), "text/html")
    message.send()
