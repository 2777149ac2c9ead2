from __future__ import annotations

from django.urls import path

from reminders import views

app_name = "reminders"

urlpatterns = [
    path(
        "programmes/<slug:slug>/deadlines.ics",
        views.programme_deadlines_ics,
        name="programme_deadlines_ics",
    ),
    path("me/reminders/", views.reminder_preferences, name="preferences"),
    path("reminders/unsubscribe/<str:token>/", views.reminder_unsubscribe, name="unsubscribe"),
]
