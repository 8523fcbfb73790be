"""/api/v1/procurement: contracts with outcome bonuses, invoices, procurement rounds (issue 17).

Procurement officers write contracts, decisions and rounds; a provider's users read their
own contracts and invoices, submit invoices, ask questions and submit proposals. Refusals
are ValidationError / PermissionDenied, mapped to {code, detail} in kohtaanto/api.py.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Router, Schema, Status

from kohtaanto.accounts.api_auth import role_auth
from kohtaanto.accounts.policy import CONTRACT_PERFORMANCE_READERS, PROCUREMENT_OFFICERS, PROVIDERS

from . import invoices, rounds, selectors, services
from .performance_schemas import ContractPerformanceOut

router = Router(tags=["procurement"])
OFFICERS = role_auth(*PROCUREMENT_OFFICERS)
PARTIES = role_auth(*(PROCUREMENT_OFFICERS | PROVIDERS))
PROVIDER_USERS = role_auth(*PROVIDERS)


class RuleIn(Schema):
    outcome: str = Field(..., max_length=40)
    min_weekly_hours: Decimal | None = None
    within_months: int | None = None
    still_employed_after_months: int | None = None
    amount: Decimal | None = None
    share: Decimal | None = None
    reference_hourly_wage: Decimal | None = None
    cap: Decimal | None = None


class RuleVersionIn(Schema):
    valid_from: date
    valid_to: date | None = None
    source: str = Field("", max_length=300)
    rules: list[RuleIn] = Field(..., max_length=20)

    def raw(self) -> dict:
        return {
            "valid_from": self.valid_from,
            "valid_to": self.valid_to,
            "source": self.source,
            "rules": [r.model_dump(exclude_none=True) for r in self.rules],
        }


class ContractIn(Schema):
    provider_id: int
    title: str = Field(..., min_length=1, max_length=200)
    service_ids: list[int] = Field(..., min_length=1, max_length=50)
    start: date
    end: date
    capacity: int = Field(..., ge=1, le=1_000_000)
    price_model: str = Field(..., max_length=12)
    price: Decimal = Field(..., ge=0, max_digits=12, decimal_places=2)
    randomised: bool = False
    comparison_share: Decimal = Field(Decimal(0), ge=0, lt=1, max_digits=3, decimal_places=2)
    bonus: RuleVersionIn | None = None


class RuleVersionOut(Schema):
    id: int
    version: int
    valid_from: date
    valid_to: date | None
    source: str
    rules: list[RuleIn]


class ContractOut(Schema):
    id: int
    provider_id: int
    title: str
    start: date
    end: date
    capacity: int
    price_model: str
    price: Decimal
    randomised: bool
    comparison_share: Decimal
    random_seed: int | None
    refreshed_at: datetime | None


class EventOut(Schema):
    client_id: int
    outcome: str
    event_date: date
    amount: Decimal
    rule_version_id: int
    rule_index: int


class ContractDetailOut(Schema):
    contract: ContractOut
    rule_versions: list[RuleVersionOut]
    service_members: int
    comparison_members: int
    bonus_due: Decimal
    events: list[EventOut]


class RefreshOut(Schema):
    events: int


class LineIn(Schema):
    client_id: int
    service_id: int
    days: int = Field(0, ge=0, le=366)
    amount: Decimal = Field(..., ge=0, max_digits=12, decimal_places=2)


class InvoiceIn(Schema):
    contract_id: int
    number: str = Field(..., min_length=1, max_length=40)
    period_start: date
    period_end: date
    lines: list[LineIn] = Field(..., min_length=1, max_length=invoices.MAX_LINES)


class LineOut(Schema):
    id: int
    client_id: int
    service_id: int
    days: int
    amount: Decimal
    expected_amount: Decimal | None
    differences: list[str]
    decision: str
    decision_note: str


class InvoiceOut(Schema):
    id: int
    contract_id: int
    number: str
    period_start: date
    period_end: date
    state: str
    lines: list[LineOut]


class DecisionIn(Schema):
    decision: str = Field(..., max_length=10)
    note: str = Field("", max_length=500)


class DocumentIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    url: str = Field(..., min_length=1, max_length=500)


class RoundIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    need: str = Field(..., min_length=1, max_length=10_000)
    deadline: date
    documents: list[DocumentIn] = Field([], max_length=50)


class RoundOut(Schema):
    id: int
    title: str
    need: str
    deadline: date
    state: str
    documents: list[DocumentIn]


class StateIn(Schema):
    state: str = Field(..., max_length=12)


class QuestionIn(Schema):
    question: str = Field(..., min_length=1, max_length=5000)


class AnswerIn(Schema):
    answer: str = Field(..., min_length=1, max_length=5000)


class QuestionOut(Schema):
    id: int
    question: str
    answer: str
    answered_at: datetime | None


class ProposalIn(Schema):
    summary: str = Field(..., min_length=1, max_length=10_000)
    price_model: str = Field(..., max_length=12)
    price: Decimal = Field(..., ge=0, max_digits=12, decimal_places=2)
    capacity: int = Field(..., ge=1, le=1_000_000)


class ProposalOut(Schema):
    id: int
    provider_id: int
    summary: str
    price_model: str
    price: Decimal
    capacity: int
    score: Decimal | None
    score_note: str
    awarded: bool


class ScoreIn(Schema):
    score: Decimal = Field(..., ge=0, le=100, max_digits=5, decimal_places=1)
    note: str = Field("", max_length=500)


class AwardIn(Schema):
    service_ids: list[int] = Field(..., min_length=1, max_length=50)
    start: date
    end: date
    bonus: RuleVersionIn | None = None


class RoundDetailOut(Schema):
    round: RoundOut
    questions: list[QuestionOut]
    proposals: list[ProposalOut]


def _detail(contract) -> dict:
    summary = selectors.contract_summary(contract)
    return {"contract": contract, "rule_versions": list(contract.rule_versions.all()), **summary}


@router.get("/contracts", response=list[ContractOut], auth=PARTIES, summary="Contracts")
def contract_list(request):
    return list(selectors.contracts_for(actor=request.user))


@router.post("/contracts", response={201: ContractOut}, auth=OFFICERS, summary="Create a contract")
def contract_create(request, payload: ContractIn):
    data = payload.model_dump(exclude={"bonus"})
    contract = services.contract_create(
        actor=request.user,
        bonus=payload.bonus.raw() if payload.bonus else None,
        request_id=request.request_id,
        **data,
    )
    return Status(201, contract)


@router.get("/contracts/{int:contract_id}", response=ContractDetailOut, auth=PARTIES, summary="A contract")
def contract_detail(request, contract_id: int):
    contract = selectors.contract_read(
        actor=request.user, contract_id=contract_id, request_id=request.request_id
    )
    return _detail(contract)


@router.get(
    "/contracts/{int:contract_id}/performance",
    response=ContractPerformanceOut,
    auth=role_auth(*CONTRACT_PERFORMANCE_READERS),
    summary="A contract's performance",
)
def contract_performance(request, contract_id: int):
    """Referrals, acceptance, waits, completion, employment at 3/6/12 months and the
    risk-adjusted outcome of the contract, from the last refresh (docs/providers.md)."""
    contract = selectors.contract_get(actor=request.user, contract_id=contract_id)
    figures = selectors.contract_performance(
        actor=request.user, contract=contract, audit=True, request_id=request.request_id
    )
    return {
        "as_of": figures["as_of"],
        "operations": figures["operations"],
        "risk_adjusted": figures["performance"],
        "feedback_persons": figures["feedback"]["persons"],
        "feedback_mean_score": figures["feedback"]["mean_score"],
    }


@router.post(
    "/contracts/{int:contract_id}/rules",
    response={201: RuleVersionOut},
    auth=OFFICERS,
    summary="Add a bonus rule version",
)
def rules_add(request, contract_id: int, payload: RuleVersionIn):
    version = services.rule_version_add(
        actor=request.user, contract_id=contract_id, raw=payload.raw(), request_id=request.request_id
    )
    return Status(201, version)


@router.post(
    "/contracts/{int:contract_id}/refresh", response=RefreshOut, auth=OFFICERS, summary="Recompute outcomes"
)
def contract_refresh(request, contract_id: int):
    count = services.contract_refresh(
        actor=request.user, contract_id=contract_id, request_id=request.request_id
    )
    return {"events": count}


@router.get("/invoices", response=list[InvoiceOut], auth=PARTIES, summary="Invoices")
def invoice_list(request):
    return list(selectors.invoices_for(actor=request.user).prefetch_related("lines"))


@router.post("/invoices", response={201: InvoiceOut}, auth=PROVIDER_USERS, summary="Submit an invoice")
def invoice_submit(request, payload: InvoiceIn):
    invoice = invoices.invoice_submit(
        actor=request.user,
        contract_id=payload.contract_id,
        number=payload.number,
        period_start=payload.period_start,
        period_end=payload.period_end,
        lines=[invoices.LineIn(**line.model_dump()) for line in payload.lines],
        request_id=request.request_id,
    )
    return Status(201, invoice)


@router.get("/invoices/{int:invoice_id}", response=InvoiceOut, auth=PARTIES, summary="An invoice")
def invoice_detail(request, invoice_id: int):
    return selectors.invoice_read(actor=request.user, invoice_id=invoice_id, request_id=request.request_id)


@router.post(
    "/invoice-lines/{int:line_id}/decision", response=LineOut, auth=OFFICERS, summary="Accept or dispute"
)
def line_decide(request, line_id: int, payload: DecisionIn):
    return invoices.line_decide(
        actor=request.user,
        line_id=line_id,
        decision=payload.decision,
        note=payload.note,
        request_id=request.request_id,
    )


@router.get("/rounds", response=list[RoundOut], auth=PARTIES, summary="Procurement rounds")
def round_list(request):
    return list(selectors.rounds_for(actor=request.user))


@router.post("/rounds", response={201: RoundOut}, auth=OFFICERS, summary="Open a procurement round")
def round_create(request, payload: RoundIn):
    found = rounds.round_create(
        actor=request.user,
        title=payload.title,
        need=payload.need,
        deadline=payload.deadline,
        documents=[d.model_dump() for d in payload.documents],
        request_id=request.request_id,
    )
    return Status(201, found)


@router.get("/rounds/{int:round_id}", response=RoundDetailOut, auth=PARTIES, summary="A procurement round")
def round_detail(request, round_id: int):
    found, questions, proposals = selectors.round_detail(actor=request.user, round_id=round_id)
    return {"round": found, "questions": questions, "proposals": proposals}


@router.post("/rounds/{int:round_id}/state", response=RoundOut, auth=OFFICERS, summary="Move a round on")
def round_state(request, round_id: int, payload: StateIn):
    return rounds.round_set_state(
        actor=request.user, round_id=round_id, state=payload.state, request_id=request.request_id
    )


@router.post(
    "/rounds/{int:round_id}/questions", response={201: QuestionOut}, auth=PROVIDER_USERS, summary="Ask"
)
def question_ask(request, round_id: int, payload: QuestionIn):
    row = rounds.question_ask(
        actor=request.user, round_id=round_id, question=payload.question, request_id=request.request_id
    )
    return Status(201, row)


@router.post("/questions/{int:question_id}/answer", response=QuestionOut, auth=OFFICERS, summary="Answer")
def question_answer(request, question_id: int, payload: AnswerIn):
    return rounds.question_answer(
        actor=request.user, question_id=question_id, answer=payload.answer, request_id=request.request_id
    )


@router.post(
    "/rounds/{int:round_id}/proposals", response={201: ProposalOut}, auth=PROVIDER_USERS, summary="Propose"
)
def proposal_submit(request, round_id: int, payload: ProposalIn):
    row = rounds.proposal_submit(
        actor=request.user, round_id=round_id, request_id=request.request_id, **payload.dict()
    )
    return Status(201, row)


@router.post("/proposals/{int:proposal_id}/score", response=ProposalOut, auth=OFFICERS, summary="Score")
def proposal_score(request, proposal_id: int, payload: ScoreIn):
    return rounds.proposal_score(
        actor=request.user,
        proposal_id=proposal_id,
        score=payload.score,
        note=payload.note,
        request_id=request.request_id,
    )


@router.post(
    "/proposals/{int:proposal_id}/award", response={201: ContractOut}, auth=OFFICERS, summary="Award"
)
def proposal_award(request, proposal_id: int, payload: AwardIn):
    contract = rounds.round_award(
        actor=request.user,
        proposal_id=proposal_id,
        service_ids=payload.service_ids,
        start=payload.start,
        end=payload.end,
        bonus=payload.bonus.raw() if payload.bonus else None,
        request_id=request.request_id,
    )
    return Status(201, contract)
