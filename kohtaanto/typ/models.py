"""TYP, the multi-professional joint service (Act 1369/2014, issue 17 point 5): a client's case
from the eligibility check through the mapping period to the joint plan, its team of named
professionals, and the plan's signatures by the three parties.

Every row names the client directly, so the GDPR registry covers it (typ/privacy.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Party(models.TextChoices):
    """The three authorities of the joint service; each signs the plan."""

    EMPLOYMENT = "employment", _("employment services")
    SOCIAL = "social", _("municipal social services")
    KELA = "kela", _("Kela")


class Basis(models.TextChoices):
    LABOUR_MARKET_SUPPORT = "labour_market_support", _("labour-market support days")
    UNEMPLOYMENT_DURATION = "unemployment_duration", _("continuous unemployment by age")


class CaseStatus(models.TextChoices):
    MAPPING = "mapping", _("mapping period")
    PLAN = "plan", _("joint plan")
    ENDED = "ended", _("ended")


class ExitOutcome(models.TextChoices):
    """How the case ended, as the national TYP register asks."""

    EMPLOYED = "employed", _("employed")
    EDUCATION = "education", _("started education")
    OTHER_SERVICE = "other_service", _("moved to another service")
    REHABILITATION = "rehabilitation", _("rehabilitation or pension")
    NO_LONGER_NEEDED = "no_longer_needed", _("joint service no longer needed")
    MOVED = "moved", _("moved away")
    OTHER = "other", _("other")


class TypCase(models.Model):
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="typ_cases")
    status = models.CharField(
        _("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.MAPPING
    )
    basis = models.CharField(_("eligibility"), max_length=25, choices=Basis.choices)
    support_days = models.PositiveIntegerField(_("labour-market support days"), null=True, blank=True)
    unemployed_months = models.PositiveSmallIntegerField(_("months unemployed"), default=0)
    rule_version = models.CharField(max_length=40)
    mapping_start = models.DateField(_("mapping period started"))
    mapping_latest_end = models.DateField(_("mapping period ends at the latest"))
    plan_date = models.DateField(_("joint plan agreed"), null=True, blank=True)
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    exit_outcome = models.CharField(_("outcome"), max_length=20, choices=ExitOutcome.choices, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-mapping_start", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["client"], condition=models.Q(ended_on__isnull=True), name="typ_one_open_case"
            ),
            models.CheckConstraint(
                condition=models.Q(mapping_latest_end__gte=models.F("mapping_start")),
                name="typ_mapping_end_after_start",
            ),
        ]


class TypTeamMember(models.Model):
    """A named professional of the client's TYP team and the party they work for."""

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(TypCase, on_delete=models.CASCADE, related_name="team")
    professional = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    party = models.CharField(_("party"), max_length=12, choices=Party.choices)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["party", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "professional"], name="typ_member_once"),
        ]


class TypPlan(models.Model):
    """The joint plan; it exists only with the client's consent (the service refuses otherwise)."""

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="+")
    case = models.OneToOneField(TypCase, on_delete=models.CASCADE, related_name="plan")
    goals = models.TextField(_("goals"))
    services = models.TextField(_("agreed services"))
    consent_date = models.DateField(_("client consented"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    @property
    def signed_parties(self) -> set[str]:
        return {s.party for s in self.signatures.all()}


class TypSignature(models.Model):
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(TypPlan, on_delete=models.CASCADE, related_name="signatures")
    party = models.CharField(_("party"), max_length=12, choices=Party.choices)
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_on = models.DateField(_("signed"))
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["party"]
        constraints = [models.UniqueConstraint(fields=["plan", "party"], name="typ_sign_once_per_party")]
