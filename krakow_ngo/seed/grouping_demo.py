"""Generated comments on a version (the demo's 2,000, the benchmark's), from the seed's set.

Comments are written straight to the table (bulk_create), not through comment_submit:
they are fabricated demo data, so no receipt is mailed and the phase is not checked.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Max

from consultations.models import Comment, DraftVersion, Paragraph
from core import revisions
from teams.models import Organisation


@transaction.atomic
def comments_generate(
    *, version: DraftVersion, n: int, author: Any, starts: dt.datetime, days: int = 7
) -> list[Comment]:
    """Add ``n`` generated comments (krakow_ngo/seed/synthetic.py) on ``version``.

    Paragraphs are found by (section position, paragraph number); one the version
    lacks gets the comment on the whole document. Organisations are the existing ones.
    """
    from krakow_ngo.seed.synthetic import generate

    organisations = list(Organisation.objects.order_by("pk"))
    paragraphs = {
        (p.section.position, p.number): p
        for p in Paragraph.objects.filter(section__version=version).select_related("section")
    }
    start = (Comment.objects.filter(version=version).aggregate(m=Max("number"))["m"] or 0) + 1
    items = generate(n, organisations=[o.name for o in organisations] or None)
    comments = []
    for i, item in enumerate(items):
        organisation = (
            organisations[item.organisation % len(organisations)] if organisations else None
        )
        comments.append(
            Comment(
                version=version,
                paragraph=paragraphs.get(item.part),
                number=start + i,
                author=author,
                organisation=organisation,
                capacity=Comment.Capacity.ORGANISATION if organisation else Comment.Capacity.EXPERT,
                proposed_wording=item.proposed,
                justification=item.justification or "—",
                submitted_at=starts + dt.timedelta(minutes=(i * days * 24 * 60) // max(n, 1)),
            )
        )
    created = Comment.objects.bulk_create(comments, batch_size=500)
    # bulk_create skips the services, which give the programme's cached pages a new
    # revision (docs/architecture.md, "Caching"): without it they would not show these.
    revisions.bump(revisions.programme_scope(version.programme_id))
    return created
