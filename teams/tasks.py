"""Celery tasks of teams: thin, load by pk and call a service."""

from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task


@shared_task(
    name="teams.moderator_contact_deliver",
    acks_late=True,
    autoretry_for=(SMTPException, OSError),
    retry_backoff=True,
    retry_backoff_max=600,  # below the broker's visibility timeout (docs/operations.md, "Pitfalls on our machines", item 3)
    max_retries=5,
)
def moderator_contact_deliver(
    team_pk: int, sender_name: str, sender_email: str, message: str
) -> int:
    """Send a contact-form message to the team's moderators."""
    from teams.models import SectorTeam
    from teams.services import moderator_contact_deliver as deliver

    team = SectorTeam.objects.filter(pk=team_pk).first()
    if team is None:
        return 0
    return deliver(team=team, sender_name=sender_name, sender_email=sender_email, message=message)


@shared_task(
    name="teams.invitation_deliver",
    acks_late=True,
    autoretry_for=(SMTPException, OSError),
    retry_backoff=True,
    retry_backoff_max=600,  # below the broker's visibility timeout (docs/operations.md, "Pitfalls on our machines")
    max_retries=5,
)
def invitation_deliver(invitation_pk: int) -> bool:
    """E-mail one invitation link."""
    from django.utils import timezone

    from teams.models import Invitation
    from teams.services import invitation_deliver as deliver

    invitation = (
        Invitation.objects.select_related("team__programme", "invited_by")
        .filter(pk=invitation_pk)
        .first()
    )
    if invitation is None:
        return False
    return deliver(invitation=invitation, now=timezone.now())


@shared_task(
    name="teams.representation_confirmation_send",
    acks_late=True,
    autoretry_for=(SMTPException, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
)
def representation_confirmation_send(representative_pk: int) -> bool:
    """Send the organisation the link that confirms a person speaks for it."""
    from django.utils import timezone

    from teams.models import Representative
    from teams.services import representation_confirmation_send as send

    representative = (
        Representative.objects.select_related("organisation", "user")
        .filter(pk=representative_pk)
        .first()
    )
    if representative is None:
        return False
    return send(representative=representative, now=timezone.now())


@shared_task(name="teams.render_minutes_pdf")
def render_minutes_pdf(document_pk: int) -> None:
    """Render the stored PDF of a meeting's published minutes."""
    from teams.models import MinutesPdf
    from teams.services import minutes_pdf_render

    document = MinutesPdf.objects.filter(pk=document_pk).first()
    if document is not None:
        minutes_pdf_render(document=document)
