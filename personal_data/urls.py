from __future__ import annotations

from django.urls import path

from personal_data import views

app_name = "personal_data"
urlpatterns = [
    path("me/data/", views.my_data, name="my_data"),
    path("me/delete/", views.delete_account, name="delete_account"),
    path("people/<int:pk>/erase/", views.erase_on_request, name="erase"),
]
