"""Writing contracts, their bonus rule versions and cohorts, and refreshing their outcome
events (issue 17). Only procurement officers write; the refresh job writes as no one.

Every refusal is a ValidationError with a sentence, raised before anything is written,
so a bad rule (an unknown outcome, a negative amount) leaves no contract behind.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from kohtaanto.accounts import policy
from kohtaanto.audit.services import audit_record
from kohtaanto.catalogue.models import Provider, Service
from kohtaanto.domain import outcome_bonus as ob
from kohtaanto.organisation.tenancy import area_of

from .models import Arm, BonusRuleVersion, CohortMember, Contract, OutcomeEvent, PriceModel
from .selectors import bonus_inputs, enrolment_candidates, officer_area

PURPOSE = "procurement"


def require_officer(actor) -> None:
    if not policy.has_role(actor, policy.PROCUREMENT_OFFICERS):
        raise PermissionDenied("only procurement officers manage contracts")


def parse_version_or_refuse(raw: dict) -> ob.RuleVersion:
    try:
        return ob.parse_version(raw)
    except ob.RuleError as exc:
        raise ValidationError({"bonus": [f"bonus rule refused: {exc}"]}) from exc


def _store_version(contract: Contract, parsed: ob.RuleVersion, *, actor) -> BonusRuleVersion:
    last = contract.rule_versions.order_by("-version").first()
    if last is not None:
        if parsed.valid_from <= last.valid_from:
            raise ValidationError("a new rule version must start after the previous version started")
        if last.valid_to is None or last.valid_to >= parsed.valid_from:
            last.valid_to = parsed.valid_from - dt.timedelta(days=1)
            last.save(update_fields=["valid_to"])
    return BonusRuleVersion.objects.create(
        contract=contract,
        version=(last.version + 1) if last else 1,
        rules=[r.model_dump(mode="json", exclude_none=True) for r in parsed.rules],
        valid_from=parsed.valid_from,
        valid_to=parsed.valid_to,
        source=parsed.source,
        created_by=actor,
    )


def contract_create(
    *,
    actor,
    provider_id: int,
    title: str,
    service_ids: list[int],
    start: dt.date,
    end: dt.date,
    capacity: int,
    price_model: str,
    price: Decimal,
    randomised: bool = False,
    comparison_share: Decimal = Decimal(0),
    bonus: dict | None = None,
    round_id: int | None = None,
    request_id: str = "",
) -> Contract:
    """A contract with its services, price and optional first bonus rule version."""
    require_officer(actor)
    area = area_of(actor)
    if area is None:
        raise ValidationError("the officer belongs to no employment area: a contract is an area's")
    provider = Provider.objects.filter(pk=provider_id).first()
    if provider is None:
        raise ValidationError(f"no provider {provider_id}")
    if end < start:
        raise ValidationError("the contract ends before it starts")
    if price_model not in PriceModel.values:
        raise ValidationError(f"unknown price model {price_model!r}")
    if price < 0 or capacity < 1:
        raise ValidationError("the price must not be negative and the capacity at least one client")
    if randomised and not Decimal(0) < comparison_share < Decimal(1):
        raise ValidationError("a randomised contract needs a comparison share between 0 and 1")
    services = list(Service.objects.filter(pk__in=service_ids, provider=provider))
    if not services or len(services) != len(set(service_ids)):
        raise ValidationError("every service must be one of the provider's catalogue services")
    parsed = parse_version_or_refuse(bonus) if bonus else None
    with transaction.atomic():
        contract = Contract.objects.create(
            provider=provider,
            area_id=area,
            title=title,
            start=start,
            end=end,
            capacity=capacity,
            price_model=price_model,
            price=price,
            randomised=randomised,
            comparison_share=comparison_share if randomised else Decimal(0),
            random_seed=secrets.randbits(48) if randomised else None,
            round_id=round_id,
            created_by=actor,
        )
        contract.services.set(services)
        if parsed is not None:
            _store_version(contract, parsed, actor=actor)
        audit_record(
            actor=actor,
            action="create",
            target_type="procurement.contract",
            target_id=contract.pk,
            purpose=PURPOSE,
            request_id=request_id,
            detail={"randomised": randomised, "seed": contract.random_seed, "bonus": parsed is not None},
        )
    return contract


def rule_version_add(*, actor, contract_id: int, raw: dict, request_id: str = "") -> BonusRuleVersion:
    """A new version of the contract's bonus rules; the previous one ends the day before."""
    require_officer(actor)
    contract = Contract.objects.filter(officer_area(actor, "area_id"), pk=contract_id).first()
    if contract is None:
        raise ValidationError(f"no contract {contract_id}")
    parsed = parse_version_or_refuse(raw)
    with transaction.atomic():
        version = _store_version(contract, parsed, actor=actor)
        audit_record(
            actor=actor,
            action="create",
            target_type="procurement.bonus_rules",
            target_id=version.pk,
            purpose=PURPOSE,
            request_id=request_id,
            detail={"contract": contract.pk, "version": version.version},
        )
    return version


def _arm(contract: Contract, client_id: int) -> str:
    """Seeded and reproducible: the same seed and client always give the same arm, so the
    assignment can be checked afterwards from the recorded seed."""
    if not contract.randomised or contract.random_seed is None:
        return Arm.SERVICE
    digest = hashlib.sha256(f"{contract.random_seed}:{client_id}".encode()).digest()
    draw = Decimal(int.from_bytes(digest[:8], "big")) / Decimal(2**64)
    return Arm.COMPARISON if draw < contract.comparison_share else Arm.SERVICE


def contract_refresh(*, actor, contract_id: int, as_of: dt.date | None = None, request_id: str = "") -> int:
    """Enrol new cohort members from referrals, then recompute every outcome event and bonus
    due from the register; returns the number of events. `actor` None is the scheduled job."""
    if actor is not None:
        require_officer(actor)
    as_of = as_of or timezone.localdate()
    contract = Contract.objects.filter(officer_area(actor, "area_id"), pk=contract_id).first()
    if contract is None:
        raise ValidationError(f"no contract {contract_id}")
    with transaction.atomic():
        known = set(contract.members.values_list("client_id", flat=True))
        new = [
            CohortMember(
                contract=contract,
                client_id=client_id,
                referral_id=referral_id,
                start=start,
                arm=_arm(contract, client_id),
            )
            for client_id, referral_id, start in enrolment_candidates(contract)
            if client_id not in known
        ]
        CohortMember.objects.bulk_create(new, ignore_conflicts=True)
        members, jobs, versions = bonus_inputs(contract)
        events = ob.compute_events(members=members, jobs=jobs, versions=versions, as_of=as_of)
        contract.outcome_events.all().delete()
        OutcomeEvent.objects.bulk_create(
            [
                OutcomeEvent(
                    contract=contract,
                    client_id=e.client_id,
                    rule_version_id=e.version_id,
                    rule_index=e.rule_index,
                    outcome=e.outcome,
                    event_date=e.event_date,
                    amount=e.amount,
                )
                for e in events
            ],
            batch_size=1000,
        )
        contract.refreshed_at = timezone.now()
        contract.save(update_fields=["refreshed_at"])
        audit_record(
            actor=actor,
            action="update",
            target_type="procurement.outcomes",
            target_id=contract.pk,
            purpose=PURPOSE,
            request_id=request_id,
            detail={"enrolled": len(new), "events": len(events), "as_of": as_of.isoformat()},
        )
    return len(events)


def refresh_all(*, as_of: dt.date | None = None) -> int:
    """The scheduled job: every contract in force (or ended within the last year, whose
    outcomes still mature) is recomputed."""
    today = as_of or timezone.localdate()
    ids = Contract.objects.filter(start__lte=today, end__gte=today - dt.timedelta(days=730)).values_list(
        "pk", flat=True
    )
    return sum(contract_refresh(actor=None, contract_id=pk, as_of=today) for pk in ids)
