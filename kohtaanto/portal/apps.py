from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "kohtaanto.portal"
    label = "portal"
    verbose_name = _("Client portal")

    def ready(self) -> None:
        # Messages and feedback join the client's GDPR export and anonymisation.
        from kohtaanto.privacy import services as privacy

        from . import privacy as portal_privacy

        if portal_privacy.export_section not in privacy.EXTRA_SECTIONS:
            privacy.EXTRA_SECTIONS.append(portal_privacy.export_section)
        if portal_privacy.anonymise not in privacy.ANONYMISE_HOOKS:
            privacy.ANONYMISE_HOOKS.append(portal_privacy.anonymise)
        from kohtaanto.privacy.registry import register

        register(*portal_privacy.SPECS)
