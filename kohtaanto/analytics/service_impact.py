"""Per-service impact from register data: the analysis table and the estimates.

Design (pairwise "service X vs no service", Lechner 2001), chosen so that treated and
controls are compared at the same moment of their job search:

- time zero D: the client's first held initial interview or job-search conversation in the
  window (`impact_inputs`), the moment a referral is decided;
- S: the day X would start, the first working day on or after D + the service's wait
  (`services.wait_days`, or the shortest observed referral-to-start time);
- population: clients within X's observed eligibility support (age, Finnish level, language
  group, multi-professional need of those who started X), who started X (treated) or no
  service at all (control), who were still job seekers on S, and whose follow-up S + h lies
  before the snapshot;
- outcome: an `employment` event in (S, S + h];
- covariates: only what is known at D (demographics, education, language skills, unit,
  job-search duration at D).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import narwhals as nw
import polars as pl

from kohtaanto.analytics.causal import ImpactResult, estimate_effect
from kohtaanto.analytics.data import EDUCATION_LEVELS, FINNISH_LEVELS, age_at, level_rank, next_working_day
from kohtaanto.analytics.design import ImpactInputError
from kohtaanto.analytics.frames import Source, collect, epoch_days
from kohtaanto.analytics.parallel import map_in_threads

COVARIATES = [
    "age",
    "age_band",
    "gender",
    "education_level",
    "finnish_rank",
    "finnish_level",
    "language_group",
    "needs_multiprofessional",
    "service_unit",
    "team",
    "years_in_finland",
    "search_days",
    "long_term_at_decision",
]
MIN_TREATED = 30


def client_features(people: pl.DataFrame) -> pl.DataFrame:
    """Covariates of each client as known on the date in column `on_date` of `people`."""
    age = age_at(pl.col("birth_date"), pl.col("on_date"))
    search = (pl.col("on_date") - pl.col("registration_date")).dt.total_days()
    return people.select(
        "client_id",
        "on_date",
        age.alias("age"),
        pl.when(age < 25)
        .then(pl.lit("<25"))
        .when(age < 30)
        .then(pl.lit("25-29"))
        .when(age < 40)
        .then(pl.lit("30-39"))
        .when(age < 50)
        .then(pl.lit("40-49"))
        .when(age < 55)
        .then(pl.lit("50-54"))
        .otherwise(pl.lit("55+"))
        .alias("age_band"),
        "gender",
        "education_level",
        level_rank("finnish_level", FINNISH_LEVELS).alias("finnish_rank"),
        "finnish_level",
        "language_group",
        pl.col("needs_multiprofessional").cast(pl.Int8),
        "service_unit",
        "team",
        ((pl.col("on_date") - pl.col("arrival_date")).dt.total_days() / 365.25)
        .fill_null(0.0)
        .alias("years_in_finland"),
        search.alias("search_days"),
        (search >= 365).cast(pl.Int8).alias("long_term_at_decision"),
        level_rank("education_level", EDUCATION_LEVELS).alias("education_rank"),
    )


@dataclass
class ImpactInputs:
    """What the per-service analysis tables are cut from, counted on the engine and
    collected: one row per client with a decision date, per client and service started,
    per client and service referred, and the services with their shortest observed wait."""

    people: pl.DataFrame  # client_features + end_date, employed_on (first employment)
    started: pl.DataFrame  # client_id, service_id, start_date (first start)
    referred: pl.DataFrame  # client_id, service_id
    services: pl.DataFrame  # the services table, with `min_wait` (days)


def impact_inputs(data: Source) -> ImpactInputs:
    """Time zero per client, the first employment and the referrals' starts, aggregated on
    the engine and collected; computed once per data set (`data.once`)."""
    return data.once("impact_inputs", lambda: _inputs(data))


def _inputs(data: Source) -> ImpactInputs:
    clients = data.lazy("clients")
    # Time zero: the first held initial interview or job-search conversation on or after
    # max(registration, window start), the first moment in the window when a case worker
    # meets the client and can refer them, so every client has one, referred or not.
    first = (
        data.lazy("meetings")
        .filter(
            nw.col("status") == "held",
            nw.col("kind").is_in(["initial_interview", "job_search_conversation"]),
        )
        .join(clients.select("client_id", "registration_date"), on="client_id")
        .filter(nw.col("held_date") >= nw.col("registration_date"), nw.col("held_date") >= data.window_start)
        .group_by("client_id")
        .agg(nw.col("held_date").min().alias("on_date"))
    )
    emp = (
        data.lazy("events")
        .filter(nw.col("kind") == "employment")
        .group_by("client_id")
        .agg(nw.col("date").min().alias("employed_on"))
    )
    cols = ["client_id", "birth_date", "gender", "education_level", "finnish_level", "language_group",
            "needs_multiprofessional", "service_unit", "team", "arrival_date", "registration_date", "end_date"]  # fmt: skip
    people = collect(
        first.join(clients.select(*cols), on="client_id").join(emp, on="client_id", how="left")
    ).sort("client_id")
    people = client_features(people).with_columns(people["end_date"], people["employed_on"])
    ref = data.lazy("referrals")
    started = ref.filter(~nw.col("start_date").is_null())
    waits = started.with_columns(w=epoch_days("start_date") - epoch_days("referred_date"))
    waits = waits.group_by("service_id").agg(nw.col("w").min().cast(nw.Int64).alias("min_wait"))
    return ImpactInputs(
        people=people,
        started=collect(started.group_by("client_id", "service_id").agg(nw.col("start_date").min())).sort(
            "client_id", "service_id"
        ),
        referred=collect(ref.select("client_id", "service_id").unique()).sort("client_id", "service_id"),
        services=collect(data.lazy("services").join(waits, on="service_id", how="left")).sort("service_id"),
    )


def _wait_days(inputs: ImpactInputs, service_id: str) -> int | None:
    row = inputs.services.filter(pl.col("service_id") == service_id)
    if row.height and "wait_days" in row.columns and row["wait_days"][0] is not None:
        return int(row["wait_days"][0])
    return int(row["min_wait"][0]) if row.height and row["min_wait"][0] is not None else None


def analysis_table(
    data: Source, service_id: str, horizon_days: int = 182, controls: str = "no_service"
) -> pl.DataFrame:
    """One row per client in the population for `service_id` (see module docstring).

    controls="no_service": everyone eligible who started no service (large, but selected
    on everything the case worker knew). controls="referred": only clients referred to this
    service who did not start it (declined): the referral decision already encodes the
    worker's private judgement, so this smaller group is a better match when declining is
    close to random; it is a design-based robustness check, not a replacement.
    """
    inputs = impact_inputs(data)
    treated = inputs.started.filter(pl.col("service_id") == service_id).select("client_id", "start_date")
    wait = _wait_days(inputs, service_id)
    if wait is None or treated.height == 0:
        return pl.DataFrame()
    feats = inputs.people
    feature_cols = [c for c in feats.columns if c not in ("end_date", "employed_on")]
    feats = feats.with_columns(
        next_working_day(feats["on_date"] + dt.timedelta(days=wait)).alias("would_start")
    )
    feats = feats.join(treated, on="client_id", how="left", maintain_order="left")
    feats = feats.with_columns(
        treated=pl.col("start_date").is_not_null().cast(pl.Int8),
        start=pl.coalesce("start_date", "would_start"),
    )
    # Controls: started nothing at all. Treated: started X (anything else excluded).
    others = inputs.started.select("client_id").unique().join(treated, on="client_id", how="anti")
    feats = feats.join(others, on="client_id", how="anti", maintain_order="left")
    if controls == "referred":
        referred = inputs.referred.filter(pl.col("service_id") == service_id).select("client_id")
        feats = feats.join(referred, on="client_id", how="semi", maintain_order="left")
    elif controls != "no_service":
        raise ValueError(f"controls must be 'no_service' or 'referred', got {controls!r}")
    # Eligibility support observed among those who started X.
    t = feats.filter(pl.col("treated") == 1)
    cond = pl.col("age").is_between(t["age"].min(), t["age"].max())
    cond &= pl.col("finnish_rank").is_between(t["finnish_rank"].min(), t["finnish_rank"].max())
    for flag, col in (("foreign", "language_group"), (1, "needs_multiprofessional")):
        if (t[col] == flag).all():
            cond &= pl.col(col) == flag
    h = dt.timedelta(days=horizon_days)
    return (
        feats.filter(cond)
        .filter(pl.col("end_date").is_null() | (pl.col("end_date") > pl.col("start")))
        .filter(pl.col("start") + h <= data.as_of)
        .with_columns(
            employed=(
                pl.col("employed_on").is_not_null()
                & (pl.col("employed_on") > pl.col("start"))
                & (pl.col("employed_on") <= pl.col("start") + h)
            ).cast(pl.Int8)
        )
        .select(*feature_cols, "treated", "start", "employed")
    )


@dataclass
class ServiceImpact:
    service_id: str
    kind: str
    name_en: str
    horizon_days: int
    result: ImpactResult | None
    error: str | None = None
    controls: str = "no_service"


def estimate_services(
    data: Source,
    estimand: str = "att",
    horizon_days: int = 182,
    method: str = "aipw",
    folds: int = 5,
    seed: int = 0,
    services: list[str] | None = None,
    controls: str = "no_service",
    model: str = "logit",
) -> list[ServiceImpact]:
    """Estimate every service's effect on employment within the horizon, the services on
    every core (`parallel`)."""
    svc = impact_inputs(data).services
    rows = [r for r in svc.iter_rows(named=True) if not services or r["service_id"] in services]

    def one(row: dict) -> ServiceImpact:
        sid = row["service_id"]
        table = analysis_table(data, sid, horizon_days, controls)
        res, err = None, None
        if table.height == 0 or int(table["treated"].sum()) < MIN_TREATED:
            err = f"fewer than {MIN_TREATED} treated clients with complete follow-up"
        elif int((table["treated"] == 0).sum()) < MIN_TREATED // 3:
            err = "too few comparison clients"
        else:
            covs = [c for c in COVARIATES if table[c].n_unique() > 1]
            try:
                res = estimate_effect(
                    table,
                    "treated",
                    "employed",
                    covs,
                    estimand=estimand,
                    method=method,
                    folds=folds,
                    seed=seed,
                    model=model,
                )
            except ImpactInputError as exc:
                err = str(exc)
        return ServiceImpact(
            sid, row.get("kind", ""), row.get("name_en", ""), horizon_days, res, err, controls
        )

    return map_in_threads(one, rows)


def impacts_frame(impacts: list[ServiceImpact]) -> pl.DataFrame:
    """Flat table for the dashboard: one row per service with estimate, CI and warnings."""
    rows = []
    for s in impacts:
        r = s.result
        rows.append(
            {
                "service_id": s.service_id,
                "kind": s.kind,
                "name_en": s.name_en,
                "horizon_days": s.horizon_days,
                "controls": s.controls,
                "estimand": r.estimand if r else None,
                "method": r.method if r else None,
                "estimate": r.estimate if r else None,
                "ci_low": r.ci_low if r else None,
                "ci_high": r.ci_high if r else None,
                "naive_difference": r.naive_difference if r else None,
                "n_treated": r.n_treated if r else None,
                "n_control": r.n_control if r else None,
                "max_abs_smd_after": r.balance["max_abs_smd_after"] if r else None,
                "share_trimmed": r.overlap["share_trimmed"] if r else None,
                "e_value_ci": r.details.get("e_value", {}).get("ci") if r else None,
                "warnings": "; ".join(r.warnings) if r else s.error,
            }
        )
    return pl.DataFrame(rows, infer_schema_length=None)
