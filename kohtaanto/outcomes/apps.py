from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "kohtaanto.outcomes"
    label = "outcomes"
    verbose_name = _("Job-search outcomes")

    def ready(self) -> None:
        # Periods, employments and education starts join the GDPR export and anonymisation.
        from kohtaanto.privacy import services as privacy

        from . import privacy as outcomes_privacy

        if outcomes_privacy.export_section not in privacy.EXTRA_SECTIONS:
            privacy.EXTRA_SECTIONS.append(outcomes_privacy.export_section)
        if outcomes_privacy.anonymise not in privacy.ANONYMISE_HOOKS:
            privacy.ANONYMISE_HOOKS.append(outcomes_privacy.anonymise)
        from kohtaanto.privacy.registry import register

        register(*outcomes_privacy.SPECS)
