"""What implementation puts into lower apps' pages (core.hooks places)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from implementation import selectors


def programme_page(*, request: Any, programme: Any) -> str:
    """On the programme page: when the next report is due and whether it came on time."""
    from consultations.models import Adoption

    if not Adoption.objects.filter(programme=programme).exists():
        return ""
    status = selectors.next_report_due(programme, today=timezone.localdate())
    return render_to_string(
        "implementation/includes/programme_report_status.html",
        {"programme": programme, "status": status, "today": timezone.localdate()},
        request=request,
    )


def swot_board(*, request: Any, team: Any) -> str:
    """On a SWOT board of the next programme: what the last report showed."""
    feedback = selectors.team_feedback(team)
    if feedback is None:
        return ""
    return render_to_string(
        "implementation/includes/last_report_panel.html", {"feedback": feedback}, request=request
    )
