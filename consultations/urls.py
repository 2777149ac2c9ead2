from __future__ import annotations

from django.urls import path

from consultations import views

app_name = "consultations"

urlpatterns = [
    path("", views.home, name="home"),
    path("programmes/<slug:slug>/", views.programme_detail, name="programme_detail"),
]
