from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "kohtaanto.outcomes"
    label = "outcomes"
    verbose_name = _("Job-search outcomes")

    def ready(self) -> None:
        # Periods, employments, education starts, offers and applications join the client's GDPR export and erasure.
        from kohtaanto.privacy.registry import register

        from . import privacy

        register(*privacy.SPECS, export=privacy.export_section, erase=privacy.anonymise)
