"""Provider performance (issue 17, point 3): operations, raw outcomes and a risk-adjusted
outcome with its uncertainty, per provider and per service.

Operations per (provider, service) from the referrals: referrals, acceptance (started of
those referred whose referral was decided: started, declined or cancelled), the median and
90th-percentile wait from referral to start, completion and interruption (of the spells that
have ended). Raw outcomes: the share of starters employed within 3, 6 and 12 months of the
start, among starters whose follow-up lies before the snapshot.

Raw outcomes reflect the client mix as much as the provider. The risk-adjusted outcome
compares the participants' observed employment rate with the rate *expected for the same
clients without the service*: the expected rate is observed minus the AIPW estimate of the
effect on the participants (ATT; `service_impact`), i.e. what the estimators predict from
each participant's characteristics at the decision date. A provider's figure pools its
services weighted by participants; its standard error treats the services' estimates as
independent (they share some no-service controls, a small covariance we ignore; the
benchmark in benchmarks/provider_performance.py measures the resulting coverage).

Small cells: counts between 1 and threshold - 1 are nulled with the rates built on them;
risk-adjusted figures need `service_impact.MIN_TREATED` participants. Customer feedback is
not in the register extract (portal feedback is not tied to providers yet): `feedback` says so.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import narwhals as nw
import polars as pl

from kohtaanto.analytics.causal import estimate_effect
from kohtaanto.analytics.design import ImpactInputError
from kohtaanto.analytics.disclosure import protect_complements
from kohtaanto.analytics.frames import Source, collect, epoch_days
from kohtaanto.analytics.parallel import map_in_threads
from kohtaanto.analytics.service_impact import COVARIATES, MIN_TREATED, analysis_table, impact_inputs

OUTCOME_MONTHS = {3: 91, 6: 182, 12: 365}
FEEDBACK_NOTE = "no customer feedback per provider in the register extract"
Z95 = 1.959964


def _provider_of(data: Source) -> pl.DataFrame:
    """service_id, provider, service_name: the catalogue, small, collected."""
    s = data.lazy("services")
    names = s.collect_schema().names()
    prov = nw.col("provider").fill_null("") if "provider" in names else nw.lit("")
    return collect(s.select("service_id", prov.alias("provider"), nw.col("name_en").alias("service_name")))


def operations(data: Source, threshold: int = 5) -> pl.DataFrame:
    """One row per (provider, service) plus one per provider (service_id null), suppressed."""
    providers = data.small(_provider_of(data).select("service_id", "provider"))
    r = data.lazy("referrals").join(providers, on="service_id", how="left")
    return grouped_operations(data, r, "provider", threshold)


def _flags(data: Source, referrals: nw.LazyFrame) -> nw.LazyFrame:
    """Per referral, 0/1 integers the figures sum, and the wait in days (null: not started);
    counted on the engine in whole days (`frames.epoch_days`), so every engine agrees."""
    emp = (
        data.lazy("events")
        .filter(nw.col("kind") == "employment")
        .group_by("client_id")
        .agg(nw.col("date").min().alias("employed_on"))
    )
    today = (data.as_of - dt.date(1970, 1, 1)).days
    r = referrals.join(emp, on="client_id", how="left").with_columns(
        _s=epoch_days("start_date"), _r=epoch_days("referred_date"), _e=epoch_days("end_date"),
        _emp=epoch_days("employed_on"),
    )  # fmt: skip
    started = ~nw.col("_s").is_null()
    ended = ~nw.col("_e").is_null() & (nw.col("_e") <= today)
    flags = {
        "n_decided": started | nw.col("status").is_in(["declined", "cancelled"]),
        "n_started": started,
        "n_ended": ended,
        "n_interrupted": ended & (nw.col("status") == "interrupted"),
    }
    for m, days in OUTCOME_MONTHS.items():
        due = started & (nw.col("_s") + days <= today)
        flags[f"n_due_{m}m"] = due
        flags[f"n_employed_{m}m"] = (
            due & (nw.col("_emp") > nw.col("_s")) & (nw.col("_emp") <= nw.col("_s") + days)
        )
    return r.with_columns(
        *[nw.when(cond).then(nw.lit(1)).otherwise(nw.lit(0)).alias(name) for name, cond in flags.items()],
        wait=nw.col("_s") - nw.col("_r"),
    )


def grouped_operations(data: Source, referrals: nw.LazyFrame, key: str, threshold: int) -> pl.DataFrame:
    """The operations figures of `referrals` per (`key`, service) and per `key` (service_id
    null), suppressed: the provider comparison groups by provider, a contract's page by
    contract (`contracts.py`), with the same figures and the same disclosure rules.

    The engine sums 0/1 flags per (key, service) and counts the waits per (key, service,
    days); the medians and 90th percentiles are taken here from those few counts, so only
    small tables leave the engine and the quantiles are Polars' on every engine."""
    r = _flags(data, referrals)
    sums = [nw.len().alias("n_referred"), *[nw.col(c).sum().alias(c) for c in COUNTS[1:]]]
    per_service = collect(r.group_by(key, "service_id").agg(*sums))
    waits = collect(
        r.filter(~nw.col("wait").is_null()).group_by(key, "service_id", "wait").agg(nw.len().alias("_n"))
    )
    per_service = per_service.with_columns(pl.col(COUNTS).cast(pl.UInt32))
    per_key = per_service.group_by(key).agg(pl.col(COUNTS).sum())
    spread = waits.with_columns(pl.col("wait").repeat_by("_n")).explode("wait")
    quantiles = [
        pl.col("wait").median().alias("wait_median_days"),
        pl.col("wait").quantile(0.9).alias("wait_p90_days"),
    ]
    per_service = per_service.join(
        spread.group_by(key, "service_id").agg(quantiles),
        on=[key, "service_id"],
        how="left",
        nulls_equal=True,
    )
    per_key = per_key.join(spread.group_by(key).agg(quantiles), on=key, how="left", nulls_equal=True)
    names = _provider_of(data).select("service_id", "service_name")
    per_service = per_service.join(names, on="service_id", how="left")
    per_key = per_key.with_columns(service_id=pl.lit(None, pl.String), service_name=pl.lit(None, pl.String))
    columns = [
        key,
        "service_id",
        "service_name",
        *COUNTS[:3],
        "wait_median_days",
        "wait_p90_days",
        *COUNTS[3:],
    ]
    df = pl.concat([per_service.select(columns), per_key.select(columns)], how="vertical_relaxed")
    return _protect_totals(_suppress(_rates(df), threshold), key).sort(key, "service_id", nulls_last=True)


COUNTS = [
    "n_referred", "n_decided", "n_started", "n_ended", "n_interrupted",
    *[f"n_{kind}_{m}m" for m in OUTCOME_MONTHS for kind in ("due", "employed")],
]  # fmt: skip


def _protect_totals(df: pl.DataFrame, key: str = "provider") -> pl.DataFrame:
    """A provider's (or contract's) total minus its shown services would give a hidden
    service cell back: where any service row of a group is hidden, hide its total as well
    (`disclosure.protect_complements` with the total as the margin), figure by figure."""
    figures = sorted({c for cols in SUPPRESS.values() for c in cols})
    total = pl.col("service_id").is_null()
    masks = {
        c: protect_complements(df.with_columns(pl.col(c).is_null().alias("_h")), [key], "_h", margin=total)
        for c in figures
    }
    return df.with_columns([pl.when(masks[c]).then(None).otherwise(pl.col(c)).alias(c) for c in figures])


def _rates(df: pl.DataFrame) -> pl.DataFrame:
    def share(num: str, den: str) -> pl.Expr:
        return pl.when(pl.col(den) > 0).then(pl.col(num) / pl.col(den)).otherwise(None)

    return df.with_columns(
        share("n_started", "n_decided").alias("acceptance"),
        (share("n_ended", "n_ended") - share("n_interrupted", "n_ended")).alias("completion"),
        share("n_interrupted", "n_ended").alias("interruption"),
        *[share(f"n_employed_{m}m", f"n_due_{m}m").alias(f"employed_{m}m") for m in OUTCOME_MONTHS],
        feedback=pl.lit(FEEDBACK_NOTE),
    )


SUPPRESS = {  # count -> the figures that reveal it
    "n_referred": ["n_referred", "n_decided", "n_started", "acceptance"],
    "n_started": ["n_started", "acceptance", "wait_median_days", "wait_p90_days"],
    "n_ended": ["n_ended", "n_interrupted", "completion", "interruption"],
    "n_interrupted": ["n_interrupted", "completion", "interruption"],
    **{f"n_due_{m}m": [f"n_due_{m}m", f"n_employed_{m}m", f"employed_{m}m"] for m in OUTCOME_MONTHS},
    **{f"n_employed_{m}m": [f"n_employed_{m}m", f"employed_{m}m"] for m in OUTCOME_MONTHS},
}


def _suppress(df: pl.DataFrame, threshold: int) -> pl.DataFrame:
    """Null every figure built on a count of 1..threshold-1 persons (and its complement)."""
    small: dict[str, pl.Expr] = {}
    for count, cols in SUPPRESS.items():
        cond = (pl.col(count) > 0) & (pl.col(count) < threshold)
        for col in cols:
            small[col] = small[col] | cond if col in small else cond
    # A count next to its total gives the complement away: ended - interrupted, due - employed.
    for m in OUTCOME_MONTHS:
        gap = pl.col(f"n_due_{m}m") - pl.col(f"n_employed_{m}m")
        cond = (gap > 0) & (gap < threshold)
        small[f"n_employed_{m}m"] |= cond
        small[f"employed_{m}m"] |= cond
    gap = pl.col("n_ended") - pl.col("n_interrupted")
    for col in ("n_interrupted", "completion", "interruption"):
        small[col] |= (gap > 0) & (gap < threshold)
    return df.with_columns(
        [pl.when(cond).then(None).otherwise(pl.col(col)).alias(col) for col, cond in small.items()]
    )


@dataclass(frozen=True)
class Adjusted:
    """One risk-adjusted figure: observed vs expected employment of the participants."""

    n: int
    observed: float
    effect: float
    se: float


def _service_adjusted(
    data: Source,
    service_id: str,
    horizon_days: int,
    folds: int,
    seed: int,
    controls: str,
    participants: pl.DataFrame | None = None,
) -> Adjusted | None:
    """`participants` (client_id): only these starters count as treated (a contract's cohort);
    the comparison clients stay the same as for the whole service."""
    table = analysis_table(data, service_id, horizon_days, controls)
    if participants is not None and table.height:
        table = table.filter(
            (pl.col("treated") == 0) | pl.col("client_id").is_in(participants["client_id"].implode())
        )
    if table.height == 0 or int(table["treated"].sum()) < MIN_TREATED:
        return None
    if int((table["treated"] == 0).sum()) < MIN_TREATED // 3:
        return None
    covs = [c for c in COVARIATES if table[c].n_unique() > 1]
    try:
        res = estimate_effect(table, "treated", "employed", covs, folds=folds, seed=seed)
    except ImpactInputError:
        return None
    observed = float(table.filter(pl.col("treated") == 1)["employed"].mean())  # type: ignore[arg-type]
    return Adjusted(res.n_treated, observed, res.estimate, res.se)


Job = tuple[str, int, "pl.DataFrame | None"]  # service_id, horizon in days, participants


def adjusted_many(
    data: Source, jobs: list[Job], folds: int, seed: int, controls: str
) -> list[Adjusted | None]:
    """`_service_adjusted` of each job, in order, on every core (`parallel`)."""
    if not jobs:
        return []
    impact_inputs(data)  # collected from the engine once, before the threads share it

    def one(job: Job) -> Adjusted | None:
        sid, days, participants = job
        return _service_adjusted(data, sid, days, folds, seed, controls, participants=participants)

    return map_in_threads(one, jobs)


def pool(parts: list[Adjusted]) -> Adjusted | None:
    """Participant-weighted pool of a provider's services (independent estimates)."""
    n = sum(p.n for p in parts)
    if n == 0:
        return None
    w = [p.n / n for p in parts]
    return Adjusted(
        n,
        sum(wi * p.observed for wi, p in zip(w, parts, strict=True)),
        sum(wi * p.effect for wi, p in zip(w, parts, strict=True)),
        math.sqrt(sum((wi * p.se) ** 2 for wi, p in zip(w, parts, strict=True))),
    )


def risk_adjusted(
    data: Source,
    horizons: tuple[int, ...] = (6, 12),
    folds: int = 3,
    seed: int = 0,
    controls: str = "no_service",
) -> pl.DataFrame:
    """Per provider (service_id null) and per (provider, service) and horizon in months:
    participants, observed and expected employment, their difference with a 95 % CI.

    controls: the comparison clients the expectation is learned from (`analysis_table`):
    "no_service" (many, but selected on what the worker saw and the register did not) or
    "referred" (referred to the same service but did not start: fewer, so wider intervals,
    but free of the worker's private judgement when declining is close to random)."""
    prov = list(_provider_of(data).iter_rows())
    found = iter(
        adjusted_many(
            data,
            [(sid, OUTCOME_MONTHS[m], None) for m in horizons for sid, _p, _n in prov],
            folds,
            seed,
            controls,
        )
    )
    rows = []
    for months in horizons:
        by_provider: dict[str, list[Adjusted]] = {}
        for sid, provider, name in prov:
            a = next(found)
            if a is None:
                continue
            by_provider.setdefault(provider, []).append(a)
            rows.append(_row(provider, sid, name, months, a))
        for provider, parts in by_provider.items():
            pooled = pool(parts)
            if pooled is not None:
                rows.append(_row(provider, None, None, months, pooled))
    rows = [(*r, controls) for r in rows]
    schema = {
        "provider": pl.String,
        "service_id": pl.String,
        "service_name": pl.String,
        "horizon_months": pl.Int64,
        "n_participants": pl.Int64,
        "observed": pl.Float64,
        "expected": pl.Float64,
        "difference": pl.Float64,
        "ci_low": pl.Float64,
        "ci_high": pl.Float64,
        "se": pl.Float64,
        "controls": pl.String,
    }
    return pl.DataFrame(rows, schema=schema, orient="row").sort(
        "horizon_months", "provider", "service_id", nulls_last=True
    )


def _row(provider: str, sid: str | None, name: str | None, months: int, a: Adjusted) -> tuple:
    return (
        provider,
        sid,
        name,
        months,
        a.n,
        a.observed,
        a.observed - a.effect,
        a.effect,
        a.effect - Z95 * a.se,
        a.effect + Z95 * a.se,
        a.se,
    )


def publishable(data: Source, threshold: int = 5, seed: int = 0) -> dict[str, pl.DataFrame]:
    """The refresh's provider tables: operations (suppressed) and the risk-adjusted outcome in
    both comparison designs (the main one and the robustness check), 6 and 12 months."""
    adjusted = pl.concat(
        [risk_adjusted(data, seed=seed, controls=c) for c in ("no_service", "referred")], how="vertical"
    )
    return {"provider_operations": operations(data, threshold), "provider_performance": adjusted}


# The quality signal the case workers see beside a suggested service: published by the
# insights refresh to a fixed place under the analytics folder, so that the referrals app
# (a lower layer than insights) reads a file, never the dashboard's models.
QUALITY_FILE = ("published", "provider_quality.parquet")
SIGNAL_MONTHS = 6


def quality_signal(performance: pl.DataFrame) -> pl.DataFrame:
    """The main design's 6-month figures with their intervals, per service (level "service")
    and pooled per provider (level "provider", service_id null). Suppressed rows stay out."""
    main = performance.filter(
        pl.col("controls") == "no_service", pl.col("horizon_months") == SIGNAL_MONTHS
    ).drop_nulls("difference")
    level = pl.when(pl.col("service_id").is_null()).then(pl.lit("provider")).otherwise(pl.lit("service"))
    cols = ["service_id", "provider", "level", "n_participants", "difference", "ci_low", "ci_high"]
    return main.with_columns(level=level).select(cols)


def write_quality(results_dir: Path, analytics_dir: Path) -> Path | None:
    """Publish the signal from a refresh's results (None: no provider figures computed)."""
    src = results_dir / "provider_performance.parquet"
    if not src.is_file():
        return None
    out = analytics_dir.joinpath(*QUALITY_FILE)
    out.parent.mkdir(parents=True, exist_ok=True)
    quality_signal(pl.read_parquet(src)).write_parquet(out)
    return out


@lru_cache(maxsize=4)
def _quality_table(path: str, stamp: int) -> tuple[dict[str, dict], dict[str, dict]]:
    """The published signal by service and by provider, read once per published file
    (`stamp` is its modification time), not on every page of suggestions."""
    df = pl.read_parquet(path)
    own = {r["service_id"]: r for r in df.filter(pl.col("level") == "service").iter_rows(named=True)}
    pooled = {r["provider"]: r for r in df.filter(pl.col("level") == "provider").iter_rows(named=True)}
    return own, pooled


def read_quality(analytics_dir: Path, service_ids: list[str], providers: dict[str, str]) -> dict[str, dict]:
    """Service id -> its signal row: the service's own figure, else its provider's
    (`providers`: service id -> provider name). Empty when nothing is published."""
    path = analytics_dir.joinpath(*QUALITY_FILE)
    try:
        stamp = path.stat().st_mtime_ns
    except FileNotFoundError:
        return {}
    own, pooled = _quality_table(str(path), stamp)
    out = {}
    for sid in service_ids:
        row = own.get(sid) or pooled.get(providers.get(sid, ""))
        if row is not None:
            out[sid] = row
    return out
