from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "kohtaanto.jobs"
    label = "jobs"
    verbose_name = _("Background jobs")

    def ready(self) -> None:
        from kohtaanto.insights.signals import refresh_requested

        from . import retry  # noqa: F401 - connects the bounded retry to task_finished
        from .tasks import queue_requested_refresh

        refresh_requested.connect(queue_requested_refresh, dispatch_uid="jobs.insights_refresh")
