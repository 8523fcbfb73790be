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


REFERRAL_REQUEST_MAX = 1000


class ReferralRequest(models.Model):
    """The client asks their worker for a referral to a service they found in the catalogue
    (issue 13, point 4). It waits on the worklist until the worker refers or answers."""

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="referral_requests")
    service = models.ForeignKey("catalogue.Service", on_delete=models.CASCADE, related_name="+")
    message = models.TextField(_("message to the worker"), max_length=REFERRAL_REQUEST_MAX, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "service"],
                condition=models.Q(handled_at__isnull=True),
                name="one_open_referral_request",
            )
        ]


class ClientDocument(models.Model):
    """A document the client uploads for their worker (a CV, certificates), encrypted at rest
    with a key derived from the field key (portal/documents.py)."""

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    data = models.BinaryField()  # Fernet token of the file's bytes
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    @property
    def content_base64(self) -> str:
        """The decrypted file, base64-encoded, for the GDPR export."""
        import base64

        from .crypto import decrypt

        return base64.b64encode(decrypt(bytes(self.data))).decode()
