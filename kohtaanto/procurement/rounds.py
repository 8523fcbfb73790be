"""Challenge competitions and market dialogue (issue 17): a round publishes a need and its
documents, providers ask questions whose answers are published to all, submit proposals,
the officer scores them and awards one, and the award becomes a contract."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from kohtaanto.accounts import policy
from kohtaanto.audit.services import audit_record
from kohtaanto.catalogue.permissions import provider_of
from kohtaanto.organisation.tenancy import area_of

from .models import Contract, PriceModel, ProcurementRound, Proposal, RoundQuestion, RoundState
from .selectors import officer_area
from .services import PURPOSE, contract_create, require_officer


def _audit(actor, action: str, target_type: str, target_id: int, request_id: str, **detail) -> None:
    audit_record(
        actor=actor,
        action=action,
        target_type=target_type,
        target_id=target_id,
        purpose=PURPOSE,
        request_id=request_id,
        detail=detail or None,
    )


def _round(round_id: int, *, actor, lock: bool = False) -> ProcurementRound:
    """The round, an officer's own area's only (providers answer any published round)."""
    qs = ProcurementRound.objects.select_for_update() if lock else ProcurementRound.objects
    if policy.has_role(actor, policy.PROCUREMENT_OFFICERS):
        qs = qs.filter(officer_area(actor, "area_id"))
    found = qs.filter(pk=round_id).first()
    if found is None:
        raise ValidationError(f"no procurement round {round_id}")
    return found


def round_create(
    *, actor, title: str, need: str, deadline: dt.date, documents: list[dict], request_id: str = ""
) -> ProcurementRound:
    require_officer(actor)
    if area_of(actor) is None:
        raise ValidationError("the officer belongs to no employment area: a round is an area's")
    if not title.strip() or not need.strip():
        raise ValidationError("a round needs a title and a description of the need")
    with transaction.atomic():
        found = ProcurementRound.objects.create(
            area_id=area_of(actor),
            title=title.strip(),
            need=need.strip(),
            deadline=deadline,
            documents=documents,
            created_by=actor,
        )
        _audit(actor, "create", "procurement.round", found.pk, request_id)
    return found


def round_set_state(*, actor, round_id: int, state: str, request_id: str = "") -> ProcurementRound:
    """Dialogue -> open -> evaluation; the award is its own step."""
    require_officer(actor)
    order: list[str] = [RoundState.DIALOGUE, RoundState.OPEN, RoundState.EVALUATION]
    with transaction.atomic():
        found = _round(round_id, actor=actor, lock=True)
        if (
            state not in order
            or found.state not in order
            or order.index(state) != order.index(found.state) + 1
        ):
            raise ValidationError(f"a round in {found.state} cannot move to {state}")
        found.state = state
        found.save(update_fields=["state"])
        _audit(actor, "update", "procurement.round", found.pk, request_id, state=state)
    return found


def question_ask(*, actor, round_id: int, question: str, request_id: str = "") -> RoundQuestion:
    provider = provider_of(actor)
    if provider is None:
        raise PermissionDenied("only providers ask questions in a round")
    if not question.strip():
        raise ValidationError("the question is empty")
    with transaction.atomic():
        found = _round(round_id, actor=actor)
        if found.state not in (RoundState.DIALOGUE, RoundState.OPEN):
            raise ValidationError("questions are closed in this round")
        row = RoundQuestion.objects.create(round=found, provider=provider, question=question.strip())
        _audit(actor, "create", "procurement.question", row.pk, request_id)
    return row


def question_answer(*, actor, question_id: int, answer: str, request_id: str = "") -> RoundQuestion:
    """The answer is published to every provider (without the asker's name)."""
    require_officer(actor)
    if not answer.strip():
        raise ValidationError("the answer is empty")
    with transaction.atomic():
        row = RoundQuestion.objects.select_for_update().filter(pk=question_id).first()
        if row is None:
            raise ValidationError(f"no question {question_id}")
        row.answer, row.answered_at = answer.strip(), timezone.now()
        row.save(update_fields=["answer", "answered_at"])
        _audit(actor, "update", "procurement.question", row.pk, request_id)
    return row


def proposal_submit(
    *,
    actor,
    round_id: int,
    summary: str,
    price_model: str,
    price: Decimal,
    capacity: int,
    request_id: str = "",
) -> Proposal:
    provider = provider_of(actor)
    if provider is None:
        raise PermissionDenied("only providers submit proposals")
    if price_model not in PriceModel.values or price < 0 or capacity < 1 or not summary.strip():
        raise ValidationError("a proposal needs a summary, a known price model, a price and a capacity")
    with transaction.atomic():
        found = _round(round_id, actor=actor)
        if found.state != RoundState.OPEN or timezone.localdate() > found.deadline:
            raise ValidationError("the round does not take proposals now")
        if found.proposals.filter(provider=provider).exists():
            raise ValidationError("your organisation has already submitted a proposal in this round")
        row = Proposal.objects.create(
            round=found,
            provider=provider,
            summary=summary.strip(),
            price_model=price_model,
            price=price,
            capacity=capacity,
            submitted_by=actor,
        )
        _audit(actor, "create", "procurement.proposal", row.pk, request_id)
    return row


def proposal_score(
    *, actor, proposal_id: int, score: Decimal, note: str = "", request_id: str = ""
) -> Proposal:
    require_officer(actor)
    if not Decimal(0) <= score <= Decimal(100):
        raise ValidationError("the score is between 0 and 100")
    with transaction.atomic():
        row = Proposal.objects.select_for_update().select_related("round").filter(pk=proposal_id).first()
        if row is None:
            raise ValidationError(f"no proposal {proposal_id}")
        if row.round.state != RoundState.EVALUATION:
            raise ValidationError("proposals are scored in the evaluation phase")
        row.score, row.score_note = score, note.strip()[:500]
        row.save(update_fields=["score", "score_note"])
        _audit(actor, "update", "procurement.proposal", row.pk, request_id, score=str(score))
    return row


def round_award(
    *,
    actor,
    proposal_id: int,
    service_ids: list[int],
    start: dt.date,
    end: dt.date,
    bonus: dict | None = None,
    request_id: str = "",
) -> Contract:
    """The scored proposal wins; its price and capacity become the contract's."""
    require_officer(actor)
    with transaction.atomic():
        proposal = Proposal.objects.select_related("round", "provider").filter(pk=proposal_id).first()
        if proposal is None:
            raise ValidationError(f"no proposal {proposal_id}")
        found = _round(proposal.round_id, actor=actor, lock=True)
        if found.state != RoundState.EVALUATION or proposal.score is None:
            raise ValidationError("only a scored proposal of a round in evaluation can be awarded")
        contract = contract_create(
            actor=actor,
            provider_id=proposal.provider_id,
            title=found.title,
            service_ids=service_ids,
            start=start,
            end=end,
            capacity=proposal.capacity,
            price_model=proposal.price_model,
            price=proposal.price,
            bonus=bonus,
            round_id=found.pk,
            request_id=request_id,
        )
        proposal.awarded = True
        proposal.save(update_fields=["awarded"])
        found.state = RoundState.AWARDED
        found.save(update_fields=["state"])
        _audit(
            actor,
            "update",
            "procurement.round",
            found.pk,
            request_id,
            awarded=proposal.pk,
            contract=contract.pk,
        )
    return contract
