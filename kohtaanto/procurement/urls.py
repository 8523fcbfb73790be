from django.urls import path

from . import views

urlpatterns = [
    path("procurement/contracts/", views.contract_list, name="procurement_contracts"),
    path("procurement/contracts/<int:contract_id>/", views.contract_detail, name="procurement_contract"),
    path("procurement/invoices/", views.invoice_list, name="procurement_invoices"),
    path("procurement/invoices/<int:invoice_id>/", views.invoice_detail, name="procurement_invoice"),
    path("procurement/rounds/", views.round_list, name="procurement_rounds"),
    path("procurement/rounds/<int:round_id>/", views.round_detail, name="procurement_round"),
]
