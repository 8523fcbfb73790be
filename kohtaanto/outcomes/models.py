"""Job-search periods and what ended them: employment and education starts (issue 12).

A client may register many times; each registration opens a JobSearchPeriod and the history
keeps the old ones. The register feed (issue 12 point 3) writes the same models, so names and
reason codes are stable.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kohtaanto.clients.models import EndReason

# The fixed list lives with the client, whose current period it also describes.
PeriodEndReason = EndReason
EMPLOYED_REASONS = frozenset({EndReason.EMPLOYED, EndReason.SUBSIDISED, EndReason.ENTREPRENEUR})


class JobSearchPeriod(models.Model):
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="periods")
    start = models.DateField(_("registered"))
    end = models.DateField(_("ended"), null=True, blank=True)
    end_reason = models.CharField(_("end reason"), max_length=20, choices=EndReason.choices, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start", "-id"]
        indexes = [models.Index(fields=["client", "start"]), models.Index(fields=["end_reason"])]
        constraints = [
            models.UniqueConstraint(
                fields=["client"], condition=models.Q(end__isnull=True), name="one_open_period"
            ),
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="period_end_after_start",
            ),
        ]


class Employment(models.Model):
    class WorkingTime(models.TextChoices):
        FULL_TIME = "full_time", _("full-time")
        PART_TIME = "part_time", _("part-time")

    class Contract(models.TextChoices):
        PERMANENT = "permanent", _("permanent")
        FIXED_TERM = "fixed_term", _("fixed-term")

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="employments")
    period = models.ForeignKey(
        JobSearchPeriod, null=True, blank=True, on_delete=models.SET_NULL, related_name="employments"
    )
    employer_name = models.CharField(_("employer"), max_length=200)
    business_id = models.CharField(_("business ID"), max_length=9, blank=True)
    start = models.DateField(_("start date"))
    end = models.DateField(_("end date"), null=True, blank=True)
    weekly_hours = models.DecimalField(_("weekly hours"), max_digits=4, decimal_places=1)
    occupation_uri = models.CharField(_("occupation (ESCO)"), max_length=200, blank=True)
    occupation_label = models.CharField(_("occupation"), max_length=300, blank=True)
    subsidised = models.BooleanField(_("subsidised"), default=False)
    working_time = models.CharField(
        _("working time"), max_length=10, choices=WorkingTime.choices, default=WorkingTime.FULL_TIME
    )
    contract = models.CharField(
        _("contract"), max_length=10, choices=Contract.choices, default=Contract.PERMANENT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-start", "-id"]


class EducationStart(models.Model):
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="education_starts")
    period = models.ForeignKey(
        JobSearchPeriod, null=True, blank=True, on_delete=models.SET_NULL, related_name="education_starts"
    )
    institution = models.CharField(_("institution"), max_length=200)
    programme = models.CharField(_("programme"), max_length=300)
    start = models.DateField(_("start date"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-start", "-id"]


class OfferAnswer(models.TextChoices):
    PENDING = "pending", _("no answer yet")
    APPLIED = "applied", _("applied")
    NOT_SUITABLE = "not_suitable", _("not suitable")
    HIRED = "hired", _("hired")


class JobOffer(models.Model):
    """A posting of the labour-market twin that a worker sent to a client (placement). The
    client answers in the portal, or the worker records the answer; a hire becomes an
    Employment."""

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="job_offers")
    posting = models.ForeignKey("market.JobPosting", on_delete=models.PROTECT, related_name="offers")
    # Kept from the posting, which the market import may later replace.
    title = models.CharField(_("job"), max_length=300)
    employer_name = models.CharField(_("employer"), max_length=200, blank=True)
    sent_at = models.DateTimeField(auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer = models.CharField(
        _("answer"), max_length=15, choices=OfferAnswer.choices, default=OfferAnswer.PENDING
    )
    answer_reason = models.CharField(_("reason"), max_length=500, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    employment = models.OneToOneField(
        Employment, null=True, blank=True, on_delete=models.SET_NULL, related_name="offer"
    )

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["client", "posting"], name="offer_once_per_posting")]


class JobApplication(models.Model):
    """A job application the client reports; counted against the plan's monthly obligation."""

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="job_applications")
    date = models.DateField(_("applied on"))
    employer_name = models.CharField(_("employer"), max_length=200)
    job_title = models.CharField(_("job"), max_length=300)
    offer = models.ForeignKey(
        JobOffer, null=True, blank=True, on_delete=models.SET_NULL, related_name="applications"
    )
    reported_at = models.DateTimeField(auto_now_add=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["client", "date"])]
