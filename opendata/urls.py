from __future__ import annotations

from django.urls import path

from opendata import views

app_name = "opendata"

urlpatterns = [
    path("opendata/<slug:slug>/<str:filename>", views.dump_file, name="dump_file"),
]
