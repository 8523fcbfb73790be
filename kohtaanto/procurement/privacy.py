"""Cohort memberships, outcome events and invoice lines in the client's GDPR export; on
erasure the officer's free-text note on a line goes (dates, arms and amounts stay: they are
the municipality's accounts and the contract's evaluation)."""

from __future__ import annotations

from kohtaanto.privacy.registry import Personal, leaf, node

from .models import CohortMember, InvoiceLine, OutcomeEvent

SPECS = (
    Personal(CohortMember, "CONTRACT_COHORT", personal=(), codes=("arm",), hand_written=True),
    Personal(OutcomeEvent, "CONTRACT_OUTCOME", personal=(), codes=("outcome",), hand_written=True),
    Personal(
        InvoiceLine,
        "INVOICE_LINE",
        personal=("decision_note",),
        codes=("decision", "differences"),
        hand_written=True,
    ),
)

# Models that name a user (who created or decided) but no client.
USER_SIDE = {
    "procurement.Contract": "the procurement officer who made the contract: staff only",
    "procurement.BonusRuleVersion": "who entered the bonus rules: staff only",
    "procurement.Invoice": "the provider's user who submitted the invoice: no client data",
    "procurement.ProcurementRound": "who opened the round: staff only",
    "procurement.Proposal": "the provider's user who submitted the proposal: no client data",
}


def export_section(client) -> dict:
    members = [
        node("CONTRACT", [leaf("CONTRACT", m.contract.title), leaf("START", m.start), leaf("ARM", m.arm)])
        for m in CohortMember.objects.filter(client=client).select_related("contract").order_by("start", "id")
    ]
    events = [
        node(
            "OUTCOME",
            [leaf("CONTRACT", e.contract.title), leaf("OUTCOME", e.outcome), leaf("DATE", e.event_date)],
        )
        for e in OutcomeEvent.objects.filter(client=client)
        .select_related("contract")
        .order_by("event_date", "id")
    ]
    lines = [
        node(
            "INVOICE_LINE",
            [
                leaf("INVOICE", line.invoice.number),
                leaf("DAYS", line.days),
                leaf("AMOUNT", line.amount),
                leaf("DECISION", line.decision),
                leaf("NOTE", line.decision_note),
            ],
        )
        for line in InvoiceLine.objects.filter(client=client).select_related("invoice").order_by("id")
    ]
    return node(
        "PROCURED_SERVICES",
        [node("COHORTS", members), node("OUTCOMES", events), node("INVOICE_LINES", lines)],
    )


def anonymise(client) -> None:
    InvoiceLine.objects.filter(client=client).update(decision_note="")
