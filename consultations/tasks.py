"""Celery tasks of the consultation: load by pk, call a service."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone


@shared_task
def comment_receipt_send(comment_pk: int) -> bool:
    """E-mail the author the receipt of their comment."""
    from consultations.models import Comment
    from consultations.services import comment_receipt_send as send

    comment = (
        Comment.objects.select_related(
            "version__programme", "author", "organisation", "paragraph__section"
        )
        .filter(pk=comment_pk)
        .first()
    )
    if comment is None:
        return False
    return send(comment=comment, now=timezone.now())
