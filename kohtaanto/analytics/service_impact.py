"""Per-service impact from register data: the analysis table and the estimates.

Design (pairwise "service X vs no service", Lechner 2001), chosen so that treated and
controls are compared at the same moment of their job search:

- time zero D: the client's first held initial interview or job-search conversation in the
  window (`data.decision_dates`), the moment a referral is decided;
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

import polars as pl

from kohtaanto.analytics.causal import ImpactResult, estimate_effect
from kohtaanto.analytics.data import (
    EDUCATION_LEVELS,
    FINNISH_LEVELS,
    RegisterData,
    age_at,
    decision_dates,
    level_rank,
    next_working_day,
)
from kohtaanto.analytics.design import ImpactInputError

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


def client_features(data: RegisterData, on: pl.DataFrame) -> pl.DataFrame:
    """Covariates of each client as known on date column `on_date` of `on` (client_id, on_date)."""
    c = data["clients"]
    df = on.join(c, on="client_id", how="inner")
    age = age_at(pl.col("birth_date"), pl.col("on_date"))
    return df.select(
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
        (pl.col("on_date") - pl.col("registration_date")).dt.total_days().alias("search_days"),
        ((pl.col("on_date") - pl.col("registration_date")).dt.total_days() >= 365)
        .cast(pl.Int8)
        .alias("long_term_at_decision"),
        level_rank("education_level", EDUCATION_LEVELS).alias("education_rank"),
    )


def _wait_days(data: RegisterData, service_id: str) -> int | None:
    s = data["services"]
    if "wait_days" in s.columns:
        row = s.filter(pl.col("service_id") == service_id)
        if row.height and row["wait_days"][0] is not None:
            return int(row["wait_days"][0])
    r = data["referrals"].filter(pl.col("service_id") == service_id, pl.col("start_date").is_not_null())
    if r.height == 0:
        return None
    return int((r["start_date"] - r["referred_date"]).dt.total_days().min())  # type: ignore[arg-type]


def analysis_table(
    data: RegisterData, service_id: str, horizon_days: int = 182, controls: str = "no_service"
) -> pl.DataFrame:
    """One row per client in the population for `service_id` (see module docstring).

    controls="no_service": everyone eligible who started no service (large, but selected
    on everything the case worker knew). controls="referred": only clients referred to this
    service who did not start it (declined): the referral decision already encodes the
    worker's private judgement, so this smaller group is a better match when declining is
    close to random; it is a design-based robustness check, not a replacement.
    """
    ref = data["referrals"]
    started_any = data.once(
        "started_any", lambda: ref.filter(pl.col("start_date").is_not_null()).select("client_id").unique()
    )
    treated = (
        ref.filter(pl.col("service_id") == service_id, pl.col("start_date").is_not_null())
        .group_by("client_id")
        .agg(pl.col("start_date").min().alias("start_date"))
    )
    wait = _wait_days(data, service_id)
    if wait is None or treated.height == 0:
        return pl.DataFrame()
    feats = data.once(
        "features_at_decision",
        lambda: client_features(data, decision_dates(data).rename({"decision_date": "on_date"})),
    )
    feats = feats.with_columns(
        next_working_day(feats["on_date"] + dt.timedelta(days=wait)).alias("would_start")
    )
    feats = feats.join(treated, on="client_id", how="left")
    feats = feats.with_columns(
        treated=pl.col("start_date").is_not_null().cast(pl.Int8),
        start=pl.coalesce("start_date", "would_start"),
    )
    # Controls: started nothing at all. Treated: started X (anything else excluded).
    others = started_any.join(treated.select("client_id"), on="client_id", how="anti")
    feats = feats.join(others, on="client_id", how="anti")
    if controls == "referred":
        referred = ref.filter(pl.col("service_id") == service_id).select("client_id").unique()
        feats = feats.join(referred, on="client_id", how="semi")
    elif controls != "no_service":
        raise ValueError(f"controls must be 'no_service' or 'referred', got {controls!r}")
    # Eligibility support observed among those who started X.
    t = feats.filter(pl.col("treated") == 1)
    cond = pl.col("age").is_between(t["age"].min(), t["age"].max())
    cond &= pl.col("finnish_rank").is_between(t["finnish_rank"].min(), t["finnish_rank"].max())
    for flag, col in (("foreign", "language_group"), (1, "needs_multiprofessional")):
        if (t[col] == flag).all():
            cond &= pl.col(col) == flag
    feats = feats.filter(cond)
    c = data["clients"].select("client_id", "end_date")
    emp = data.once(
        "first_employment",
        lambda: (
            data["events"]
            .filter(pl.col("kind") == "employment")
            .group_by("client_id")
            .agg(pl.col("date").min().alias("employed_on"))
        ),
    )
    as_of = data.as_of
    h = dt.timedelta(days=horizon_days)
    return (
        feats.join(c, on="client_id", how="left")
        .join(emp, on="client_id", how="left")
        .filter(pl.col("end_date").is_null() | (pl.col("end_date") > pl.col("start")))
        .filter(pl.col("start") + h <= as_of)
        .with_columns(
            employed=(
                pl.col("employed_on").is_not_null()
                & (pl.col("employed_on") > pl.col("start"))
                & (pl.col("employed_on") <= pl.col("start") + h)
            ).cast(pl.Int8)
        )
        .drop("start_date", "would_start", "end_date", "employed_on")
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
    data: RegisterData,
    estimand: str = "att",
    horizon_days: int = 182,
    method: str = "aipw",
    folds: int = 5,
    seed: int = 0,
    services: list[str] | None = None,
    controls: str = "no_service",
    model: str = "logit",
) -> list[ServiceImpact]:
    """Estimate every service's effect on employment within the horizon."""
    out = []
    svc = data["services"]
    for row in svc.iter_rows(named=True):
        sid = row["service_id"]
        if services and sid not in services:
            continue
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
        out.append(
            ServiceImpact(sid, row.get("kind", ""), row.get("name_en", ""), horizon_days, res, err, controls)
        )
    return out


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
