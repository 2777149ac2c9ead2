from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from core import views as core_views
from krakow_ngo import views
from opendata.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("health/", views.health, name="health"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    # The SWOT board's partial before everything: the most frequent request of all (every
    # member at a board polls it every 3 s), and with nothing changed it answers 304 in
    # far less time than the 70 failed patterns it used to wait behind. swot/urls.py keeps
    # what it puts in front of the drafts down to a few prefixes.
    path("", include("swot.urls")),
    # The drafts next: the page most read (the resolver tries patterns in order, and a
    # kept draft answers in about a millisecond, so 40 µs of regexes showed).
    path("", include("consultations.urls")),
    path("", include("teams.urls")),
    path("", include("implementation.urls")),
    path("", include("reminders.urls")),
    path("", include("search.urls")),
    path("", include("feeds.urls")),
    path("api/v1/", api.urls),
    path("", include("opendata.urls")),
    path("", include("personal_data.urls")),
    path("", include("grouping.urls")),
    # What storage.url() points at (admin links); readers download through the views
    # that check publication (docs/operations.md, "Stored files").
    path(
        f"{settings.MEDIA_URL.strip('/')}/<path:name>", core_views.stored_file, name="stored_file"
    ),
]

# Static pages that need no database; a database outage answers 503, other errors 500
# (docs/operations.md, "Error pages"). allauth's rate limits answer through handler429.
handler500 = "core.errors.server_error"
handler429 = "core.ratelimit.too_many_requests"
