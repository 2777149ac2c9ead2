"""/me/data/ (export) and /me/delete/ (erasure); a coordinator's erasure on request."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from personal_data import selectors, services
from personal_data.forms import DeleteAccountForm, EraseForm
from teams.rules import is_coordinator


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """Everything about me, readable; ``?format=json`` downloads the same as a file."""
    data = selectors.personal_data(request.user)
    if request.GET.get("format") == "json":
        response = HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="moje-dane.json"'
        response["Cache-Control"] = "no-store"
        return response
    response = render(request, "personal_data/my_data.html", {"data": data})
    response["Cache-Control"] = "no-store"
    return response


@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.account_erase(user=request.user, by=request.user)
        logout(request)
        messages.success(request, _("Your account and your personal data have been erased."))
        return redirect("consultations:home")
    return render(
        request,
        "personal_data/delete.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
def erase_on_request(request: HttpRequest, pk: int) -> HttpResponse:
    """A coordinator erases an account at the person's written request (recorded)."""
    if not is_coordinator(request.user):
        raise PermissionDenied
    person = get_object_or_404(get_user_model(), pk=pk)
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.account_erase(user=person, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("The account's personal data have been erased."))
        return redirect("admin:index")
    return render(
        request,
        "personal_data/erase.html",
        {"form": form, "person": person},
        status=400 if form.is_bound else 200,
    )
