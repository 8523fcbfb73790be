"""Employer subsidies and the start-up grant on the dashboard (issue 16, point 6): applications,
decisions by outcome, processing times and money, per benefit and month.

Live from the database like the employer figures, over the last 12 calendar months
(this month included):

- `subsidy_applications`: applications submitted in the month, and first decisions made in
  the month by outcome (granted, partly granted, rejected), counted in persons;
- `subsidy_processing`: first decisions made in the month, with the days from submission to
  the decision (median and 90th percentile);
- `subsidy_committed`: the money committed by the decisions in force that came into force in
  the month (an amended or continued decision replaces the earlier one), with the persons;
- `subsidy_paid`: the money sent for payment in the month's payment batches, with the
  persons paid.

Counts are persons (a person with two applications in a cell counts once). They are
suppressed with `analytics.disclosure.suppress` against public column totals, and
`tables.published` then hides the days and euros of a row whose count is hidden.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from kohtaanto.analytics.disclosure import THRESHOLD, suppress
from kohtaanto.subsidies.models import (
    Benefit,
    Decision,
    DecisionKind,
    PaymentApplication,
    PaymentState,
    State,
    SubsidyApplication,
)

APPLICATIONS = "subsidy_applications"
PROCESSING = "subsidy_processing"
COMMITTED = "subsidy_committed"
PAID = "subsidy_paid"
TABLES = (APPLICATIONS, PROCESSING, COMMITTED, PAID)
OUTCOMES: dict[str, str] = {
    State.GRANTED: "n_granted",
    State.PARTLY_GRANTED: "n_partly_granted",
    State.REJECTED: "n_rejected",
}
COUNTS = {
    APPLICATIONS: ("n_submitted", *OUTCOMES.values()),
    PROCESSING: ("n_decided",),
    COMMITTED: ("n_committed",),
    PAID: ("n_paid",),
}
_SCHEMA = {"benefit": pl.String, "month": pl.Date, "client_id": pl.Int64, "measure": pl.String,
           "days": pl.Int64, "euros": pl.Float64}  # fmt: skip


def window_start(today: dt.date | None = None) -> dt.date:
    """The first day of the 12-month window that ends with this month."""
    return (today or timezone.localdate()).replace(day=1) - relativedelta(months=11)


def _month(moment: dt.datetime | None) -> dt.date:
    assert moment is not None  # filtered on it
    return timezone.localtime(moment).date().replace(day=1) if timezone.is_aware(moment) else moment.date()


def _days(start: dt.datetime, end: dt.datetime) -> int:
    return max(0, (timezone.localtime(end).date() - timezone.localtime(start).date()).days)


def event_rows(since: dt.date, area: int | None = None) -> pl.DataFrame:
    """One row per event counted: (benefit, month, client, measure[, days, euros])."""
    since_at = timezone.make_aware(dt.datetime.combine(since, dt.time()))
    applications = SubsidyApplication.objects.all()
    decisions, payments = Decision.objects.all(), PaymentApplication.objects.all()
    if area is not None:  # the area's clients' applications (issue 15)
        applications = applications.filter(client__municipality_id=area)
        decisions = decisions.filter(application__client__municipality_id=area)
        payments = payments.filter(decision__application__client__municipality_id=area)
    rows: list[dict] = [
        {"benefit": b, "month": _month(at), "client_id": c, "measure": "n_submitted"}
        for b, c, at in applications.filter(submitted_at__gte=since_at).values_list(
            "benefit", "client_id", "submitted_at"
        )
    ]
    firsts = decisions.filter(kind=DecisionKind.FIRST, decided_at__gte=since_at).values_list(
        "application__benefit", "application__client_id", "outcome", "decided_at", "application__submitted_at"
    )
    for b, c, outcome, decided, submitted in firsts:
        if outcome in OUTCOMES:
            rows.append(
                {"benefit": b, "month": _month(decided), "client_id": c, "measure": OUTCOMES[outcome]}
            )
        if submitted is not None:
            rows.append({"benefit": b, "month": _month(decided), "client_id": c, "measure": "n_decided",
                         "days": _days(submitted, decided)})  # fmt: skip
    committed = decisions.filter(
        in_force=True, outcome__in=(State.GRANTED, State.PARTLY_GRANTED), approved_at__gte=since_at
    ).values_list("application__benefit", "application__client_id", "approved_at", "total")
    rows += [
        {"benefit": b, "month": _month(at), "client_id": c, "measure": "n_committed", "euros": float(total)}
        for b, c, at, total in committed
    ]
    paid = payments.filter(
        state=PaymentState.BATCHED, batch__created_at__gte=since_at
    ).values_list("decision__application__benefit", "decision__application__client_id", "batch__created_at",
                  "payable")  # fmt: skip
    rows += [
        {"benefit": b, "month": _month(at), "client_id": c, "measure": "n_paid", "euros": float(amount)}
        for b, c, at, amount in paid
    ]
    return pl.DataFrame(rows, schema=_SCHEMA)


def _persons(df: pl.DataFrame, measure: str) -> pl.Expr:
    return pl.col("client_id").filter(pl.col("measure") == measure).n_unique().cast(pl.Int64).alias(measure)


def aggregate(events: pl.DataFrame, name: str) -> pl.DataFrame:
    """The table `name` from `event_rows`, not yet suppressed."""
    keys = ["benefit", "month"]
    counts = COUNTS[name]
    df = events.filter(pl.col("measure").is_in(list(counts)))
    extra: list[pl.Expr] = []
    if name == PROCESSING:
        extra = [pl.col("days").median().alias("median_days"),
                 pl.col("days").quantile(0.9, "linear").alias("p90_days")]  # fmt: skip
    elif name == COMMITTED:
        extra = [pl.col("euros").sum().alias("committed_eur")]
    elif name == PAID:
        extra = [pl.col("euros").sum().alias("paid_eur")]
    out = df.group_by(keys).agg([_persons(df, m) for m in counts] + extra)
    order = {b: i for i, b in enumerate(Benefit.values)}
    return out.sort(
        pl.col("benefit").replace_strict(order, default=len(order), return_dtype=pl.Int64), "month"
    )


def subsidy_table(
    name: str, today: dt.date | None = None, threshold: int = THRESHOLD, area: int | None = None
) -> pl.DataFrame:
    """One of `TABLES`, computed now and suppressed (the pages show each benefit's name);
    `area`: that area's clients only."""
    df = aggregate(event_rows(window_start(today), area), name)
    return suppress(df, list(COUNTS[name]), threshold, row_totals=False)
