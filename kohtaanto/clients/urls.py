from django.urls import path

from . import views

urlpatterns = [
    path("clients/", views.worklist, name="worklist"),
    path("clients/<int:client_id>/", views.client_page, name="client_page"),
    path("clients/<int:client_id>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("team/caseloads/", views.team_caseloads, name="team_caseloads"),
]
