from django.urls import path

from . import access_views, calendar_views, casework_views, contact_views, intake_views, session_views

urlpatterns = [
    path("calendar/", calendar_views.calendar_page, name="calendar_page"),
    path("calendar/feed/", calendar_views.calendar_feed, name="calendar_feed"),
    path("calendar/<str:token>.ics", calendar_views.calendar_ics, name="calendar_ics"),
    path("clients/<int:client_id>/plan/", casework_views.plan_edit, name="plan_edit"),
    path("clients/<int:client_id>/network/", casework_views.network_add, name="network_add"),
    path(
        "clients/<int:client_id>/network/<int:member_id>/remove/",
        casework_views.network_remove,
        name="network_remove",
    ),
    path("clients/<int:client_id>/access/", access_views.client_access, name="client_access"),
    path("clients/<int:client_id>/identity-code/", access_views.identity_code, name="identity_code"),
    path("clients/<int:client_id>/contact/", contact_views.client_contact_edit, name="client_contact_edit"),
    path("clients/<int:client_id>/notes/", casework_views.note_add, name="note_add"),
    path(
        "clients/<int:client_id>/sessions/new/",
        session_views.network_session_new,
        name="network_session_new",
    ),
    path("team/reassign/", casework_views.reassign, name="reassign"),
    path("clients/register/", intake_views.register, name="register_client"),
    path("clients/import/", intake_views.batch_import, name="batch_import"),
    path("settings/segmentation/", intake_views.segmentation_rules, name="segmentation_rules"),
]
