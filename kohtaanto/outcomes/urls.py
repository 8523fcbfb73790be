from django.urls import path

from . import views

urlpatterns = [
    path("clients/<int:client_id>/outcomes/end/", views.period_end, name="period_end"),
    path("clients/<int:client_id>/outcomes/reregister/", views.period_open, name="period_open"),
    path("clients/<int:client_id>/outcomes/employment/", views.employment_new, name="employment_new"),
    path("clients/<int:client_id>/outcomes/education/", views.education_new, name="education_new"),
]
