from __future__ import annotations

from django.urls import path

from consultations import views

app_name = "consultations"

urlpatterns = [
    path("", views.home, name="home"),
    path("programmes/<slug:slug>/", views.programme_detail, name="programme_detail"),
    path("programmes/<slug:slug>/drafts/<int:number>/pdf/", views.draft_pdf, name="draft_pdf"),
    path(
        "programmes/<slug:slug>/drafts/<int:number>/diff/<int:other>/",
        views.draft_diff,
        name="draft_diff",
    ),
    path("programmes/<slug:slug>/report/pdf/", views.report_pdf, name="report_pdf"),
]
