from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "kohtaanto.catalogue"
    label = "catalogue"
    verbose_name = "Service catalogue"
