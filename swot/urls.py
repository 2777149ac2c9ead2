from __future__ import annotations

from django.urls import include, path

from swot import views

app_name = "swot"

# The board's partial first, and the board's addresses behind one "swot/" prefix: every
# member at a board polls it every 3 s, and the portal's URLconf tries this app first
# (krakow_ngo/urls.py), so every other page pays six failed patterns here, not seventeen.
board_patterns = [
    path("<int:pk>/items/", views.board_items, name="board_items"),
    path("<int:pk>/", views.board, name="board"),
    path("<int:pk>/items/add/", views.item_add, name="item_add"),
    path("<int:pk>/state/", views.session_state, name="session_state"),
    path("<int:pk>/csv/", views.board_csv, name="board_csv"),
    path("<int:pk>/merge/", views.item_merge, name="item_merge"),
    path("items/<int:pk>/vote/", views.item_vote, name="item_vote"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/move/", views.item_move, name="item_move"),
]
goal_patterns = [
    path("", views.goal_edit, name="goal_edit"),
    path("delete/", views.goal_delete, name="goal_delete"),
    path("solutions/add/", views.solution_add, name="solution_add"),
    path("actions/add/", views.action_add, name="action_add"),
]

urlpatterns = [
    path("swot/", include(board_patterns)),
    path("goals/<int:pk>/", include(goal_patterns)),
    path("meetings/<int:meeting_pk>/swot/new/", views.session_create, name="session_create"),
    path("teams/<slug:slug>/goals/new/", views.goal_create, name="goal_create"),
    path("solutions/<int:pk>/change/", views.solution_change, name="solution_change"),
    path("actions/<int:pk>/", views.action_edit, name="action_edit"),
]
