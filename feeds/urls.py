from __future__ import annotations

from django.urls import path

from feeds.feeds import PortalFeed, ProgrammeFeed

app_name = "feeds"
urlpatterns = [
    path("feed/", PortalFeed(), name="portal"),
    path("programmes/<slug:slug>/feed/", ProgrammeFeed(), name="programme"),
]
