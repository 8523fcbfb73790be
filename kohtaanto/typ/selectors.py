"""Reading TYP: one client's case (for the parties of the joint service) and the indicators
of the national TYP register over the cases a leader may see (aggregates, suppressed)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from statistics import median

import polars as pl
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from kohtaanto.accounts.models import User
from kohtaanto.accounts.policy import TYP_INDICATOR_READERS, TYP_READERS, client_scope
from kohtaanto.analytics.disclosure import suppress, suppress_rates
from kohtaanto.audit.services import audit_record
from kohtaanto.clients.models import Client
from kohtaanto.clients.selectors import client_get
from kohtaanto.domain import typ as rules
from kohtaanto.referrals.models import Referral

from .models import ExitOutcome, Party, TypCase, TypPlan
from .services import PURPOSE, eligibility

INDICATOR_PURPOSE = "typ indicators"
SMALL = 5  # analytics.disclosure's default threshold


@dataclass
class TypView:
    client: Client
    eligibility: rules.Eligibility
    case: TypCase | None
    plan: TypPlan | None
    history: list[TypCase] = field(default_factory=list)
    services: list[Referral] = field(default_factory=list)

    @property
    def missing_signatures(self) -> list[str]:
        if self.plan is None:
            return []
        signed = self.plan.signed_parties
        return [p for p in Party.values if p not in signed]

    @property
    def fully_signed(self) -> bool:
        return self.plan is not None and not self.missing_signatures


def typ_for(*, actor: User, client_id: int, reason: str = "", request_id: str = "") -> TypView:
    if actor.role not in TYP_READERS:
        raise PermissionDenied(_("Your role does not take part in the joint service."))
    client = client_get(
        actor=actor, client_id=client_id, purpose=PURPOSE, reason=reason, request_id=request_id
    )
    cases = list(TypCase.objects.filter(client=client).prefetch_related("team__professional"))
    case = next((c for c in cases if c.ended_on is None), None)
    plan = TypPlan.objects.filter(case=case).prefetch_related("signatures__signer").first() if case else None
    since = case.mapping_start if case else None
    services = (
        list(
            Referral.objects.filter(client=client, referred_at__date__gte=since).select_related("service")[
                :50
            ]
        )
        if since
        else []
    )
    return TypView(
        client=client,
        eligibility=eligibility(
            client, support_days=case.support_days if case else None, on=timezone.localdate()
        ),
        case=case,
        plan=plan,
        history=[c for c in cases if c.ended_on is not None],
        services=services,
    )


@dataclass
class Indicators:
    per_professional: list[dict]
    outcomes: list[dict]
    services: list[dict]
    duration: dict
    cases: int | None  # hidden when small, like any count


def _rows(table: pl.DataFrame) -> list[dict]:
    return table.to_dicts()


def typ_indicators(*, actor: User, today: dt.date | None = None, request_id: str = "") -> Indicators:
    """Active clients per professional, duration, outcome at exit and services used, over
    the cases of the clients the leader may see; counts under 5 are hidden."""
    if actor.role not in TYP_INDICATOR_READERS:
        raise PermissionDenied(_("Only team leaders and service managers read the TYP indicators."))
    today = today or timezone.localdate()
    clients = Client.objects.filter(client_scope(actor)).values("pk")
    cases = list(TypCase.objects.filter(client__in=clients).prefetch_related("team__professional"))
    active: dict[str, set[int]] = {}
    for case in cases:
        if case.ended_on is None:
            for member in case.team.all():
                name = member.professional.get_full_name() or member.professional.username
                active.setdefault(f"{name} ({Party(member.party).label})", set()).add(case.client_id)
    per_prof = pl.DataFrame(
        {"professional": list(active), "clients": [len(v) for v in active.values()]},
        schema={"professional": pl.String, "clients": pl.Int64},
    )
    ended = [c for c in cases if c.ended_on is not None]
    by_outcome = {o: sum(1 for c in ended if c.exit_outcome == o) for o in ExitOutcome.values}
    outcomes = pl.DataFrame(
        {"outcome": [str(ExitOutcome(o).label) for o in by_outcome], "clients": list(by_outcome.values())}
    )
    used: dict[str, set[int]] = {}
    first_start: dict[int, dt.date] = {}
    for c in cases:
        first_start[c.client_id] = min(c.mapping_start, first_start.get(c.client_id, c.mapping_start))
    for ref in Referral.objects.filter(client_id__in=list(first_start)).select_related("service"):
        if ref.referred_at.date() >= first_start[ref.client_id]:
            used.setdefault(ref.service.name_fi, set()).add(ref.client_id)
    services = pl.DataFrame(
        {"service": list(used), "clients": [len(v) for v in used.values()]},
        schema={"service": pl.String, "clients": pl.Int64},
    )
    days = [((c.ended_on or today) - c.mapping_start).days for c in cases]
    duration = pl.DataFrame({"cases": [len(days)], "median_days": [float(median(days)) if days else None]})
    duration = suppress_rates(duration, "cases", ["median_days"])
    audit_record(
        actor=actor,
        action="read",
        target_type="typ.indicators",
        purpose=INDICATOR_PURPOSE,
        request_id=request_id,
        detail={"cases": len(cases)},
    )
    return Indicators(
        per_professional=_rows(suppress(per_prof, ["clients"])),
        outcomes=_rows(suppress(outcomes, ["clients"])),
        services=_rows(suppress(services, ["clients"])),
        duration={**duration.to_dicts()[0], "cases": len(days) if len(days) >= SMALL else None},
        cases=len(cases) if len(cases) >= SMALL else None,
    )
