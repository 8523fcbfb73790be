"""The subsidy experts' pages, and the two pages both sides of an application read."""

from django.urls import path

from . import document_views, expert_views

urlpatterns = [
    path("subsidies/handling/", expert_views.queue, name="subsidy_queue"),
    path("subsidies/handling/<int:application_id>/", expert_views.application, name="subsidy_handle"),
    path("subsidies/handling/<int:application_id>/ask/", expert_views.ask, name="subsidy_ask"),
    path("subsidies/handling/<int:application_id>/decide/", expert_views.decide, name="subsidy_decide"),
    path("subsidies/handling/<int:application_id>/end/", expert_views.end, name="subsidy_end"),
    path(
        "subsidies/handling/<int:application_id>/decisions/<int:decision_id>/approve/",
        expert_views.approve,
        name="subsidy_approve",
    ),
    path(
        "subsidies/handling/<int:application_id>/decisions/<int:decision_id>/recovery/",
        expert_views.recovery,
        name="subsidy_recovery",
    ),
    path("subsidies/payments/", expert_views.payments, name="subsidy_payments"),
    path("subsidies/payments/<int:payment_id>/", expert_views.payment, name="subsidy_payment"),
    path("subsidies/batches/", expert_views.batches, name="subsidy_batches"),
    path("subsidies/batches/<int:batch_id>/", expert_views.batch, name="subsidy_batch"),
    path("subsidies/batches/<int:batch_id>/csv/", expert_views.batch_csv, name="subsidy_batch_csv"),
    path("subsidies/budget/", expert_views.budget, name="subsidy_budget"),
    path(
        "subsidies/applications/<int:application_id>/decisions/<int:decision_id>/document/",
        document_views.decision_document,
        name="subsidy_decision_document",
    ),
    path(
        "subsidies/applications/<int:application_id>/attachments/<int:attachment_id>/",
        document_views.attachment,
        name="subsidy_attachment",
    ),
]
