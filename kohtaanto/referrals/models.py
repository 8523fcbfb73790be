"""Referrals of clients to catalogue services, and the worker's choices on suggestions.

A referral keeps the service need, the ranking and a snapshot of the explanation as they
were when the worker acted, so that later changes to the catalogue or the matcher do not
rewrite why a decision was made. `MatchFeedback` records every refer and dismiss, the
signal for learning from workers' choices.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# The longest service need a worker may write, on the page and in the API alike.
NEED_MAX_LENGTH = 2000


class ReferralState(models.TextChoices):
    SUGGESTED = "suggested", _("suggested")
    REFERRED = "referred", _("referred")
    ACCEPTED = "accepted", _("accepted by the provider")
    DECLINED = "declined", _("declined by the provider")
    STARTED = "started", _("started")
    COMPLETED = "completed", _("completed")
    INTERRUPTED = "interrupted", _("interrupted")
    CANCELLED = "cancelled", _("cancelled")


class Referral(models.Model):
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="referrals")
    service = models.ForeignKey("catalogue.Service", on_delete=models.PROTECT, related_name="referrals")
    state = models.CharField(
        _("state"), max_length=12, choices=ReferralState.choices, default=ReferralState.REFERRED
    )
    need_text = models.TextField(_("service need"), blank=True)
    note_to_provider = models.TextField(_("note to the provider"), blank=True)
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    score = models.FloatField(null=True, blank=True)
    ranking = models.JSONField(default=list, blank=True)  # [{"id", "score"}] as shown
    explanation = models.JSONField(default=dict, blank=True)  # snapshot of the shown explanation
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    referred_at = models.DateTimeField(_("referred"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    start_date = models.DateField(_("started"), null=True, blank=True)
    end_date = models.DateField(_("ended"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-referred_at", "-id"]
        indexes = [models.Index(fields=["service", "state"]), models.Index(fields=["client", "state"])]

    @property
    def waiting_days(self) -> int | None:
        """Days from referral to start, or to today while still waiting."""
        from django.utils import timezone

        if self.state in (ReferralState.DECLINED, ReferralState.CANCELLED):
            return None
        end = self.start_date or timezone.localdate()
        return (end - timezone.localdate(self.referred_at)).days


class DismissReason(models.TextChoices):
    NOT_ELIGIBLE = "not_eligible", _("client is not eligible")
    NO_CAPACITY = "no_capacity", _("no places or too long a wait")
    CLIENT_DECLINED = "client_declined", _("client does not want it")
    NOT_RELEVANT = "not_relevant", _("does not fit the need")
    ALREADY_DONE = "already_done", _("client has already had it")
    OTHER = "other", _("other")


class MatchFeedback(models.Model):
    class Action(models.TextChoices):
        REFERRED = "referred", _("referred")
        DISMISSED = "dismissed", _("dismissed")

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="match_feedback")
    service = models.ForeignKey("catalogue.Service", on_delete=models.CASCADE, related_name="match_feedback")
    action = models.CharField(max_length=10, choices=Action.choices)
    reason = models.CharField(max_length=20, choices=DismissReason.choices, blank=True)
    comment = models.CharField(max_length=500, blank=True)
    need_text = models.TextField(blank=True)
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    score = models.FloatField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
