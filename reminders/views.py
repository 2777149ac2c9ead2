"""Reminder pages: a person's choices, one-click unsubscribe, the deadlines calendar."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from programmes.models import Programme
from reminders import selectors, services
from reminders.forms import ReminderPreferencesForm
from reminders.models import ReminderKind
from reminders.tokens import read_unsubscribe_token


@login_required
def reminder_preferences(request: HttpRequest) -> HttpResponse:
    """Each person switches each kind of reminder on or off (people decide what they are reminded of)."""
    prefs = services.reminder_preferences_for(request.user)
    form = ReminderPreferencesForm(request.POST or None, instance=prefs)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your reminder settings are saved."))
        return redirect("reminders:preferences")
    return render(
        request,
        "reminders/preferences.html",
        {"form": form, "offsets": selectors.active_offsets()},
    )


@csrf_exempt  # RFC 8058 one-click: mail clients POST without our CSRF cookie
def reminder_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Signed link from an e-mail: GET asks to confirm, POST switches that kind off."""
    try:
        user_id, kind = read_unsubscribe_token(token)
    except (signing.BadSignature, KeyError, ValueError):
        return render(request, "reminders/unsubscribe.html", {"invalid": True}, status=400)
    user = get_object_or_404(get_user_model(), pk=user_id)
    done = False
    if request.method == "POST":
        services.reminder_preferences_unsubscribe(user_id=user.pk, kind=kind)
        done = True
    return render(
        request,
        "reminders/unsubscribe.html",
        {"kind_label": ReminderKind(kind).label, "done": done, "token": token},
    )


def programme_deadlines_ics(request: HttpRequest, slug: str) -> HttpResponse:
    """Every phase end and the adoption deadline as an iCalendar feed."""
    programme = get_object_or_404(Programme, slug=slug)
    body = selectors.programme_deadlines_ical(programme, site_url=settings.SITE_URL)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{programme.slug}-deadlines.ics"'
    return response
