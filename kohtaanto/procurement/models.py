"""Procured services (issue 17): contracts with outcome bonuses, invoices, and the
procurement rounds whose award becomes a contract.

A contract's bonus rules are versioned data (`BonusRuleVersion`), validated by
kohtaanto.domain.outcome_bonus, so a renegotiated bonus is a new version with its own
validity and the old events keep pointing to the version that paid them. Outcome events
are recomputed on every refresh from the register (employments) and referrals; they are
a cache of that computation, not a record anyone edits.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PriceModel(models.TextChoices):
    PER_CLIENT = "per_client", _("per client")
    PER_DAY = "per_day", _("per day")
    LUMP_SUM = "lump_sum", _("lump sum")


class Contract(models.Model):
    provider = models.ForeignKey("catalogue.Provider", on_delete=models.PROTECT, related_name="contracts")
    # The employment area that procured it: its officers read and act on it (issue 15).
    area = models.ForeignKey(
        "organisation.Municipality", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    services = models.ManyToManyField(
        "catalogue.Service", related_name="contracts", verbose_name=_("services")
    )
    title = models.CharField(_("title"), max_length=200)
    start = models.DateField(_("start date"))
    end = models.DateField(_("end date"))
    capacity = models.PositiveIntegerField(_("capacity commitment (clients)"))
    price_model = models.CharField(_("price model"), max_length=12, choices=PriceModel.choices)
    # Per client or per day: the unit price; lump sum: the whole contract's price.
    price = models.DecimalField(_("price (EUR)"), max_digits=12, decimal_places=2)
    randomised = models.BooleanField(_("cohort randomised against a comparison group"), default=False)
    comparison_share = models.DecimalField(
        _("comparison group share"), max_digits=3, decimal_places=2, default=0
    )
    random_seed = models.BigIntegerField(null=True, blank=True)
    round = models.OneToOneField(
        "procurement.ProcurementRound",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contract",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    refreshed_at = models.DateTimeField(_("outcomes computed"), null=True, blank=True)

    class Meta:
        ordering = ["-start", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="contract_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class BonusRuleVersion(models.Model):
    """One version of a contract's outcome-bonus rules, valid for cohort members who start
    within [valid_from, valid_to]."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="rule_versions")
    version = models.PositiveSmallIntegerField()
    rules = models.JSONField(default=list)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    source = models.CharField(_("source (decision or contract clause)"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["contract", "version"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "version"], name="bonus_rule_version_once")
        ]


class Arm(models.TextChoices):
    SERVICE = "service", _("service")
    COMPARISON = "comparison", _("comparison group")


class CohortMember(models.Model):
    """A client in a contract's cohort: enrolled from a referral to one of its services,
    assigned an arm once (seeded) when the contract is randomised."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="members")
    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="contract_memberships"
    )
    referral = models.ForeignKey(
        "referrals.Referral", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    start = models.DateField(_("start date"))
    arm = models.CharField(_("arm"), max_length=10, choices=Arm.choices, default=Arm.SERVICE)

    class Meta:
        ordering = ["contract", "start", "id"]
        constraints = [models.UniqueConstraint(fields=["contract", "client"], name="cohort_member_once")]


class OutcomeEvent(models.Model):
    """An outcome a bonus rule recognised, and the bonus due for it (recomputed on refresh)."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="outcome_events")
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="contract_outcomes")
    rule_version = models.ForeignKey(BonusRuleVersion, on_delete=models.CASCADE, related_name="events")
    rule_index = models.PositiveSmallIntegerField()
    outcome = models.CharField(_("outcome"), max_length=40)
    event_date = models.DateField(_("date"))
    amount = models.DecimalField(_("bonus (EUR)"), max_digits=12, decimal_places=2)
    computed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["contract", "event_date", "id"]


class InvoiceState(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    DECIDED = "decided", _("decided")


class Invoice(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="invoices")
    number = models.CharField(_("invoice number"), max_length=40)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    state = models.CharField(max_length=10, choices=InvoiceState.choices, default=InvoiceState.SUBMITTED)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["contract", "number"], name="invoice_number_once")]


class LineDecision(models.TextChoices):
    PENDING = "pending", _("not decided")
    ACCEPTED = "accepted", _("accepted")
    DISPUTED = "disputed", _("disputed")


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="invoice_lines")
    service = models.ForeignKey("catalogue.Service", on_delete=models.PROTECT, related_name="+")
    days = models.PositiveIntegerField(_("days"), default=0)
    amount = models.DecimalField(_("amount (EUR)"), max_digits=12, decimal_places=2)
    expected_amount = models.DecimalField(_("expected (EUR)"), max_digits=12, decimal_places=2, null=True)
    # Codes from checks.DIFFERENCES: what the check against referrals and outcomes found.
    differences = models.JSONField(default=list, blank=True)
    decision = models.CharField(max_length=10, choices=LineDecision.choices, default=LineDecision.PENDING)
    decision_note = models.CharField(_("note"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["invoice", "id"]


class RoundState(models.TextChoices):
    DIALOGUE = "dialogue", _("market dialogue")
    OPEN = "open", _("open for proposals")
    EVALUATION = "evaluation", _("evaluation")
    AWARDED = "awarded", _("awarded")


class ProcurementRound(models.Model):
    """A challenge competition: the need, documents, published questions and answers,
    proposals, scores and the award."""

    area = models.ForeignKey(
        "organisation.Municipality", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    need = models.TextField(_("the need"))
    documents = models.JSONField(_("documents"), default=list, blank=True)  # [{"title", "url"}]
    state = models.CharField(max_length=12, choices=RoundState.choices, default=RoundState.DIALOGUE)
    deadline = models.DateField(_("proposal deadline"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]


class RoundQuestion(models.Model):
    round = models.ForeignKey(ProcurementRound, on_delete=models.CASCADE, related_name="questions")
    provider = models.ForeignKey("catalogue.Provider", on_delete=models.CASCADE, related_name="+")
    question = models.TextField(_("question"))
    answer = models.TextField(_("answer"), blank=True)
    asked_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "id"]


class Proposal(models.Model):
    round = models.ForeignKey(ProcurementRound, on_delete=models.CASCADE, related_name="proposals")
    provider = models.ForeignKey("catalogue.Provider", on_delete=models.PROTECT, related_name="proposals")
    summary = models.TextField(_("proposal"))
    price_model = models.CharField(_("price model"), max_length=12, choices=PriceModel.choices)
    price = models.DecimalField(_("price (EUR)"), max_digits=12, decimal_places=2)
    capacity = models.PositiveIntegerField(_("capacity (clients)"))
    score = models.DecimalField(_("evaluation score"), max_digits=5, decimal_places=1, null=True, blank=True)
    score_note = models.CharField(_("evaluation note"), max_length=500, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    awarded = models.BooleanField(default=False)

    class Meta:
        ordering = ["round", "-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "provider"], name="proposal_once_per_provider")
        ]
