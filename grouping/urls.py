from __future__ import annotations

from django.urls import path

from grouping import views

app_name = "grouping"

urlpatterns = [
    path(
        "coordination/programmes/<slug:slug>/drafts/<int:number>/groups/",
        views.groups,
        name="groups",
    ),
    path(
        "coordination/programmes/<slug:slug>/drafts/<int:number>/groups/compute/",
        views.compute,
        name="compute",
    ),
    path("coordination/groups/<int:pk>/answer/", views.group_answer, name="group_answer"),
]
