"""Pages both sides of an application read: the decision document and the attachments. The
applicant who owns the application and the subsidy experts see them; anyone else gets 404
from `access.application_for`, so another employer's decisions are not shown to exist."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import translation

from kohtaanto.domain.subsidies.rules import rulebook
from kohtaanto.portal.crypto import decrypt
from kohtaanto.portal.documents import File
from kohtaanto.portal.selfservice_views import download

from . import selectors
from .access import is_expert
from .models import DecisionKind, PaymentBatch, State

# The decision is written in Finnish or Swedish (the municipality's official languages).
DOCUMENT_LANGUAGES = ("fi", "sv")


@login_required
def decision_document(request, application_id: int, decision_id: int):
    decision = selectors.decision_get(
        actor=request.user,
        application_id=application_id,
        decision_id=decision_id,
        request_id=request.request_id,
    )
    app = decision.application
    language = request.GET.get("kieli", "")
    if language not in DOCUMENT_LANGUAGES:
        current = translation.get_language() or "fi"
        language = "sv" if current.startswith("sv") else "fi"
    names = rulebook().names.get(app.benefit, {})
    version = rulebook().in_force(app.benefit, decision.start)
    context = {
        "app": app,
        "decision": decision,
        "benefit_name": names.get(language, app.get_benefit_display()),
        "source": version.source,
        "granted": decision.outcome in (State.GRANTED, State.PARTLY_GRANTED),
        "rate_percent": f"{decision.rate * 100:.0f} %" if decision.rate is not None else "",
        "amended": decision.kind != DecisionKind.FIRST,
        "language": language,
        "languages": DOCUMENT_LANGUAGES,
        "expert": is_expert(request.user),
        "notes": [r for r in decision.reasons if not r.get("blocking")],
        "refusals": [r for r in decision.reasons if r.get("blocking")],
    }
    with translation.override(language):
        response = render(request, "subsidies/decision_document.html", context)
    response["Content-Language"] = language
    return response


def finance_file(batch: PaymentBatch) -> HttpResponse:
    """A payment batch as the CSV file for the finance system, with its checksum (the page and
    the API send the same file)."""
    response = HttpResponse(batch.csv, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="payment-batch-{batch.pk}.csv"'
    response["X-Checksum-SHA256"] = batch.sha256
    return response


@login_required
def attachment(request, application_id: int, attachment_id: int):
    att = selectors.attachment_get(
        actor=request.user,
        application_id=application_id,
        attachment_id=attachment_id,
        request_id=request.request_id,
    )
    # Served as the portal serves its documents: an attachment, never inline or cached.
    return download(File(att.filename, att.content_type, decrypt(bytes(att.data))))
