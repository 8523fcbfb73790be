from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "kohtaanto.referrals"
    label = "referrals"
    verbose_name = _("Referrals")

    def ready(self) -> None:
        # Need texts, notes and explanations join the GDPR export and erasure.
        from kohtaanto.privacy.registry import register

        from .privacy import SPECS

        register(*SPECS)
