from __future__ import annotations

from django.urls import path

from teams import views

app_name = "teams"

urlpatterns = [
    path("teams/<slug:slug>/", views.team_detail, name="team_detail"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("me/organisation/", views.organisation_statement, name="organisation_statement"),
]
