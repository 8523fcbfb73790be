from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "kohtaanto.privacy"
    label = "privacy"
    verbose_name = _("Data-subject rights and retention")

    def ready(self) -> None:
        from . import registry
        from .client_specs import SPECS

        registry.register(*SPECS)
