from django.urls import path

from . import views

urlpatterns = [
    path("catalogue/", views.catalogue_list, name="catalogue_list"),
    path("catalogue/mine/", views.my_services, name="catalogue_mine"),
    path("catalogue/new/", views.service_new, name="catalogue_new"),
    path("catalogue/<int:service_id>/", views.service_detail, name="catalogue_service"),
    path("catalogue/<int:service_id>/edit/", views.service_edit, name="catalogue_edit"),
    path("catalogue/<int:service_id>/transition/", views.service_transition, name="catalogue_transition"),
    path("catalogue/<int:service_id>/review/", views.service_review, name="catalogue_review"),
]
