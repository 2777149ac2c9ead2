"""The Django side of the page benchmarks (bench/page_curve.py), run against the stack's database.

python -m bench.page_data build --sizes 10x0,60x2000 --recipients 1000 --out data.json
python -m bench.page_data kick --version 12 --out kick.json      # PDF render + reminders
python -m bench.page_data pdf --version 12 --out pdf.json        # has the render finished?
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BOARD_ITEMS = 30


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "krakow_ngo.settings")
    import django

    django.setup()


def _session_cookie(user: Any) -> str:
    """A logged-in session, stored where the web processes look for it, as a Cookie header."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def _queries(client: Any, url: str) -> int:
    """Queries of the second request (the first warms whatever a page caches)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return len(ctx.captured_queries)


def build(sizes: list[tuple[int, int]], recipients: int) -> dict[str, Any]:
    """The draft documents of the curve, a member with a session, an open board, recipients."""
    from allauth.account.models import EmailAddress
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from bench.reminders_throughput import _create_recipients
    from consultations.tests.test_draft_page import _document
    from swot.tests.factories import SwotItemFactory, SwotSessionFactory
    from teams.tests.factories import MeetingFactory, MembershipFactory

    membership: Any = MembershipFactory()
    user = membership.user
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    member = Client()
    member.force_login(user)
    pages = []
    for paragraphs, comments in sizes:
        version = _document(paragraphs, comments)
        url = version.get_absolute_url()
        pages.append(
            {
                "paragraphs": paragraphs,
                "comments": comments,
                "url": url,
                "version": version.pk,
                "queries_anonymous": _queries(Client(), url),
                "queries_member": _queries(member, url),
            }
        )
    now = timezone.now()
    session: Any = SwotSessionFactory(
        meeting=MeetingFactory(team=membership.team),
        opens_at=now - dt.timedelta(hours=1),
        closes_at=now + dt.timedelta(days=1),
    )
    for i in range(BOARD_ITEMS):
        SwotItemFactory(session=session, quadrant="SWOT"[i % 4])
    if recipients:
        _create_recipients(recipients)
    # A document of its own for warming the web processes up (templates compiled, URLs
    # and translations loaded): a server is warm when a version is published.
    warmup = _document(10, 0)
    # Then "publish" every page of the curve again: counting queries above rendered and
    # kept them, and the curve's first request must be a first render, as after a
    # publication (docs/architecture.md, "Caching").
    from core import revisions

    revisions.bump(*(revisions.programme_scope(p.programme_id) for p in _versions(pages)))
    return {
        "warmup_url": warmup.get_absolute_url(),
        "pages": pages,
        "member_cookie": _session_cookie(user),
        "board_url": reverse("swot:board_items", args=[session.pk]),
        "recipients": recipients,
    }


def _versions(pages: list[dict[str, Any]]) -> list[Any]:
    from consultations.models import DraftVersion

    return list(DraftVersion.objects.filter(pk__in=[page["version"] for page in pages]))


def kick(version_pk: int) -> dict[str, Any]:
    """Start what competes with readers: a PDF render and the daily reminder pass (worker)."""
    from django.utils import timezone

    from consultations.models import DraftVersion
    from consultations.services import pdf_request
    from reminders.services import reminders_send_due

    version = DraftVersion.objects.select_related("programme").get(pk=version_pk)
    pdf_request(programme=version.programme, version=version)
    result = reminders_send_due(now=timezone.now())
    return {"reminders": str(result)}


def pdf_state(version_pk: int) -> dict[str, Any]:
    from consultations.models import RenderedPdf

    document = RenderedPdf.objects.filter(version_id=version_pk).first()
    return {"ready": bool(document and document.is_ready)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["build", "kick", "pdf"])
    parser.add_argument("--sizes", default="10x0", help="paragraphs x comments, comma-separated")
    parser.add_argument("--recipients", type=int, default=0)
    parser.add_argument("--version", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    _setup()
    if args.command == "build":
        sizes = [tuple(int(x) for x in s.split("x")) for s in args.sizes.split(",")]
        result = build([(n, m) for n, m in sizes], args.recipients)
    elif args.command == "kick":
        result = kick(args.version)
    else:
        result = pdf_state(args.version)
    args.out.write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
