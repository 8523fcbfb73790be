from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "kohtaanto.portal"
    label = "portal"
    verbose_name = _("Client portal")

    def ready(self) -> None:
        # Messages, feedback and reschedule requests join the client's GDPR export and erasure.
        from kohtaanto.privacy.registry import register

        from . import privacy

        register(*privacy.SPECS, export=privacy.export_section, erase=privacy.anonymise)
