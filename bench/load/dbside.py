"""The Django side of the load harness: prepare the accounts and data, then check the rows.

Run by the harness as a subprocess against the stack's throw-away database (so the
asyncio client never imports Django):

    python -m bench.load.dbside prepare --members 200 --voters 50 --out plan.json
    python -m bench.load.dbside verify --clients clients.json --mail mail.jsonl --out check.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

PASSWORD = "Bench-haslo-2026!"  # noqa: S105 (throw-away accounts in a throw-away database)
ITEMS = 20  # points on the SWOT board the voters vote on


def _setup() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "krakow_ngo.settings")
    import django

    django.setup()


def prepare(members: int, voters: int) -> dict[str, Any]:
    """Bench accounts in the demo cycle's team, an open SWOT board, the open draft's paragraphs.

    Expects ``seed_krakow --demo`` to have run: its current programme has a version open
    for comments. Accounts are bulk-created with confirmed e-mail addresses and a
    membership naming an organisation, so each may comment on its behalf and vote.
    """
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import MD5PasswordHasher
    from django.urls import reverse
    from django.utils import timezone

    from consultations.models import Paragraph
    from consultations.selectors import version_under_consultation
    from programmes.models import Programme
    from swot.models import SwotItem, SwotSession
    from teams.models import Meeting, Membership, Organisation, SectorTeam

    programme = Programme.objects.get(is_current=True)
    version = version_under_consultation(programme)
    if version is None:
        raise SystemExit("The current programme has no published version (seed --demo first).")
    team = SectorTeam.objects.filter(programme=programme).order_by("position", "pk").first()
    organisation = Organisation.objects.order_by("pk").first()
    if team is None or organisation is None:
        raise SystemExit("The seed has no team or organisation.")

    # One hash for everyone (bench.settings prefers MD5 for these accounts): hashing
    # 250 passwords with PBKDF2 would take minutes, and logging in is not measured.
    encoded = MD5PasswordHasher().encode(PASSWORD, MD5PasswordHasher().salt())
    user_model = get_user_model()
    names = [f"bench-member-{i:04d}" for i in range(members)]
    names += [f"bench-voter-{i:04d}" for i in range(voters)]
    users = user_model.objects.bulk_create(
        user_model(username=n, email=f"{n}@example.org", password=encoded, first_name="Bench")
        for n in names
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users
    )
    Membership.objects.bulk_create(
        Membership(user=u, team=team, organisation=organisation) for u in users
    )

    now = timezone.now()
    meeting = Meeting.objects.create(
        team=team, title="Spotkanie (pomiar obciążenia)", starts_at=now - dt.timedelta(hours=1)
    )
    session = SwotSession.objects.create(
        meeting=meeting,
        topic="Tablica SWOT (pomiar obciążenia)",
        opens_at=now - dt.timedelta(hours=1),
        closes_at=now + dt.timedelta(days=1),
    )
    items = SwotItem.objects.bulk_create(
        SwotItem(session=session, quadrant="SWOT"[i % 4], text=f"Punkt {i + 1}", position=i)
        for i in range(ITEMS)
    )
    paragraphs = Paragraph.objects.filter(section__version=version, is_heading=False)
    labels = [f"{p.section.position}-{p.number}" for p in paragraphs.select_related("section")]
    slug, number = programme.slug, version.number
    return {
        "programme": slug,
        "draft_url": version.get_absolute_url(),
        "comment_url": reverse("consultations:comment_create", args=[slug, number]),
        # Comment.receipt_number: "<SLUG>/<version>/<number>"
        "receipt_pattern": re.escape(f"{slug.upper()}/{number}/") + r"\d+",
        "paragraphs": labels,
        "password": PASSWORD,
        "members": names[:members],
        "voters": names[members:],
        "board_url": reverse("swot:board_items", args=[session.pk]),
        "vote_urls": {str(i.pk): reverse("swot:item_vote", args=[i.pk]) for i in items},
        "votes_per_member": session.votes_per_member,
        "session": session.pk,
    }


def verify(clients: dict[str, Any], mail_log: Path) -> dict[str, Any]:
    """Receipts the clients saw against the rows; e-mails against the rows; votes against both.

    * lost: a receipt shown to a client with no row of that number and text;
    * duplicated: a text stored more than once (every submission's text is unique), or
      one receipt number shown for two different texts;
    * stored without a receipt: rows whose author never saw the receipt (an error page
      after the commit) — not lost, but the person does not know it was kept;
    * e-mails: each stored comment's receipt e-mail accepted by the SMTP server exactly once.
    """
    from consultations.models import Comment
    from swot.models import SwotVote

    tag = clients["tag"]
    rows = list(
        Comment.objects.filter(proposed_wording__startswith=tag)
        .select_related("version__programme")
        .order_by("number")
    )
    by_text: dict[str, list[Comment]] = defaultdict(list)
    for row in rows:
        by_text[row.proposed_wording].append(row)
    by_receipt = {row.receipt_number: row for row in rows}

    lost = [
        r
        for r in clients["receipts"]
        if r["receipt"] not in by_receipt or by_receipt[r["receipt"]].proposed_wording != r["text"]
    ]
    shown_for = defaultdict(set)
    for r in clients["receipts"]:
        shown_for[r["receipt"]].add(r["text"])
    duplicated_texts = {text: len(found) for text, found in by_text.items() if len(found) > 1}
    duplicated_receipts = [number for number, texts in shown_for.items() if len(texts) > 1]
    seen = {r["text"] for r in clients["receipts"]}
    without_receipt = [row.receipt_number for row in rows if row.proposed_wording not in seen]

    mails: Counter[str] = Counter()
    pattern = re.compile(clients["receipt_pattern"])
    if mail_log.exists():
        for line in mail_log.read_text(encoding="utf-8").splitlines():
            found = pattern.search(json.loads(line)["subject"]) if line.strip() else None
            if found:
                mails[found.group(0)] += 1
    stored = set(by_receipt)
    mail_missing = sorted(n for n in stored if mails[n] == 0)
    mail_duplicated = sorted(n for n in stored if mails[n] > 1)

    votes = Counter(
        (voter, item)
        for voter, item in SwotVote.objects.filter(item__session=clients["session"]).values_list(
            "voter__username", "item_id"
        )
    )
    per_voter: dict[str, set[int]] = defaultdict(set)
    for voter, item in votes:
        per_voter[voter].add(item)
    believed = {name: set(items) for name, items in clients["votes"].items()}
    vote_mismatch = sorted(
        name
        for name in set(believed) | set(per_voter)
        if believed.get(name) != per_voter[name] and name not in clients["uncertain"]
    )
    return {
        "receipts": len(clients["receipts"]),
        "rows": len(rows),
        "lost": len(lost),
        "lost_examples": [r["receipt"] for r in lost[:5]],
        "duplicated": sum(n - 1 for n in duplicated_texts.values()) + len(duplicated_receipts),
        "stored_without_receipt": len(without_receipt),
        "receipt_not_yet_sent": sum(1 for row in rows if row.receipt_sent_at is None),
        "mails_received": sum(mails.values()),
        "mails_missing": len(mail_missing),
        "mails_duplicated": len(mail_duplicated),
        "votes": sum(votes.values()),
        "votes_duplicated": sum(n - 1 for n in votes.values() if n > 1),
        "voters_over_limit": sum(
            1 for items in per_voter.values() if len(items) > clients["votes_per_member"]
        ),
        "voters_mismatched": len(vote_mismatch),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["prepare", "verify"])
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--voters", type=int, default=50)
    parser.add_argument("--clients", type=Path, help="verify: what the clients saw (JSON)")
    parser.add_argument("--mail", type=Path, help="verify: the SMTP sink's JSON lines")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    _setup()
    if args.command == "prepare":
        result = prepare(args.members, args.voters)
    else:
        result = verify(json.loads(args.clients.read_text()), args.mail)
    args.out.write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
