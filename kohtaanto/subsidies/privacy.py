"""Subsidy applications in the GDPR registry: the application points at the client; its
attachments, requests, decisions and payments are about the same person through it. On
erasure the free texts go; amounts, dates and codes stay, as the decisions and payments are
accounting records the grantor must keep."""

from __future__ import annotations

from kohtaanto.privacy.registry import Personal

from .models import SubsidyApplication

SPECS: tuple[Personal, ...] = (
    Personal(
        SubsidyApplication,
        "SUBSIDY_APPLICATION",
        personal=("description", "case", "declared_aid"),
        codes=("benefit", "state"),
        exported=("employer_id", "start_date", "planned_months", "submitted_at"),
        blanks={"case": {}, "declared_aid": []},
    ),
)

# Models that point at a user (the applicant, the expert) but not at a client directly.
USER_SIDE = {
    "subsidies.Attachment": "uploaded by the applicant; about the application's client, erased with it",
    "subsidies.InfoRequest": "staff question and the applicant's answer; blanked on the client's erasure",
    "subsidies.Decision": "the approving experts; an accounting record, kept (amounts, dates, codes)",
    "subsidies.PaymentApplication": "filed by the applicant, handled by an expert; an accounting record, kept",
    "subsidies.PaymentBatch": "created by an expert; no client data beyond ids",
    "subsidies.Recovery": "created by an expert; an accounting record, kept",
}


def export_section(client) -> dict:
    """Decisions and payments under the client's applications (the attachments are listed by
    kind and name; their contents are in the application file)."""
    from kohtaanto.privacy.registry import leaf, node

    from .models import Attachment, Decision, PaymentApplication

    decisions = [
        node(
            "SUBSIDY_DECISION",
            [leaf("OUTCOME", d.outcome), leaf("START", d.start), leaf("END", d.end), leaf("TOTAL", d.total)],
        )
        for d in Decision.objects.filter(application__client=client).order_by("id")
    ]
    payments = [
        node(
            "SUBSIDY_PAYMENT",
            [
                leaf("PERIOD_START", p.period_start),
                leaf("PERIOD_END", p.period_end),
                leaf("STATE", p.state),
                leaf("PAYABLE", p.payable),
            ],
        )
        for p in PaymentApplication.objects.filter(decision__application__client=client).order_by("id")
    ]
    attachments = [
        node(
            "SUBSIDY_ATTACHMENT",
            [leaf("KIND", a.kind), leaf("FILENAME", a.filename), leaf("CREATED_AT", a.created_at)],
        )
        for a in Attachment.objects.filter(application__client=client).order_by("id")
    ]
    return node(
        "SUBSIDIES",
        [
            node("SUBSIDY_DECISIONS", decisions),
            node("SUBSIDY_PAYMENTS", payments),
            node("SUBSIDY_ATTACHMENTS", attachments),
        ],
    )


def anonymise(client) -> None:
    """Attachments go; the texts of requests for information are blanked."""
    from .models import Attachment, InfoRequest

    Attachment.objects.filter(application__client=client).delete()
    InfoRequest.objects.filter(application__client=client).update(question="–", answer="")
