from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "kohtaanto.privacy"
    label = "privacy"
    verbose_name = _("Data-subject rights and retention")

    def ready(self) -> None:
        from . import registry
        from .client_specs import SPECS
        from .user_specs import USER_SIDE, erase_account, export_account

        registry.register(*SPECS)
        registry.register_user_side(USER_SIDE, export=export_account, erase=erase_account)
