from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "kohtaanto.portal"
    label = "portal"
    verbose_name = "Client portal"
