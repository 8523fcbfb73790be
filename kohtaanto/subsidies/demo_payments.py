"""The demo's payment applications (subsidies.demo): dated events run in date order, with
the expert's approvals, one recovery and the payment batches between them."""

from __future__ import annotations

import datetime as dt
import heapq
import logging
import random
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kohtaanto.accounts.models import User

from . import payment_services as pay
from .models import Benefit, Decision, PaymentApplication, PaymentBatch

# A `demo.Plan`: the application's case, applicant and payment period (not imported: the
# demo imports this module).
Plan = Any

log = logging.getLogger(__name__)


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _line(plan: Plan, month: str, amount: Decimal | None) -> dict[str, Any]:
    case = plan.case
    paid = amount if amount is not None else Decimal(str(case.get("monthly_pay", 0)))
    return {"month": month, "pay": str(paid), "side_costs": str(case.get("side_costs_monthly", 0)),
            "holiday_pay": str(case.get("holiday_pay_monthly", 0)), "paid": True}  # fmt: skip


class Payments:
    """The year's payment applications as dated events, run in date order with the batches."""

    def __init__(self, experts: list[User], today: dt.date, rng: random.Random) -> None:
        self.experts, self.today, self.rng = experts, today, rng
        self.events: list[tuple[dt.date, int, Any]] = []
        self.counts = {"payments": 0, "lapsed": 0, "recoveries": 0, "batches": 0, "skipped": 0}
        self.seq = 0

    def add(self, on: dt.date, action) -> None:
        if on <= self.today:
            self.seq += 1
            heapq.heappush(self.events, (on, self.seq, action))

    def plan(self, plan: Plan, d: Decision, *, lapse: bool = False, recover: bool = False) -> None:
        first = d.start
        amounts = [Decimal(a) for a in d.monthly_amounts]
        cursor, n = first, 0
        while cursor <= d.end:
            end = min(cursor + relativedelta(months=plan.period) - dt.timedelta(days=1), d.end)
            months = pay._months_of(cursor, end)
            index = [(int(m[:4]) - first.year) * 12 + int(m[5:]) - first.month for m in months]
            lines = [_line(plan, m, amounts[i] if plan.benefit == Benefit.STARTTIRAHA else None)
                     for m, i in zip(months, index, strict=True)]  # fmt: skip
            claimed = sum((Decimal(x["pay"]) + Decimal(x["side_costs"]) + Decimal(x["holiday_pay"]) for x in lines),
                          Decimal(0))  # fmt: skip
            filed = end + dt.timedelta(days=self.rng.randrange(3, 30))
            late = lapse and n == 2
            if late:
                from kohtaanto.domain.subsidies.calculator import payment_application_deadline

                filed = payment_application_deadline(d.start, end) + dt.timedelta(days=6)
            state: dict[str, Any] = {}
            self.add(filed, lambda p=plan, s=cursor, ls=lines, c=claimed, f=filed, st=state: self._file(
                p, d, s, ls, c, f, st))  # fmt: skip
            if not late:
                self.add(filed + dt.timedelta(days=7), lambda st=state: self._decide(st))
            if recover and n == 1:
                self.add(filed + dt.timedelta(days=8), lambda: self._recover(d))
            cursor, n = end + dt.timedelta(days=1), n + 1

    def _file(self, plan, d, start, lines, claimed, filed, state) -> None:
        months = plan.period
        p = pay.payment_file(actor=plan.applicant, decision_id=d.pk, period_start=start, months=months,
                             lines=lines, claimed=claimed, today=filed)  # fmt: skip
        PaymentApplication.objects.filter(pk=p.pk).update(created_at=_at(filed, 13))
        state["payment"] = p
        self.counts["payments"] += 1
        self.counts["lapsed"] += p.state == "lapsed"

    def _decide(self, state) -> None:
        p = state.get("payment")
        if p is None or p.state != "submitted" or p.filed_on > self.today - dt.timedelta(days=10):
            return
        reject = self.rng.random() < 0.03
        reason = "Palkkalaskelmasta ei käy ilmi, että palkka on maksettu." if reject else ""
        pay.payment_decide(actor=self.experts[0], payment_id=p.pk, approve=not reject, reason=reason)

    def _recover(self, d: Decision) -> None:
        pay.recovery_add(actor=self.experts[0], decision_id=d.pk, amount=Decimal("350.00"),
                         reason="Tukea maksettiin liikaa: palkka oli ilmoitettua pienempi.")  # fmt: skip
        self.counts["recoveries"] += 1

    def run(self) -> None:
        """In date order; an event may add later ones (a continuation's payments)."""
        cuts = [self.today - relativedelta(months=m) for m in (7, 4, 1)]
        heapq.heapify(self.events)
        while self.events:
            on, _, action = heapq.heappop(self.events)
            while cuts and on >= cuts[0]:
                self._batch(cuts.pop(0))
            try:
                with transaction.atomic():
                    action()
            except ValidationError as exc:  # counted and logged: the demo's test expects none
                log.warning("subsidy demo: payment step on %s skipped: %s", on, exc)
                self.counts["skipped"] += 1
        for cut in cuts:
            self._batch(cut)

    def _batch(self, on: dt.date) -> None:
        try:
            with transaction.atomic():
                batch = pay.batch_create(actor=self.experts[0])
        except ValidationError:  # nothing approved since the last batch
            return
        PaymentBatch.objects.filter(pk=batch.pk).update(created_at=_at(on, 16))
        self.counts["batches"] += 1
