"""The schedule of periodic jobs, kept in the database so an administrator can change it
without a deployment (issue 12): what runs, how often, and when it runs next."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .tasks import REGISTRY

JOB_LABELS = {
    "meeting_reminders": _("meeting reminders"),
    "insights_refresh": _("dashboard refresh"),
    "retention": _("retention: anonymising expired records"),
    "catalogue_reminders": _("service catalogue review reminders"),
    "matching_index_build": _("service-matching index build"),
    "matching_rerank_train": _("service-matching feedback re-ranker training"),
    "register_load": _("register snapshot load"),
    "audit_checkpoint": _("audit log checkpoint"),
    "procurement_outcomes": _("contract outcomes and bonuses"),
}


class ScheduledJob(models.Model):
    job = models.CharField(_("job"), max_length=40, unique=True, choices=sorted(JOB_LABELS.items()))
    every_minutes = models.PositiveIntegerField(
        _("every (minutes)"), help_text=_("60 = hourly, 1440 = daily, 43200 = every 30 days")
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    next_run_at = models.DateTimeField(_("next run"), default=timezone.now)
    last_enqueued_at = models.DateTimeField(_("last started"), null=True, blank=True)
    last_result_id = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")
        ordering = ["job"]

    def clean(self) -> None:
        if self.job not in REGISTRY:
            raise ValidationError({"job": _("Unknown job.")})
        if not 5 <= self.every_minutes <= 60 * 24 * 92:
            raise ValidationError({"every_minutes": _("Between 5 minutes and 92 days.")})

    @property
    def interval(self) -> timedelta:
        return timedelta(minutes=self.every_minutes)
