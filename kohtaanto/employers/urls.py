from django.urls import path

from . import event_views, introduction_views, vacancy_views, views

urlpatterns = [
    path("employers/", views.employer_list, name="employer_list"),
    path("employers/<int:employer_id>/", views.employer_detail, name="employer_detail"),
    path("employers/vacancies/", vacancy_views.vacancy_pipeline, name="vacancy_pipeline"),
    path("employers/vacancies/new/", vacancy_views.vacancy_new, name="vacancy_new"),
    path("employers/vacancies/suggest/", vacancy_views.vacancy_suggest, name="vacancy_suggest"),
    path("employers/vacancies/<int:vacancy_id>/", vacancy_views.vacancy_detail, name="vacancy_detail"),
    path("employers/vacancies/<int:vacancy_id>/edit/", vacancy_views.vacancy_edit, name="vacancy_edit"),
    path("employers/vacancies/<int:vacancy_id>/stage/", vacancy_views.vacancy_stage, name="vacancy_stage"),
    path(
        "employers/vacancies/<int:vacancy_id>/shortlist/", vacancy_views.shortlist_make, name="shortlist_make"
    ),
    path(
        "employers/vacancies/<int:vacancy_id>/candidates/<int:candidate_id>/ask/",
        vacancy_views.candidate_ask,
        name="candidate_ask",
    ),
    path(
        "employers/vacancies/<int:vacancy_id>/candidates/<int:candidate_id>/progress/",
        vacancy_views.candidate_progress,
        name="candidate_progress",
    ),
    path("portal/introductions/", introduction_views.portal_introductions, name="portal_introductions"),
    path(
        "portal/introductions/<int:candidate_id>/",
        introduction_views.portal_introduction_answer,
        name="portal_introduction_answer",
    ),
    path(
        "clients/<int:client_id>/introductions/",
        introduction_views.client_introductions,
        name="client_introductions",
    ),
    path(
        "clients/<int:client_id>/introductions/<int:candidate_id>/",
        introduction_views.client_introduction_answer,
        name="client_introduction_answer",
    ),
]

# Recruitment events: the area's employer staff, the client in the portal, the client's team.
urlpatterns += [
    path("employers/events/", event_views.event_list, name="event_list"),
    path("employers/events/<int:event_id>/", event_views.event_detail, name="event_detail"),
    path(
        "employers/events/<int:event_id>/attendance/", event_views.event_attendance, name="event_attendance"
    ),
    path("portal/events/", event_views.portal_events, name="portal_events"),
    path(
        "portal/events/<int:event_id>/register/",
        event_views.portal_event_register,
        name="portal_event_register",
    ),
    path("portal/events/<int:event_id>/cancel/", event_views.portal_event_cancel, name="portal_event_cancel"),
    path("clients/<int:client_id>/events/", event_views.client_events, name="client_events"),
    path(
        "clients/<int:client_id>/events/<int:event_id>/register/",
        event_views.client_event_register,
        name="client_event_register",
    ),
    path(
        "clients/<int:client_id>/events/<int:event_id>/cancel/",
        event_views.client_event_cancel,
        name="client_event_cancel",
    ),
]
