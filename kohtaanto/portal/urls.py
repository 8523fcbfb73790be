from django.urls import path

from . import account_views, selfservice_views, signin, views

urlpatterns = [
    path("portal/signin/", account_views.signin_page, name="portal_signin"),
    path("portal/signin/start/", signin.signin_start, name="portal_signin_start"),
    path("portal/signin/callback/", signin.signin_callback, name="portal_signin_callback"),
    path("portal/test-identification/", account_views.test_identification, name="test_identification"),
    path("portal/register/", account_views.register, name="portal_register"),
    path("portal/contact/", account_views.portal_contact, name="portal_contact"),
    path("portal/services/", selfservice_views.services, name="portal_services"),
    path("portal/services/<int:service_id>/", selfservice_views.service_detail, name="portal_service"),
    path("portal/documents/", selfservice_views.my_documents, name="portal_documents"),
    path("portal/documents/<int:document_id>/", selfservice_views.my_document, name="portal_document"),
    path(
        "portal/documents/<int:document_id>/delete/",
        selfservice_views.my_document_delete,
        name="portal_document_delete",
    ),
    path(
        "clients/<int:client_id>/documents/<int:document_id>/",
        selfservice_views.client_document,
        name="client_document",
    ),
    path(
        "clients/<int:client_id>/referral-requests/<int:request_pk>/handled/",
        selfservice_views.referral_request_handled,
        name="referral_request_handled",
    ),
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
