from __future__ import annotations

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from krakow_ngo import views
from opendata.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("health/", views.health, name="health"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("", include("teams.urls")),
    path("", include("swot.urls")),
    path("", include("consultations.urls")),
    path("", include("implementation.urls")),
    path("", include("reminders.urls")),
    path("", include("search.urls")),
    path("", include("feeds.urls")),
    path("api/v1/", api.urls),
    path("", include("personal_data.urls")),
    path("", include("grouping.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Static pages that need no database; a database outage answers 503, other errors 500
# (docs/operations.md, "Error pages"). allauth's rate limits answer through handler429.
handler500 = "core.errors.server_error"
handler429 = "core.ratelimit.too_many_requests"
