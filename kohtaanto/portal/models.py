"""The client's side of the relationship: messages with the worker, and feedback."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

MESSAGE_MAX = 5000
FEEDBACK_TEXT_MAX = 2000


class Message(models.Model):
    """One message in the client's thread (one thread per client, with the worker side)."""

    class Side(models.TextChoices):
        CLIENT = "client", _("client")
        WORKER = "worker", _("worker")

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept beside the sender so the thread still reads right after a worker account is gone.
    side = models.CharField(_("from"), max_length=10, choices=Side.choices)
    body = models.TextField(_("message"), max_length=MESSAGE_MAX)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["client", "created_at"])]


class Feedback(models.Model):
    """The client's score (1-5) and words on one held meeting or one service, once each."""

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="feedback")
    meeting = models.ForeignKey(
        "clients.Meeting", null=True, blank=True, on_delete=models.CASCADE, related_name="feedback"
    )
    # The service (referral) the feedback is about, once referrals exist: "referral:<id>".
    service_ref = models.CharField(_("service"), max_length=64, blank=True)
    score = models.PositiveSmallIntegerField(_("score"))
    text = models.TextField(_("feedback"), max_length=FEEDBACK_TEXT_MAX, blank=True)
    language = models.CharField(_("language of the text"), max_length=2, default="fi")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="feedback_score_1_5"),
            models.CheckConstraint(
                condition=(models.Q(meeting__isnull=False) & models.Q(service_ref=""))
                | (models.Q(meeting__isnull=True) & ~models.Q(service_ref="")),
                name="feedback_one_target",
            ),
            models.UniqueConstraint(
                fields=["client", "meeting"],
                condition=models.Q(meeting__isnull=False),
                name="feedback_once_meeting",
            ),
            models.UniqueConstraint(
                fields=["client", "service_ref"],
                condition=~models.Q(service_ref=""),
                name="feedback_once_service",
            ),
        ]


RESCHEDULE_REASON_MAX = 500


class RescheduleQuerySet(models.QuerySet):
    def open(self):
        """Not handled, and the meeting still waits at the time asked about."""
        same_time = models.Q(meeting__start_time=models.F("start_time")) | models.Q(
            meeting__start_time__isnull=True, start_time__isnull=True
        )
        return self.filter(
            same_time,
            handled_at__isnull=True,
            meeting__status="planned",
            meeting__planned_date=models.F("planned_date"),
        )


class RescheduleRequest(models.Model):
    """The client asks to move a booked meeting; a person decides (issue 12).

    It stays open on the worker's worklist until the worker moves the meeting (its date or
    time then differs from the one asked about) or marks the request handled."""

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="reschedule_requests")
    meeting = models.ForeignKey(
        "clients.Meeting", on_delete=models.CASCADE, related_name="reschedule_requests"
    )
    reason = models.TextField(_("reason"), max_length=RESCHEDULE_REASON_MAX)
    preferred = models.CharField(_("times that would suit"), max_length=200, blank=True)
    # The booking asked about: a moved meeting answers the request.
    planned_date = models.DateField()
    start_time = models.TimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RescheduleQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting"],
                condition=models.Q(handled_at__isnull=True),
                name="one_open_reschedule_request",
            )
        ]
