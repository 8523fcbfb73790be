from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketConfig(AppConfig):
    name = "kohtaanto.market"
    label = "market"
    verbose_name = _("Labour-market matching")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The profile and its consents join the client's GDPR export and anonymisation.
        from kohtaanto.privacy import services as privacy

        from . import privacy as market_privacy

        if market_privacy.export_section not in privacy.EXTRA_SECTIONS:
            privacy.EXTRA_SECTIONS.append(market_privacy.export_section)
        if market_privacy.anonymise not in privacy.ANONYMISE_HOOKS:
            privacy.ANONYMISE_HOOKS.append(market_privacy.anonymise)
        from kohtaanto.privacy.registry import register

        register(*market_privacy.SPECS)
