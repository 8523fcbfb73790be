from django.urls import path

from . import offer_views, views

urlpatterns = [
    path("clients/<int:client_id>/outcomes/end/", views.period_end, name="period_end"),
    path("clients/<int:client_id>/outcomes/reregister/", views.period_open, name="period_open"),
    path("clients/<int:client_id>/outcomes/employment/", views.employment_new, name="employment_new"),
    path("clients/<int:client_id>/outcomes/education/", views.education_new, name="education_new"),
    path("clients/<int:client_id>/job-offers/", offer_views.offer_send, name="job_offer_send"),
    path(
        "clients/<int:client_id>/job-offers/<int:offer_id>/answer/",
        offer_views.offer_answer,
        name="job_offer_answer",
    ),
    path("clients/<int:client_id>/applications/", offer_views.application_new, name="job_application_new"),
    path("portal/job-offers/", offer_views.portal_offers, name="portal_offers"),
    path(
        "portal/job-offers/<int:offer_id>/answer/",
        offer_views.portal_offer_answer,
        name="portal_offer_answer",
    ),
]
