"""One row per refresh of the analytics extract and tables: when, what, how it went."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RefreshStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    UNCHANGED = "unchanged", _("unchanged (no new data)")
    FAILED = "failed", _("failed")


class Refresh(models.Model):
    """A refresh request and its outcome. `results_dir` holds the published (suppressed)
    tables the dashboard reads; an "unchanged" refresh points at the previous results."""

    status = models.CharField(
        _("status"), max_length=10, choices=RefreshStatus.choices, default=RefreshStatus.QUEUED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # Rows exported per table, and per table "written" / "unchanged".
    counts = models.JSONField(_("rows"), default=dict, blank=True)
    tables = models.JSONField(default=dict, blank=True)
    # as_of, timings, forecast metrics (from analytics.refresh) and the export's timings.
    report = models.JSONField(default=dict, blank=True)
    results_dir = models.CharField(max_length=500, blank=True)
    message = models.TextField(blank=True)

    class Meta:
        verbose_name = _("analytics refresh")
        verbose_name_plural = _("analytics refreshes")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"refresh {self.pk} ({self.status})"

    @property
    def seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return round((self.finished_at - self.started_at).total_seconds(), 1)
        return None
