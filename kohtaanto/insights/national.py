"""Per-area figures across every employment area (issue 15): counts of persons per area,
suppressed like the dashboard's tables, so a national reader compares areas without ever
seeing a person's record or a small count."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import polars as pl
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from kohtaanto.accounts import policy
from kohtaanto.accounts.models import User
from kohtaanto.analytics.disclosure import suppress_long
from kohtaanto.audit.services import audit_record
from kohtaanto.clients.models import Client, EndReason, JobSearchStatus
from kohtaanto.organisation.models import Municipality

from .labels import value_label
from .results import latest_refresh, read_result
from .tables import THRESHOLD

PURPOSE = "national comparison"
INDICATORS = ("initial_interview_5wd", "job_search_conversation_0_3m")  # analytics.kpi
MEASURES = {
    "active": _("Active job seekers"),
    "registered_12m": _("Registered in the last 12 months"),
    "ended_12m": _("Job search ended in the last 12 months"),
    "employed_12m": _("Ended in employment in the last 12 months"),
}


@dataclass(frozen=True)
class AreaRow:
    code: str
    name: str
    values: dict[str, int | None]  # measure -> count, None when suppressed


@dataclass(frozen=True)
class PromiseRow:
    """An area's service promise in the latest refreshed month: share on time per indicator."""

    code: str
    name: str
    month: date | None
    shares: dict[str, float | None]  # indicator -> share on time, None when hidden or not computed


@dataclass(frozen=True)
class NationalFigures:
    as_of: date
    threshold: int
    measures: dict[str, str]
    areas: list[AreaRow]
    promise: list[PromiseRow] = field(default_factory=list)
    promise_as_of: str | None = None  # the refresh's snapshot date
    indicators: dict[str, str] = field(default_factory=dict)


def _promise(names: dict[str, str]) -> tuple[list[PromiseRow], str | None]:
    """Each area's service promise from its own refreshed tables (already suppressed within
    the area: a hidden month total stays hidden), in the latest complete month before the
    refresh's snapshot date."""
    refresh = latest_refresh()
    as_of = (refresh.report or {}).get("as_of") if refresh else None
    first_of_month = date.fromisoformat(as_of).replace(day=1) if as_of else date.max
    rows = []
    for code, name in sorted(names.items()):
        df = read_result(refresh, "service_promise_total", code)
        shares: dict[str, float | None] = dict.fromkeys(INDICATORS)
        month = None
        if df is not None:
            df = df.filter(pl.col("month") < first_of_month)
        if df is not None and df.height:
            month = df["month"].max()
            last = df.filter(pl.col("month") == month)
            for r in last.iter_rows(named=True):
                if r["indicator"] in shares and r["n_due"] is not None:
                    shares[r["indicator"]] = r["share_on_time"]
        rows.append(PromiseRow(code, name, month, shares))
    return rows, as_of


def _counts(today: date) -> pl.DataFrame:
    """area x measure counts in one grouped query; an area with no clients gets zeros."""
    year_ago = today - timedelta(days=365)
    ended = Q(job_search_status=JobSearchStatus.ENDED, end_date__gte=year_ago)
    grouped = (
        Client.objects.values("municipality__code")
        .order_by()
        .annotate(
            active=Count("id", filter=Q(job_search_status=JobSearchStatus.ACTIVE)),
            registered_12m=Count("id", filter=Q(registration_date__gte=year_ago)),
            ended_12m=Count("id", filter=ended),
            employed_12m=Count("id", filter=ended & Q(end_reason=EndReason.EMPLOYED)),
        )
    )
    found = {r["municipality__code"]: r for r in grouped}
    rows = [
        {"area": code, **{k: found.get(code, {}).get(k, 0) for k in MEASURES}}
        for code in Municipality.objects.order_by("code").values_list("code", flat=True)
    ]
    return pl.DataFrame(rows, schema={"area": pl.String, **dict.fromkeys(MEASURES, pl.Int64)})


def national_figures(*, actor: User, today: date | None = None, request_id: str = "") -> NationalFigures:
    """Every installed area's counts, small cells (and the cells that would reveal them
    through a total) hidden, as on the dashboard. Refused to everyone outside the policy."""
    if not policy.has_role(actor, policy.NATIONAL_FIGURE_READERS):
        raise PermissionDenied("only analysts see the figures of all areas")
    today = today or date.today()
    wide = _counts(today)
    names = dict(Municipality.objects.values_list("code", "name"))
    areas: list[AreaRow] = []
    if wide.height:
        long = wide.unpivot(index="area", on=list(MEASURES), variable_name="measure", value_name="n")
        # Measures are not additive (one person counts in several), so no row totals.
        hidden = suppress_long(long, ["area"], "measure", "n", THRESHOLD, row_totals=False, col_totals=False)
        by_area: dict[str, dict[str, int | None]] = {}
        for r in hidden.iter_rows(named=True):
            by_area.setdefault(r["area"], {})[r["measure"]] = r["n"]
        areas = [
            AreaRow(code, names.get(code, code), {m: by_area[code].get(m) for m in MEASURES})
            for code in wide["area"]
        ]
    promise, promise_as_of = _promise(names)
    audit_record(
        actor=actor,
        action="read",
        target_type="insights.national",
        purpose=PURPOSE,
        request_id=request_id,
        detail={"areas": len(areas)},
    )
    indicators = {k: value_label(k) for k in INDICATORS}
    return NationalFigures(
        today, THRESHOLD, {k: str(v) for k, v in MEASURES.items()}, areas, promise, promise_as_of, indicators
    )
