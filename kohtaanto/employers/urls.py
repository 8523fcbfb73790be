from django.urls import path

from . import views

urlpatterns = [
    path("employers/", views.employer_list, name="employer_list"),
    path("employers/<int:employer_id>/", views.employer_detail, name="employer_detail"),
]
