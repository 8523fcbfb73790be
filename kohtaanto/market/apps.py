from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketConfig(AppConfig):
    name = "kohtaanto.market"
    label = "market"
    verbose_name = _("Labour-market matching")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The profile and its consents join the client's GDPR export and erasure.
        from kohtaanto.privacy.registry import register

        from . import privacy

        register(*privacy.SPECS, export=privacy.export_section, erase=privacy.anonymise)
