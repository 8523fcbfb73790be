from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "kohtaanto.privacy"
    label = "privacy"
    verbose_name = "Data-subject rights and retention"
