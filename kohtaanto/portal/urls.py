from django.urls import path

from . import views

urlpatterns = [
    path("portal/", views.portal_home, name="portal_home"),
    path("portal/plan/acknowledge/", views.plan_acknowledge, name="portal_plan_acknowledge"),
    path("portal/messages/", views.portal_messages, name="portal_messages"),
    path("portal/meetings/<int:meeting_id>/feedback/", views.meeting_feedback, name="portal_feedback"),
    path(
        "portal/referrals/<int:referral_id>/feedback/",
        views.referral_feedback,
        name="portal_referral_feedback",
    ),
    path(
        "portal/meetings/<int:meeting_id>/reschedule/",
        views.meeting_reschedule,
        name="portal_meeting_reschedule",
    ),
    path("portal/consents/", views.portal_consents, name="portal_consents"),
    path(
        "portal/consents/<int:consent_id>/withdraw/", views.consent_withdraw, name="portal_consent_withdraw"
    ),
    path("clients/<int:client_id>/messages/", views.staff_messages, name="staff_messages"),
    path(
        "clients/<int:client_id>/reschedule-requests/<int:request_pk>/handled/",
        views.reschedule_handled,
        name="reschedule_handled",
    ),
]
