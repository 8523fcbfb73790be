from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TypConfig(AppConfig):
    name = "kohtaanto.typ"
    label = "typ"
    verbose_name = _("Multi-professional joint service (TYP)")

    def ready(self) -> None:
        # Cases, teams, plans and signatures join the client's GDPR export and erasure.
        from kohtaanto.privacy.registry import register

        from . import privacy

        register(*privacy.SPECS)
