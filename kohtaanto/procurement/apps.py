from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcurementConfig(AppConfig):
    name = "kohtaanto.procurement"
    label = "procurement"
    verbose_name = _("Procured services")

    def ready(self) -> None:
        # Cohort members, outcome events and invoice lines join the client's GDPR export and erasure.
        from kohtaanto.privacy.registry import register, register_user_side

        from .privacy import SPECS, USER_SIDE, anonymise, export_section

        register(*SPECS, export=export_section, erase=anonymise)
        register_user_side(USER_SIDE)
