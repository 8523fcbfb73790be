from django.urls import path

from . import views

urlpatterns = [
    path("clients/", views.worklist, name="worklist"),
    path("clients/<int:client_id>/", views.client_page, name="client_page"),
    path("clients/<int:client_id>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("clients/<int:client_id>/meetings/<int:meeting_id>/", views.meeting_outcome, name="meeting_outcome"),
    path("team/caseloads/", views.team_caseloads, name="team_caseloads"),
]
