from django.urls import path

from . import intake_views, views

urlpatterns = [
    path("clients/", views.worklist, name="worklist"),
    path("clients/<int:client_id>/", views.client_page, name="client_page"),
    path("clients/<int:client_id>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("team/caseloads/", views.team_caseloads, name="team_caseloads"),
    path("clients/register/", intake_views.register, name="register_client"),
    path("clients/import/", intake_views.batch_import, name="batch_import"),
    path("settings/segmentation/", intake_views.segmentation_rules, name="segmentation_rules"),
]
