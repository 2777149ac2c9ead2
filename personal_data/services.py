"""Erasure of a person's data (RODO art. 17) while the public record stays whole.

What stays: the user row, anonymised, because comments (a legal consultation record),
SWOT items, votes and attendance point to it: the report keeps each comment attributed
to its confirmed organisation or to "osoba fizyczna", and votes keep counting.
What goes: names, e-mail addresses, memberships, representations, reminder preferences
and deliveries, login-attempt records, and the names in the admin's change log.
docs/personal-data.md lists it all.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from allauth.account.models import EmailAddress
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from consultations.services import comments_author_erased
from core.people import erased_username
from personal_data.models import Erasure
from personal_data.selectors import login_names
from reminders.models import ReminderDelivery, ReminderPreferences
from teams.models import Membership, Representative
from teams.rules import is_coordinator


@transaction.atomic
def account_erase(
    *, user: Any, by: Any, reason: str = "", now: dt.datetime | None = None
) -> Erasure:
    """Erase a person's data; the person themself, or a coordinator with a reason."""
    own = by.pk == user.pk
    if not own and not is_coordinator(by):
        raise PermissionDenied
    if not own and not reason.strip():
        raise ValueError("a coordinator erases an account only with the request's reason")
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    identifiers = {
        v for v in (user.username, user.email, user.first_name, user.last_name) if v and len(v) >= 3
    } | set(EmailAddress.objects.filter(user=user).values_list("email", flat=True))

    # Every name axes recorded the logins under (username or address), before they go.
    old_names = login_names(user)
    # Before the representations and memberships that confirm an organisation go.
    comments_author_erased(user=user, by=None if own else by, now=now or timezone.now())
    EmailAddress.objects.filter(user=user).delete()
    Membership.objects.filter(user=user).delete()
    Representative.objects.filter(user=user).delete()
    ReminderPreferences.objects.filter(user=user).delete()
    ReminderDelivery.objects.filter(user=user).delete()
    AccessAttempt.objects.filter(username__in=old_names).delete()
    AccessLog.objects.filter(username__in=old_names).delete()
    AccessFailureLog.objects.filter(username__in=old_names).delete()
    # The admin's change log names objects by their __str__ (a membership, the user).
    label = erased_username(user.pk)
    names = Q()
    for value in identifiers:
        names |= Q(object_repr__icontains=value) | Q(change_message__icontains=value)
    if identifiers:
        LogEntry.objects.filter(names).update(object_repr=label, change_message="")

    user.username = label
    user.first_name = ""
    user.last_name = ""
    user.email = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()  # also ends every session (the session hash changes)
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    return Erasure.objects.create(
        user=user,
        erased_by=None if own else by,
        at_own_request=own,
        reason=reason.strip()[:2000],
        erased_at=now or timezone.now(),
    )
