from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "kohtaanto.clients"
    label = "clients"
    verbose_name = "Clients"
