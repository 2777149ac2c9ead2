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
    path(
        "programmes/<slug:slug>/adoption/opinion.pdf",
        views.adoption_opinion_pdf,
        name="adoption_opinion_pdf",
    ),
    path("programmes/<slug:slug>/report/pdf/", views.report_pdf, name="report_pdf"),
    path("drafts/", views.current_drafts, name="current_drafts"),
    path("programmes/<slug:slug>/drafts/", views.draft_list, name="draft_list"),
    path("programmes/<slug:slug>/drafts/<int:number>/", views.draft_detail, name="draft_detail"),
    path(
        "programmes/<slug:slug>/drafts/<int:number>/comment/",
        views.comment_create,
        name="comment_create",
    ),
    path("programmes/<slug:slug>/report/", views.report, name="report"),
    path("programmes/<slug:slug>/report/csv/", views.report_csv, name="report_csv"),
    path("programmes/<slug:slug>/report/xlsx/", views.report_xlsx, name="report_xlsx"),
    path("me/comments/", views.my_comments, name="my_comments"),
    path("me/comments/<int:pk>/", views.my_comment, name="my_comment"),
    path("me/comments/<int:pk>/edit/", views.comment_edit, name="comment_edit"),
    path("me/comments/<int:pk>/withdraw/", views.comment_withdraw, name="comment_withdraw"),
]
