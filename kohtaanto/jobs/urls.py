from django.urls import path

from . import views

urlpatterns = [path("operations/jobs/", views.jobs_page, name="jobs_page")]
