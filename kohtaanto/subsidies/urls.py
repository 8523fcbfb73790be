"""Subsidy pages: the employer's and the client's e-service, and the experts' handling."""

from django.urls import include, path

urlpatterns = [
    path("", include("kohtaanto.subsidies.urls_applicant")),
    path("", include("kohtaanto.subsidies.urls_expert")),
]
