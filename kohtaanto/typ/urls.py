from django.urls import path

from . import views

urlpatterns = [
    path("clients/<int:client_id>/typ/", views.case_page, name="typ_case"),
    path("clients/<int:client_id>/typ/start/", views.case_start, name="typ_start"),
    path("clients/<int:client_id>/typ/team/", views.team_add, name="typ_team_add"),
    path("clients/<int:client_id>/typ/plan/", views.plan_agree, name="typ_plan"),
    path("clients/<int:client_id>/typ/sign/", views.plan_sign, name="typ_sign"),
    path("clients/<int:client_id>/typ/end/", views.case_end, name="typ_end"),
    path("typ/indicators/", views.indicators, name="typ_indicators"),
]
