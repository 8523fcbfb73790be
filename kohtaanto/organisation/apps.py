from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "kohtaanto.organisation"
    label = "organisation"
    verbose_name = "Organisation"
