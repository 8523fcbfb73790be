"""Employer subsidies and the start-up grant (issue 16): applications with their attachments
and requests for information, decisions holding the calculator's result, payment
applications checked against the decision, and the batches sent to the finance system.

Amounts are euros with cents. A decision stores the calculator's lines and the rule version
it used, so a later change in the rules never changes what was decided."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Benefit(models.TextChoices):
    # The calculator's benefit codes (kohtaanto/domain/subsidies/case.py), so cases pass through.
    PALKKATUKI = "palkkatuki", _("pay subsidy")
    HELSINKI_LISA = "helsinki_lisa", _("Helsinki supplement")
    STARTTIRAHA = "starttiraha", _("start-up grant")
    TYOKOKEILU = "tyokokeilu", _("work trial")


class State(models.TextChoices):
    # A context of their own: "granted" is "myönnetty" here, not the "annettu" of other pages.
    DRAFT = "draft", pgettext_lazy("subsidy application state", "draft")
    SUBMITTED = "submitted", pgettext_lazy("subsidy application state", "submitted")
    INFO_REQUESTED = (
        "info_requested",
        pgettext_lazy("subsidy application state", "more information requested"),
    )
    GRANTED = "granted", pgettext_lazy("subsidy application state", "granted")
    PARTLY_GRANTED = "partly_granted", pgettext_lazy("subsidy application state", "partly granted")
    REJECTED = "rejected", pgettext_lazy("subsidy application state", "rejected")
    AMENDED = "amended", pgettext_lazy("subsidy application state", "amended")
    ENDED = "ended", pgettext_lazy("subsidy application state", "ended")


DECIDED = (State.GRANTED, State.PARTLY_GRANTED, State.AMENDED)


class SubsidyApplication(models.Model):
    benefit = models.CharField(_("benefit"), max_length=20, choices=Benefit.choices)
    # Null for the start-up grant, whose applicant is the client themself.
    employer = models.ForeignKey(
        "employers.Employer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subsidy_applications",
    )
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="subsidy_applications"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    start_date = models.DateField(_("start date"))
    planned_months = models.PositiveSmallIntegerField(_("planned months"))
    # The calculator's case fields the applicant gives (pay, ground, employer kind ...);
    # the client's facts are filled in from the register when the case is decided.
    case = models.JSONField(_("calculation details"), default=dict)
    # De minimis aid from other grantors, declared by the applicant: [{granted_on, amount, grantor}].
    declared_aid = models.JSONField(_("declared other aid"), default=list, blank=True)
    description = models.TextField(_("description"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "benefit"])]


class AttachmentKind(models.TextChoices):
    CONTRACT = "contract", _("employment contract")
    PAY = "pay", _("pay details")
    DE_MINIMIS = "de_minimis", _("declaration of other de minimis aid")
    BUSINESS_PLAN = "business_plan", _("business plan")
    CALCULATIONS = "calculations", _("profitability and financing calculations")
    ADVISORY = "advisory", _("advisory statement")
    OTHER = "other", _("other")


class Attachment(models.Model):
    """A document of an application, encrypted at rest like the portal's documents."""

    application = models.ForeignKey(SubsidyApplication, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=20, choices=AttachmentKind.choices)
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    data = models.BinaryField()  # Fernet token
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class InfoRequest(models.Model):
    application = models.ForeignKey(
        SubsidyApplication, on_delete=models.CASCADE, related_name="info_requests"
    )
    question = models.TextField(_("question"))
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    asked_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "id"]


class DecisionKind(models.TextChoices):
    FIRST = "first", _("decision")
    AMENDMENT = "amendment", _("amended decision")
    CONTINUATION = "continuation", _("continuation decision")


class Decision(models.Model):
    application = models.ForeignKey(SubsidyApplication, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(max_length=20, choices=DecisionKind.choices, default=DecisionKind.FIRST)
    outcome = models.CharField(_("outcome"), max_length=20, choices=State.choices)
    rule_version = models.CharField(_("rule version"), max_length=100)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    rate = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    monthly_cap = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    monthly_amounts = models.JSONField(default=list)  # ["1234.00", ...], one per month
    total = models.DecimalField(_("total"), max_digits=12, decimal_places=2)
    aid_basis = models.CharField(max_length=20)
    business_id = models.CharField(max_length=9, blank=True)  # the undertaking, for de minimis
    lines = models.JSONField(default=list)  # the calculation line by line
    reasons = models.JSONField(default=list)  # the calculator's [{code, text, blocking}]
    justification = models.TextField(_("reasons"), blank=True)
    legal_basis = models.TextField(_("legal basis"))
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    second_approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    needs_second_approval = models.BooleanField(default=False)
    in_force = models.BooleanField(default=False)  # False until approved (twice above the threshold)
    decided_at = models.DateTimeField(auto_now_add=True)
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-decided_at", "-id"]


class PaymentState(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    LAPSED = "lapsed", _("lapsed")
    BATCHED = "batched", _("sent for payment")


class PaymentBatch(models.Model):
    # The employment area whose payments it holds: an expert batches and reads their own area's.
    area = models.ForeignKey(
        "organisation.Municipality", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    count = models.PositiveIntegerField(default=0)
    total = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    csv = models.TextField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["-created_at", "-id"]


class PaymentApplication(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="payments")
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    months = models.PositiveSmallIntegerField(_("period length, months"))
    # One line per month: {"month": "2026-01", "pay": "..", "side_costs": "..", "holiday_pay": "..", "paid": true}
    lines = models.JSONField(default=list)
    claimed = models.DecimalField(_("claimed"), max_digits=12, decimal_places=2)
    accepted = models.DecimalField(_("accepted"), max_digits=12, decimal_places=2, default=0)
    offset = models.DecimalField(_("overpayment offset"), max_digits=12, decimal_places=2, default=0)
    payable = models.DecimalField(_("payable"), max_digits=12, decimal_places=2, default=0)
    state = models.CharField(max_length=20, choices=PaymentState.choices, default=PaymentState.SUBMITTED)
    reason = models.TextField(blank=True)
    deadline = models.DateField()
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filed_on = models.DateField()
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    batch = models.ForeignKey(
        PaymentBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["period_start", "id"]


class Recovery(models.Model):
    """An overpayment: offset against the decision's next payments, the rest recovered."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="recoveries")
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    settled = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    reason = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
