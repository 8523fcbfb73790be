from django.urls import path

from . import views

urlpatterns = [
    path("me/access-log/", views.my_access_log, name="my_access_log"),
    path("audit/access/", views.access_by_worker, name="access_by_worker"),
]
