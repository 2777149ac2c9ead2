from __future__ import annotations

from django.urls import path

from swot import views

app_name = "swot"

urlpatterns = [
    path("meetings/<int:meeting_pk>/swot/new/", views.session_create, name="session_create"),
    path("swot/<int:pk>/", views.board, name="board"),
    path("swot/<int:pk>/items/", views.board_items, name="board_items"),
    path("swot/<int:pk>/items/add/", views.item_add, name="item_add"),
    path("swot/<int:pk>/state/", views.session_state, name="session_state"),
    path("swot/<int:pk>/csv/", views.board_csv, name="board_csv"),
    path("swot/<int:pk>/merge/", views.item_merge, name="item_merge"),
    path("swot/items/<int:pk>/vote/", views.item_vote, name="item_vote"),
    path("swot/items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("swot/items/<int:pk>/move/", views.item_move, name="item_move"),
    path("teams/<slug:slug>/goals/new/", views.goal_create, name="goal_create"),
    path("goals/<int:pk>/", views.goal_edit, name="goal_edit"),
    path("goals/<int:pk>/delete/", views.goal_delete, name="goal_delete"),
    path("goals/<int:pk>/solutions/add/", views.solution_add, name="solution_add"),
    path("solutions/<int:pk>/change/", views.solution_change, name="solution_change"),
    path("goals/<int:pk>/actions/add/", views.action_add, name="action_add"),
    path("actions/<int:pk>/", views.action_edit, name="action_edit"),
]
