from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmployersConfig(AppConfig):
    name = "kohtaanto.employers"
    label = "employers"
    verbose_name = _("Employers")

    def ready(self) -> None:
        # What the employer side holds on a client joins the GDPR export and erasure.
        from kohtaanto.privacy.registry import register

        from .privacy import SPECS

        register(*SPECS)
