from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OhjaamoConfig(AppConfig):
    name = "kohtaanto.ohjaamo"
    label = "ohjaamo"
    verbose_name = _("Ohjaamo guidance centres")

    def ready(self) -> None:
        # Identified visits and portal survey answers join the client's GDPR export and erasure.
        from kohtaanto.privacy.registry import register

        from . import privacy

        register(*privacy.SPECS)
