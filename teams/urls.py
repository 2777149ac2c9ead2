from __future__ import annotations

from django.urls import path

from teams import views

app_name = "teams"

urlpatterns = [
    path("teams/<slug:slug>/", views.team_detail, name="team_detail"),
    path("teams/<slug:slug>/contact/", views.team_contact, name="team_contact"),
    path("teams/<slug:slug>/calendar.ics", views.team_calendar, name="team_calendar"),
    path("teams/<slug:slug>/invitations/", views.team_invitations, name="team_invitations"),
    path(
        "teams/<slug:slug>/invitations/<int:pk>/resend/",
        views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "teams/<slug:slug>/invitations/<int:pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "teams/<slug:slug>/membership/confirm/", views.membership_confirm, name="membership_confirm"
    ),
    path("teams/<slug:slug>/members/add/", views.member_add, name="member_add"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("teams/<slug:slug>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("programmes/<slug:slug>/teams/", views.programme_teams, name="programme_teams"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("me/organisation/", views.organisation_statement, name="organisation_statement"),
    path(
        "representation/confirm/<str:token>/",
        views.representation_confirm,
        name="representation_confirm",
    ),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/attend/", views.meeting_attend, name="meeting_attend"),
    path("meetings/<int:pk>/attendance/", views.meeting_attendance, name="meeting_attendance"),
    path("meetings/<int:pk>/minutes/", views.meeting_minutes, name="meeting_minutes"),
    path("meetings/<int:pk>/minutes.pdf", views.meeting_minutes_pdf, name="meeting_minutes_pdf"),
    path("meetings/<int:pk>/meeting.ics", views.meeting_ics, name="meeting_ics"),
]
