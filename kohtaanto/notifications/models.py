"""A record of every notification sent, without its body: the body may only say that
something is waiting in Kohtaanto, and the record is what shows it was sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    PENDING = "pending", _("pending")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")
    SKIPPED = "skipped", _("skipped (no address)")


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=40, db_index=True)
    subject = models.CharField(_("subject"), max_length=200)
    channel = models.CharField(_("channel"), max_length=40, blank=True)
    # Makes a notification idempotent: one row per recipient and key (e.g. one reminder per
    # meeting date), so a re-run of a reminder job sends nothing twice.
    key = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], condition=~models.Q(key=""), name="notification_unique_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id} ({self.status})"
