"""Deciding a subsidy: the expert's request for information, the decision computed by the
domain calculator with the rule version in force on the start date, the second approval
above the configured amount, amendments, continuations and the end.

The client's facts come from the register (age from the birth date, unemployment from the
job-search periods, earlier grants from earlier decisions) and de minimis aid is counted
per business ID across every decision Kohtaanto has made plus the aid the applicant
declared, so the ceiling is checked by the same calculator that the command line runs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import ValidationError as InputError

from kohtaanto.accounts.models import User
from kohtaanto.domain.subsidies.calculator import calculate
from kohtaanto.domain.subsidies.case import SubsidyCase, describe_errors
from kohtaanto.domain.subsidies.result import SubsidyResult
from kohtaanto.domain.subsidies.rules import NoRulesInForce, rulebook
from kohtaanto.outcomes.models import JobSearchPeriod
from kohtaanto.outcomes.services import employment_add

from .access import PURPOSE, application_for, require_expert
from .access import audit_application as _audit
from .models import DECIDED, Benefit, Decision, DecisionKind, InfoRequest, State, SubsidyApplication

CLIENT_FLAGS = (
    "reduced_work_capacity",
    "basic_education_only",
    "immigrant",
    "helsinki_resident",
    "helsinki_need_assessed",
    "helsinki_card",
)
GRANTED_OUTCOMES = (State.GRANTED, State.PARTLY_GRANTED)


def info_request(*, actor: User, application_id: int, question: str, request_id: str = "") -> InfoRequest:
    require_expert(actor)
    question = (question or "").strip()
    if not question:
        raise ValidationError({"question": _("Write what information is needed.")})
    with transaction.atomic():
        app = application_for(actor, application_id, lock=True)
        if app.state not in (State.SUBMITTED, State.INFO_REQUESTED):
            raise ValidationError({"state": _("Information is asked on a submitted application.")})
        info = InfoRequest.objects.create(application=app, question=question[:10000], asked_by=actor)
        app.state = State.INFO_REQUESTED
        app.save(update_fields=["state", "updated_at"])
        _audit(actor, app, "create", "subsidy.info_request", info.pk, request_id)
    return info


def de_minimis_granted(business_id: str, exclude_application: int | None = None) -> list[dict[str, str]]:
    """De minimis aid Kohtaanto has granted to the undertaking, as the calculator's input."""
    if not business_id:
        return []
    rows = Decision.objects.filter(
        business_id=business_id, aid_basis="de_minimis", in_force=True, outcome__in=GRANTED_OUTCOMES
    ).exclude(application_id=exclude_application)
    return [{"granted_on": d.start.isoformat(), "amount": str(d.total), "grantor": "Kohtaanto"} for d in rows]


def build_case(
    app: SubsidyApplication,
    *,
    start: dt.date,
    months: int,
    client_facts: dict[str, Any],
    continuation: bool = False,
) -> SubsidyCase:
    """The calculator's case: the applicant's figures, the register's facts about the client.
    A continuation counts this application's own earlier periods as earlier grants (the
    start-up grant's 12 months in all); a first decision or an amendment does not."""
    unknown = sorted(set(client_facts) - set(CLIENT_FLAGS))
    if unknown:
        raise ValidationError(
            {"client_facts": _("Unknown fields: %(names)s.") % {"names": ", ".join(unknown)}}
        )
    client = app.client
    born = client.birth_date
    age = start.year - born.year - ((start.month, start.day) < (born.month, born.day))
    periods = [
        {"start": p.start.isoformat(), "end": p.end.isoformat() if p.end else None}
        for p in JobSearchPeriod.objects.filter(client=client).order_by("start")
    ]
    earlier = Decision.objects.filter(
        application__client=client, in_force=True, outcome__in=GRANTED_OUTCOMES, start__lt=start
    ).select_related("application")
    if not continuation:
        earlier = earlier.exclude(application=app)
    previous = [
        {
            "benefit": d.application.benefit,
            "start": d.start.isoformat(),
            "end": d.end.isoformat(),
            "same_employer": d.application.employer_id == app.employer_id,
        }
        for d in earlier
    ]
    business_id = app.employer.business_id if app.employer else ""
    data = {
        **app.case,
        "id": f"application-{app.pk}",
        "benefit": app.benefit,
        "start_date": start.isoformat(),
        "planned_months": months,
        "applied_on": (app.submitted_at or timezone.now()).date().isoformat(),
        "previous_grants": previous,
        "de_minimis_received": [*app.declared_aid, *de_minimis_granted(business_id, app.pk)],
    }
    if app.benefit != Benefit.STARTTIRAHA:
        data["client"] = {
            "age": age,
            "unemployment_periods": periods,
            **{k: bool(v) for k, v in client_facts.items()},
        }
    try:
        return SubsidyCase.model_validate(data)
    except InputError as exc:
        raise ValidationError({"case": describe_errors(exc)}) from None


def _refusal(result: SubsidyResult) -> ValidationError:
    codes = result.codes
    if "de_minimis_ceiling" in codes:
        text = next(r.text for r in result.reasons if r.code == "de_minimis_ceiling")
        return ValidationError({"de_minimis": _("Over the de minimis ceiling: %(why)s") % {"why": text}})
    why = "; ".join(r.text for r in result.reasons if r.blocking)
    return ValidationError({"eligibility": _("The case is not eligible: %(why)s") % {"why": why}})


def legal_basis_of(benefit: str, on: dt.date) -> str:
    source = rulebook().in_force(benefit, on).source
    return f"{source.act} {source.section}"


def decision_make(
    *,
    actor: User,
    application_id: int,
    grant: bool,
    justification: str,
    months: int | None = None,
    client_facts: dict[str, Any] | None = None,
    kind: str = DecisionKind.FIRST,
    start: dt.date | None = None,
    request_id: str = "",
) -> Decision:
    """A decision by the calculator. Granting a case the calculator refuses is refused with
    its reasons; above the configured amount it waits for a second expert's approval."""
    require_expert(actor)
    if kind not in DecisionKind.values:
        raise ValidationError({"kind": _("Unknown kind of decision.")})
    with transaction.atomic():
        app = application_for(actor, application_id, lock=True)
        expected = (State.SUBMITTED,) if kind == DecisionKind.FIRST else DECIDED
        if app.state not in expected:
            raise ValidationError({"state": _("This application cannot be decided now.")})
        if app.decisions.filter(
            in_force=False, outcome__in=GRANTED_OUTCOMES, second_approver__isnull=True
        ).exists():
            raise ValidationError({"state": _("A decision on this application awaits a second approval.")})
        start = start or app.start_date
        months = months or app.planned_months
        if not 1 <= months <= app.planned_months and kind == DecisionKind.FIRST:
            raise ValidationError({"months": _("Grant 1 to %(n)s months.") % {"n": app.planned_months}})
        case = build_case(
            app,
            start=start,
            months=months,
            client_facts=client_facts or {},
            continuation=kind == DecisionKind.CONTINUATION,
        )
        try:
            result = calculate(case)
        except NoRulesInForce as exc:
            raise ValidationError({"start": str(exc)}) from None
        if grant and not result.eligible:
            raise _refusal(result)
        if grant:
            outcome = State.PARTLY_GRANTED if result.months < app.planned_months else State.GRANTED
        else:
            outcome = State.REJECTED
        end = start + relativedelta(months=max(result.months, 1)) - dt.timedelta(days=1)
        threshold = Decimal(settings.SUBSIDY_SECOND_APPROVAL_EUROS)
        second = grant and result.total > threshold
        decision = Decision.objects.create(
            application=app,
            kind=kind,
            outcome=outcome,
            rule_version=result.rule_version,
            start=start,
            end=end,
            rate=result.rate,
            monthly_cap=result.monthly_cap,
            monthly_amounts=[str(a) for a in result.monthly_amounts] if grant else [],
            total=result.total if grant else Decimal(0),
            aid_basis=result.aid_basis,
            business_id=app.employer.business_id if app.employer else "",
            lines=list(result.lines),
            reasons=[r.to_dict() for r in result.reasons],
            justification=(justification or "").strip()[:10000],
            legal_basis=legal_basis_of(app.benefit, start),
            approver=actor,
            needs_second_approval=second,
        )
        _audit(actor, app, "create", "subsidy.decision", decision.pk, request_id, {"outcome": outcome})
        if not second:
            _bring_into_force(actor, app, decision, request_id)
    return decision


def _bring_into_force(actor: User, app: SubsidyApplication, decision: Decision, request_id: str) -> None:
    if decision.kind == DecisionKind.AMENDMENT:
        # An amendment replaces the decision in force; a continuation covers the period after
        # it, so the earlier period stays in force and its last months can still be paid.
        app.decisions.exclude(pk=decision.pk).filter(in_force=True).update(in_force=False)
    decision.in_force, decision.approved_at = True, timezone.now()
    decision.save(update_fields=["in_force", "approved_at"])
    app.state = decision.outcome if decision.kind != DecisionKind.AMENDMENT else State.AMENDED
    app.save(update_fields=["state", "updated_at"])
    if (
        decision.kind == DecisionKind.FIRST
        and app.benefit == Benefit.PALKKATUKI
        and decision.outcome in GRANTED_OUTCOMES
    ):
        # A granted pay subsidy is the client's subsidised employment.
        percent = Decimal(str(app.case.get("working_time_percent", 100)))
        hours = Decimal(
            str(app.case.get("weekly_hours") or (Decimal("37.5") * percent / 100).quantize(Decimal("0.1")))
        )
        employment_add(
            actor=actor,
            client=app.client,
            employer_name=app.employer.name if app.employer else "",
            business_id=app.employer.business_id if app.employer else "",
            start=decision.start,
            end=decision.end,
            weekly_hours=hours,
            contract="fixed_term",
            subsidised=True,
            purpose=PURPOSE,
            request_id=request_id,
        )


def decision_approve(*, actor: User, decision_id: int, request_id: str = "") -> Decision:
    """The second approval: another expert than the one who made the decision."""
    require_expert(actor)
    with transaction.atomic():
        decision = Decision.objects.select_for_update().filter(pk=decision_id).first()
        if decision is None:
            raise ValidationError({"decision": _("No such decision.")})
        app = application_for(actor, decision.application_id, lock=True)
        if decision.in_force or not decision.needs_second_approval or decision.second_approver_id:
            raise ValidationError({"decision": _("The decision does not await a second approval.")})
        if decision.approver_id == actor.pk:
            raise ValidationError({"decision": _("The second approval is given by another expert.")})
        decision.second_approver = actor
        decision.save(update_fields=["second_approver"])
        _bring_into_force(actor, app, decision, request_id)
        _audit(actor, app, "update", "subsidy.decision", decision.pk, request_id, {"second_approval": True})
    return decision


def application_end(
    *, actor: User, application_id: int, end: dt.date, request_id: str = ""
) -> SubsidyApplication:
    """The subsidy ends early (the employment ended): the decision's period is cut short."""
    require_expert(actor)
    with transaction.atomic():
        app = application_for(actor, application_id, lock=True)
        decision = app.decisions.filter(in_force=True, outcome__in=GRANTED_OUTCOMES).first()
        if app.state not in DECIDED or decision is None:
            raise ValidationError({"state": _("Only a granted subsidy can end.")})
        if not decision.start <= end <= decision.end:
            raise ValidationError({"end": _("The end date must be within the decision's period.")})
        decision.end = end
        decision.save(update_fields=["end"])
        app.state = State.ENDED
        app.save(update_fields=["state", "updated_at"])
        _audit(actor, app, "update", "subsidy.application", app.pk, request_id, {"state": app.state})
    return app
