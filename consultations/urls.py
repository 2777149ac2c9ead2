from __future__ import annotations

from django.urls import path

from consultations import views

app_name = "consultations"

urlpatterns = [
    path("", views.home, name="home"),
    path("programmes/<slug:slug>/", views.programme_detail, name="programme_detail"),
    path(
        "programmes/<slug:slug>/deadlines.ics",
        views.programme_deadlines_ics,
        name="programme_deadlines_ics",
    ),
    path("me/reminders/", views.reminder_preferences, name="reminder_preferences"),
    path(
        "reminders/unsubscribe/<str:token>/",
        views.reminder_unsubscribe,
        name="reminder_unsubscribe",
    ),
]
