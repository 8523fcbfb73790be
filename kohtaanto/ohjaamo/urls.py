from django.urls import path

from . import views

urlpatterns = [
    path("ohjaamo/", views.home, name="ohjaamo_home"),
    path("ohjaamo/survey/", views.survey_paper, name="ohjaamo_survey_paper"),
    path("portal/ohjaamo-survey/", views.survey_portal, name="portal_ohjaamo_survey"),
]
