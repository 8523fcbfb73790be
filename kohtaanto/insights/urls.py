from django.urls import path

from . import views

urlpatterns = [
    path("insights/", views.section, {"slug": "overview"}, name="insights_home"),
    path("insights/caseloads/", views.section, {"slug": "caseloads"}, name="insights_caseloads"),
    path("insights/service-promise/", views.section, {"slug": "promise"}, name="insights_promise"),
    path("insights/services/", views.section, {"slug": "services"}, name="insights_services"),
    path("insights/outcomes/", views.section, {"slug": "outcomes"}, name="insights_outcomes"),
    path("insights/feedback/", views.section, {"slug": "feedback"}, name="insights_feedback"),
    path("insights/paths/", views.section, {"slug": "paths"}, name="insights_paths"),
    path("insights/forecast/", views.section, {"slug": "forecast"}, name="insights_forecast"),
    path("insights/impact/", views.section, {"slug": "impact"}, name="insights_impact"),
    path("insights/providers/", views.section, {"slug": "providers"}, name="insights_providers"),
    path("insights/employer-services/", views.section, {"slug": "employers"}, name="insights_employers"),
    path("insights/subsidies/", views.section, {"slug": "subsidies"}, name="insights_subsidies"),
    path("insights/national/", views.national, name="insights_national"),
    path("insights/export/", views.export, name="insights_export"),
    path("insights/refresh/", views.refresh, name="insights_refresh"),
]
