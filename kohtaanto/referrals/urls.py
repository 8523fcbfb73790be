from django.urls import path

from . import views

urlpatterns = [
    path("clients/<int:client_id>/match/", views.match, name="client_match"),
    path("clients/<int:client_id>/refer/", views.refer, name="client_refer"),
    path("clients/<int:client_id>/dismiss/", views.dismiss, name="client_dismiss"),
    path("referrals/incoming/", views.incoming, name="referrals_incoming"),
    path("referrals/<int:referral_id>/step/", views.step, name="referral_step"),
]
