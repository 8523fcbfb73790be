from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubsidiesConfig(AppConfig):
    name = "kohtaanto.subsidies"
    label = "subsidies"
    verbose_name = _("Employer subsidies")

    def ready(self) -> None:
        # Applications, decisions and payments about a client join the GDPR export and erasure.
        from kohtaanto.privacy.registry import register, register_user_side

        from .privacy import SPECS, USER_SIDE, anonymise, export_section

        register(*SPECS, export=export_section, erase=anonymise)
        register_user_side(USER_SIDE)
