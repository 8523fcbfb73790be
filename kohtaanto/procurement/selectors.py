"""Reading contracts, invoices and rounds, scoped by who asks (issue 17): procurement
officers see everything, a provider's users only their own provider's, others nothing.

Also the plain inputs of the outcome-bonus computation (kohtaanto.domain.outcome_bonus):
cohorts, employments and rule versions read in a few queries, so that a year of a
2,000-client contract computes well inside its 10-second budget.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.formats import number_format

from kohtaanto.accounts import policy
from kohtaanto.analytics import contracts as contract_figures
from kohtaanto.analytics.disclosure import THRESHOLD
from kohtaanto.audit.services import audit_record
from kohtaanto.catalogue.permissions import provider_of
from kohtaanto.domain import outcome_bonus as ob
from kohtaanto.organisation.tenancy import area_figures_dir, in_area
from kohtaanto.outcomes.models import Employment
from kohtaanto.referrals.models import Referral, ReferralState

from .models import Arm, Contract, Invoice, ProcurementRound, Proposal, RoundQuestion

# Referrals that put a client in a contract's cohort (refused or cancelled ones do not).
ENROLLING = (
    ReferralState.REFERRED,
    ReferralState.ACCEPTED,
    ReferralState.STARTED,
    ReferralState.COMPLETED,
    ReferralState.INTERRUPTED,
)


def is_officer(actor) -> bool:
    return policy.has_role(actor, policy.PROCUREMENT_OFFICERS)


def officer_area(actor, path: str) -> Q:
    """An officer's own area's records (issue 15); the scheduled job (no actor) all."""
    return Q() if actor is None else in_area(actor, path)


def _scope(actor, qs: QuerySet, provider_field: str, area_path: str) -> QuerySet:
    if is_officer(actor):
        return qs.filter(officer_area(actor, area_path))
    provider = provider_of(actor)
    if provider is None:
        raise PermissionDenied("procured services are for procurement officers and their providers")
    return qs.filter(**{provider_field: provider})


def contracts_for(*, actor) -> QuerySet[Contract]:
    return _scope(actor, Contract.objects.select_related("provider"), "provider", "area_id")


def contract_get(*, actor, contract_id: int) -> Contract:
    contract = contracts_for(actor=actor).filter(pk=contract_id).first()
    if contract is None:
        raise Http404("no such contract")
    return contract


def contract_read(*, actor, contract_id: int, request_id: str = "") -> Contract:
    """The contract page: its cohort's outcome events name clients, so the read is audited."""
    contract = contract_get(actor=actor, contract_id=contract_id)
    audit_record(
        actor=actor,
        action="read",
        target_type="procurement.contract",
        target_id=contract.pk,
        purpose="procurement",
        request_id=request_id,
    )
    return contract


def can_read_performance(actor) -> bool:
    return policy.has_role(actor, policy.CONTRACT_PERFORMANCE_READERS)


def contract_performance(*, actor, contract: Contract, audit: bool = False, request_id: str = "") -> dict:
    """The contract's figures from the last refresh (analytics.contracts, published by the
    insights refresh): aggregates of the pseudonymised extract, small cells already hidden.
    Procurement staff only. `audit`: a read of its own (the API); the contract page's one
    audited read (`contract_read`) covers the section."""
    if not can_read_performance(actor):
        raise PermissionDenied("contract performance is for procurement officers")
    if audit:
        audit_record(
            actor=actor,
            action="read",
            target_type="procurement.contract",
            target_id=contract.pk,
            purpose="procurement",
            request_id=request_id,
            detail={"section": "performance"},
        )
    figures = contract_figures.read_published(
        area_figures_dir(contract.area.code if contract.area else "-"),
        str(contract.pk),
    )
    ops = sorted(figures["operations"], key=lambda r: (r["service_id"] is None, r["service_id"] or ""))
    figures["rows"] = [_shown(r, PERCENT_FIGURES, ()) for r in ops]
    adjusted = sorted(
        figures["performance"],
        key=lambda r: (r["horizon_months"], r["service_id"] is not None, r["service_id"] or ""),
    )
    figures["adjusted"] = [
        _shown(r, ("observed", "expected"), ("difference", "ci_low", "ci_high")) for r in adjusted
    ]
    figures["feedback"] = contract_feedback(contract)
    return figures


def contract_feedback(contract: Contract) -> dict:
    """The clients' portal scores (1-5) on the referrals the contract covers (its services,
    referred within its period), live: persons and mean score, both hidden under the
    dashboard's threshold."""
    from kohtaanto.portal.models import Feedback

    refs = [
        f"referral:{pk}"
        for pk in Referral.objects.filter(
            service__in=contract.services.all(),
            referred_at__date__gte=contract.start,
            referred_at__date__lte=contract.end,
        ).values_list("pk", flat=True)
    ]
    rows = list(Feedback.objects.filter(service_ref__in=refs).values_list("client_id", "score"))
    persons = len({client for client, _ in rows})
    if persons < THRESHOLD:
        return {"persons": None, "mean_score": None}
    return {"persons": persons, "mean_score": round(sum(s for _, s in rows) / len(rows), 2)}


PERCENT_FIGURES = ("acceptance", "completion", "interruption", "employed_3m", "employed_6m", "employed_12m")


def _shown(row: dict, shares: tuple[str, ...], points: tuple[str, ...]) -> dict:
    """Shares as per cent and differences as signed percentage points, in the reader's
    number format; hidden figures stay None (the page shows a dash)."""
    out = dict(row)
    for col in ("wait_median_days", "wait_p90_days"):
        if out.get(col) is not None:
            out[col] = round(out[col])
    for col in shares:
        if out.get(col) is not None:
            out[col] = f"{number_format(out[col] * 100, 1)} %"
    for col in points:
        if out.get(col) is not None:
            sign = "+" if out[col] > 0 else ""
            out[col] = f"{sign}{number_format(out[col] * 100, 1)}"
    return out


def invoices_for(*, actor) -> QuerySet[Invoice]:
    return _scope(
        actor, Invoice.objects.select_related("contract__provider"), "contract__provider", "contract__area_id"
    )


def invoice_get(*, actor, invoice_id: int) -> Invoice:
    invoice = invoices_for(actor=actor).filter(pk=invoice_id).first()
    if invoice is None:
        raise Http404("no such invoice")
    return invoice


def invoice_read(*, actor, invoice_id: int, request_id: str = "") -> Invoice:
    """An invoice with its lines (which name clients); the read is audited."""
    invoice = invoice_get(actor=actor, invoice_id=invoice_id)
    audit_record(
        actor=actor,
        action="read",
        target_type="procurement.invoice",
        target_id=invoice.pk,
        purpose="procurement",
        request_id=request_id,
    )
    return invoice


def rounds_for(*, actor) -> QuerySet[ProcurementRound]:
    """Rounds are published to every provider; an officer sees their own area's."""
    if is_officer(actor):
        return ProcurementRound.objects.filter(officer_area(actor, "area_id"))
    if provider_of(actor) is None:
        raise PermissionDenied("procurement rounds are for procurement officers and providers")
    return ProcurementRound.objects.all()


def round_get(*, actor, round_id: int) -> ProcurementRound:
    found = rounds_for(actor=actor).filter(pk=round_id).first()
    if found is None:
        raise Http404("no such round")
    return found


def round_detail(*, actor, round_id: int) -> tuple[ProcurementRound, list[RoundQuestion], list[Proposal]]:
    """Answered questions are public to all providers; a provider sees its own unanswered
    questions and only its own proposal, an officer everything."""
    found = round_get(actor=actor, round_id=round_id)
    questions = found.questions.select_related("provider")
    proposals = found.proposals.select_related("provider")
    if not is_officer(actor):
        provider = provider_of(actor)
        questions = questions.filter(answered_at__isnull=False) | questions.filter(provider=provider)
        proposals = proposals.filter(provider=provider)
    return found, list(questions.distinct()), list(proposals)


def contract_summary(contract: Contract) -> dict:
    """Cohort counts and bonuses due, for the contract page and the API."""
    members = contract.members.values_list("arm", flat=True)
    events = list(contract.outcome_events.all().order_by("event_date", "id"))
    return {
        "service_members": sum(1 for a in members if a == Arm.SERVICE),
        "comparison_members": sum(1 for a in members if a == Arm.COMPARISON),
        "events": events,
        "bonus_due": sum((e.amount for e in events), ob.Decimal(0)),
    }


def enrolment_candidates(contract: Contract) -> Iterator[tuple[int, int, dt.date]]:
    """(client, referral, start) of the first enrolling referral per client to one of the
    contract's services within its period."""
    seen: set[int] = set()
    rows = (
        Referral.objects.filter(
            service__in=contract.services.all(),
            state__in=ENROLLING,
            referred_at__date__gte=contract.start,
            referred_at__date__lte=contract.end,
        )
        .order_by("referred_at", "id")
        .values_list("client_id", "pk", "start_date", "referred_at")
    )
    for client_id, referral_id, start_date, referred_at in rows:
        if client_id in seen:
            continue
        seen.add(client_id)
        yield client_id, referral_id, start_date or timezone.localdate(referred_at)


def bonus_inputs(contract: Contract) -> tuple[list[ob.Member], dict[int, list[ob.Job]], list[ob.Version]]:
    members = [
        ob.Member(client_id, start, arm == Arm.COMPARISON)
        for client_id, start, arm in contract.members.values_list("client_id", "start", "arm")
    ]
    jobs: dict[int, list[ob.Job]] = defaultdict(list)
    rows = Employment.objects.filter(client__contract_memberships__contract=contract).values_list(
        "client_id", "start", "end", "weekly_hours"
    )
    for client_id, start, end, hours in rows.iterator(chunk_size=5000):
        jobs[client_id].append(ob.Job(start, end, hours))
    versions = [
        ob.Version(v.pk, ob.parse_version({**_version_raw(v)}))
        for v in contract.rule_versions.order_by("version")
    ]
    return members, jobs, versions


def _version_raw(version) -> dict:
    return {
        "valid_from": version.valid_from,
        "valid_to": version.valid_to,
        "source": version.source,
        "rules": version.rules,
    }
