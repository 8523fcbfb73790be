from django.urls import path

from . import views

urlpatterns = [
    path("portal/profile/", views.portal_profile, name="market_portal_profile"),
    path("portal/profile/jobs/", views.portal_jobs, name="market_portal_jobs"),
    path("portal/profile/education/", views.portal_education, name="market_portal_education"),
    path("portal/profile/consents/", views.portal_consents, name="market_portal_consents"),
    path(
        "portal/profile/consents/<uuid:receipt_id>/withdraw/",
        views.portal_consent_withdraw,
        name="market_portal_consent_withdraw",
    ),
    path(
        "portal/profile/consents/<uuid:receipt_id>/receipt.json",
        views.portal_consent_receipt,
        name="market_portal_consent_receipt",
    ),
    path("clients/<int:client_id>/profile/", views.staff_profile, name="market_staff_profile"),
    path("clients/<int:client_id>/profile/jobs/", views.staff_jobs, name="market_staff_jobs"),
    path("clients/<int:client_id>/profile/education/", views.staff_education, name="market_staff_education"),
    path("market/", views.market_view, name="market_view"),
    path("market/suggest/", views.suggest, name="market_suggest"),
]
