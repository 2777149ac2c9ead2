from __future__ import annotations

from django.urls import path

from consultations import editor_views, views

app_name = "consultations"

urlpatterns = [
    path("", views.home, name="home"),
    path("programmes/", views.programme_list, name="programme_list"),
    path("programmes/<slug:slug>/next/", views.programme_start_next, name="programme_start_next"),
    path(
        "programmes/<slug:slug>/drafts/<int:number>/review/",
        views.draft_review,
        name="draft_review",
    ),
    path(
        "programmes/<slug:slug>/drafts/<int:number>/publish/",
        views.draft_publish,
        name="draft_publish",
    ),
    path("programmes/<slug:slug>/drafts/<int:number>/edit/", views.draft_edit, name="draft_edit"),
    path(
        "programmes/<slug:slug>/drafts/<int:number>/edit/paragraphs/<int:pk>/",
        views.paragraph_edit,
        name="paragraph_edit",
    ),
    path(
        "programmes/<slug:slug>/drafts/<int:number>/edit/paragraphs/<int:pk>/move/",
        views.paragraph_move,
        name="paragraph_move",
    ),
    path(
        "programmes/<slug:slug>/drafts/<int:number>/edit/paragraphs/<int:pk>/delete/",
        views.paragraph_remove,
        name="paragraph_remove",
    ),
    path(
        "programmes/<slug:slug>/drafts/<int:number>/edit/sections/<int:section_pk>/add/",
        views.paragraph_create,
        name="paragraph_create",
    ),
    path(
        "programmes/<slug:slug>/drafts/<int:number>/edit/proposals/<int:comment_pk>/apply/",
        views.proposal_apply,
        name="proposal_apply",
    ),
    path(
        "programmes/<slug:slug>/drafts/<int:number>/edit/sections/<int:section_pk>/",
        views.section_edit,
        name="section_edit",
    ),
    path(
        "programmes/<slug:slug>/drafts/<int:number>/edit/sections/<int:section_pk>/move/",
        editor_views.section_move,
        name="section_move",
    ),
    path(
        "programmes/<slug:slug>/drafts/<int:number>/edit/sections/new/",
        views.section_create,
        name="section_create",
    ),
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
    path(
        "programmes/<slug:slug>/paragraphs/search/",
        views.paragraph_search,
        name="paragraph_search",
    ),
    path(
        "programmes/<slug:slug>/paragraphs/pick/",
        views.paragraph_pick,
        name="paragraph_pick",
    ),
    path("programmes/<slug:slug>/register/", views.change_register, name="change_register"),
    path("programmes/<slug:slug>/report/pdf/", views.report_pdf, name="report_pdf"),
    path("drafts/", views.current_drafts, name="current_drafts"),
    path("programmes/<slug:slug>/drafts/", views.draft_list, name="draft_list"),
    path("programmes/<slug:slug>/drafts/<int:number>/", views.draft_detail, name="draft_detail"),
    path(
        "programmes/<slug:slug>/drafts/<int:number>/paragraphs/<int:section>-<int:paragraph>/answers/",
        views.paragraph_answers,
        name="paragraph_answers",
    ),
    path(
        "programmes/<slug:slug>/drafts/<int:number>/heat-map/",
        views.draft_heatmap,
        name="draft_heatmap",
    ),
    path(
        "programmes/<slug:slug>/drafts/<int:number>/answers/",
        views.document_answers,
        name="document_answers",
    ),
    path(
        "programmes/<slug:slug>/drafts/<int:number>/comment/",
        views.comment_create,
        name="comment_create",
    ),
    path("programmes/<slug:slug>/report/", views.report, name="report"),
    path("programmes/<slug:slug>/report/csv/", views.report_csv, name="report_csv"),
    path("programmes/<slug:slug>/report/xlsx/", views.report_xlsx, name="report_xlsx"),
    path("comments/<int:pk>/scan/", views.comment_scan, name="comment_scan"),
    path("me/comments/", views.my_comments, name="my_comments"),
    path("me/comments/<int:pk>/", views.my_comment, name="my_comment"),
    path("me/comments/<int:pk>/edit/", views.comment_edit, name="comment_edit"),
    path("me/comments/<int:pk>/withdraw/", views.comment_withdraw, name="comment_withdraw"),
]
