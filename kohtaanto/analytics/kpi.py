"""Management KPIs from register data: service promise, stock, caseloads, bottlenecks, outcomes.

Each function returns a long Polars DataFrame with raw counts (and shares computed from
them), ready for disclosure control (`kohtaanto.analytics.disclosure`) before anything
leaves the system. Counting rules are in docs/analytics.md.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl

from kohtaanto.analytics.data import RegisterData, add_working_days, age_at, age_group, months
from kohtaanto.domain.organisation import HELSINKI, Organisation

INITIAL_INTERVIEW_WORKING_DAYS = 5
INTENSIVE_MONTHS = 3
OUTCOME_HORIZONS = {3: 91, 6: 182, 12: 365}


def segments(org: Organisation = HELSINKI) -> pl.DataFrame:
    """team -> segment (the organisation's team segmentation)."""
    rows = [(t.code, t.segment or "other") for _u, t in org.teams()]
    return pl.DataFrame(rows, schema={"team": pl.String, "segment": pl.String}, orient="row")


def _with_segment(df: pl.DataFrame, org: Organisation) -> pl.DataFrame:
    return df.join(segments(org), on="team", how="left").with_columns(pl.col("segment").fill_null("other"))


def _share(num: str, den: str) -> pl.Expr:
    return pl.when(pl.col(den) > 0).then(pl.col(num) / pl.col(den)).otherwise(None)


def initial_interview_promise(
    data: RegisterData, by: tuple[str, ...] = ("service_unit", "team")
) -> pl.DataFrame:
    """Share of clients registered in the window whose initial interview was held within
    5 working days of registration, by registration month. Clients whose deadline is still
    ahead are not counted yet."""
    c = data["clients"].filter(pl.col("registration_date") >= data.window_start)
    c = c.with_columns(
        add_working_days(c["registration_date"], INITIAL_INTERVIEW_WORKING_DAYS).alias("deadline")
    )
    c = c.filter(pl.col("deadline") <= data.as_of)
    held = (
        data["meetings"]
        .filter(pl.col("kind") == "initial_interview", pl.col("status") == "held")
        .group_by("client_id")
        .agg(pl.col("held_date").min().alias("held"))
    )
    c = c.join(held, on="client_id", how="left").with_columns(
        on_time=(pl.col("held").is_not_null() & (pl.col("held") <= pl.col("deadline"))).cast(pl.Int64),
        month=pl.col("registration_date").dt.truncate("1mo"),
    )
    out = (
        c.group_by(["month", *by])
        .agg(n_due=pl.len().cast(pl.Int64), n_on_time=pl.col("on_time").sum())
        .sort(["month", *by])
    )
    return out.with_columns(
        share_on_time=_share("n_on_time", "n_due"), indicator=pl.lit("initial_interview_5wd")
    )


def conversation_promise(data: RegisterData, by: tuple[str, ...] = ("service_unit", "team")) -> pl.DataFrame:
    """Share of job-search conversations due in months 0-3 of the job search that were held
    by their due date, by month of the due date (due dates after the snapshot not counted)."""
    c = data["clients"].select("client_id", "registration_date", *by)
    m = data["meetings"].filter(pl.col("kind") == "job_search_conversation").join(c, on="client_id")
    limit = pl.col("registration_date").dt.offset_by(f"{INTENSIVE_MONTHS}mo")
    m = m.filter(
        pl.col("due_date") <= limit,
        pl.col("due_date") <= data.as_of,
        pl.col("due_date") >= data.window_start,
    )
    # One obligation may have several booking attempts: it is met if any was held in time.
    per_due = m.group_by(["client_id", "due_date", *by]).agg(
        on_time=((pl.col("status") == "held") & (pl.col("held_date") <= pl.col("due_date"))).any()
    )
    out = (
        per_due.with_columns(month=pl.col("due_date").dt.truncate("1mo"))
        .group_by(["month", *by])
        .agg(n_due=pl.len().cast(pl.Int64), n_on_time=pl.col("on_time").cast(pl.Int64).sum())
        .sort(["month", *by])
    )
    return out.with_columns(
        share_on_time=_share("n_on_time", "n_due"), indicator=pl.lit("job_search_conversation_0_3m")
    )


def service_promise(data: RegisterData, by: tuple[str, ...] = ("service_unit", "team")) -> pl.DataFrame:
    """Both service-promise indicators in one long table."""
    return pl.concat([initial_interview_promise(data, by), conversation_promise(data, by)], how="vertical")


def clients_over_time(data: RegisterData, org: Organisation = HELSINKI) -> pl.DataFrame:
    """Job seekers at each month end by unit, team and segment, with priority-group counts."""
    c = _with_segment(data["clients"], org).select(
        "client_id",
        "service_unit",
        "team",
        "segment",
        "registration_date",
        "end_date",
        "birth_date",
        "language_group",
    )
    snap = pl.DataFrame({"month_end": months(data.window_start, data.as_of)})
    con = duckdb.connect()
    con.register("c", c.to_arrow())
    con.register("snap", snap.to_arrow())
    out = con.sql(
        """
        SELECT s.month_end, c.service_unit, c.team, c.segment,
               count(*) AS n_active,
               count(*) FILTER (WHERE date_diff('year', c.birth_date, s.month_end)
                   - CASE WHEN strftime(s.month_end, '%m%d') < strftime(c.birth_date, '%m%d') THEN 1 ELSE 0 END < 30)
                   AS n_under_30,
               count(*) FILTER (WHERE c.language_group = 'foreign') AS n_foreign_language,
               count(*) FILTER (WHERE s.month_end - c.registration_date >= 365) AS n_long_term
        FROM snap s JOIN c
          ON c.registration_date <= s.month_end AND (c.end_date IS NULL OR c.end_date > s.month_end)
        GROUP BY ALL ORDER BY ALL
        """
    ).pl()
    con.close()
    return out


def caseloads(data: RegisterData, norm: int) -> pl.DataFrame:
    """Active clients per responsible worker at the snapshot against the norm (case workers
    without clients appear with 0)."""
    active = data["clients"].filter(pl.col("end_date").is_null() | (pl.col("end_date") > data.as_of))
    load = (
        active.group_by("responsible_worker")
        .agg(caseload=pl.len())
        .rename({"responsible_worker": "staff_id"})
    )
    st = data["staff"].select("staff_id", "role", "service_unit", "team", "office")
    out = st.join(load, on="staff_id", how="full", coalesce=True).with_columns(
        pl.col("caseload").fill_null(0)
    )
    out = out.filter((pl.col("role") == "case_worker") | (pl.col("caseload") > 0))
    return out.with_columns(norm=pl.lit(norm), ratio_to_norm=pl.col("caseload") / norm).sort("staff_id")


def caseload_summary(per_worker: pl.DataFrame) -> pl.DataFrame:
    """Per team: workers, clients, mean and max caseload, share of workers over the norm."""
    cw = per_worker.filter(pl.col("role") == "case_worker")
    return (
        cw.group_by("service_unit", "team")
        .agg(
            n_workers=pl.len(),
            n_clients=pl.col("caseload").sum(),
            mean_caseload=pl.col("caseload").mean(),
            max_caseload=pl.col("caseload").max(),
            share_over_norm=(pl.col("caseload") > pl.col("norm")).mean(),
        )
        .sort("service_unit", "team")
    )


def service_bottlenecks(data: RegisterData) -> pl.DataFrame:
    """Per service: capacity, participants at the snapshot, utilisation, mean monthly
    utilisation, waiting times, referral-to-start conversion and the open queue."""
    r, s, as_of = data["referrals"], data["services"], data.as_of
    started = pl.col("start_date").is_not_null()
    per = r.group_by("service_id").agg(
        n_referred=pl.len(),
        n_started=started.sum(),
        n_declined=(pl.col("status") == "declined").sum(),
        n_cancelled=(pl.col("status") == "cancelled").sum(),
        n_pending=(pl.col("status") == "referred").sum(),
        n_interrupted=(pl.col("status") == "interrupted").sum(),
        wait_median_days=(pl.col("start_date") - pl.col("referred_date")).dt.total_days().median(),
        wait_p90_days=(pl.col("start_date") - pl.col("referred_date")).dt.total_days().quantile(0.9),
        participants_now=(
            started
            & (pl.col("start_date") <= as_of)
            & (pl.col("end_date").is_null() | (pl.col("end_date") > as_of))
        ).sum(),
    )
    ends = months(data.window_start, as_of)
    spells = r.filter(started).select("service_id", "start_date", "end_date")
    monthly = pl.concat(
        [
            spells.filter(pl.col("start_date") <= d, pl.col("end_date").is_null() | (pl.col("end_date") > d))
            .group_by("service_id")
            .agg(pl.len().alias("p"))
            for d in ends
        ]
    )
    mean_p = monthly.group_by("service_id").agg(mean_participants=pl.col("p").sum() / len(ends))
    out = (
        s.select("service_id", "kind", "name_en", "capacity")
        .join(per, on="service_id", how="left")
        .join(mean_p, on="service_id", how="left")
        .with_columns(
            pl.col(c).fill_null(0) for c in ("n_referred", "n_started", "n_pending", "participants_now")
        )
    )
    decided = pl.col("n_referred") - pl.col("n_pending")
    return out.with_columns(
        utilisation_now=pl.col("participants_now") / pl.col("capacity"),
        utilisation_mean=pl.col("mean_participants") / pl.col("capacity"),
        conversion=pl.when(decided > 0).then(pl.col("n_started") / decided),
    ).sort("service_id")


def outcomes_by_segment(
    data: RegisterData, by: tuple[str, ...] = ("segment",), org: Organisation = HELSINKI
) -> pl.DataFrame:
    """Employment, and employment or education, within 3/6/12 months of registration for
    clients registered in the window whose follow-up is complete for that horizon."""
    c = _with_segment(data["clients"], org).filter(pl.col("registration_date") >= data.window_start)
    c = c.with_columns(age_group=age_group(age_at(pl.col("birth_date"), pl.col("registration_date"))))
    ev = data["events"].filter(pl.col("kind").is_in(["employment", "education_start"]))
    first = (
        ev.group_by("client_id", "kind")
        .agg(pl.col("date").min())
        .pivot(on="kind", index="client_id", values="date")
    )
    for k in ("employment", "education_start"):
        if k not in first.columns:
            first = first.with_columns(pl.lit(None, pl.Date).alias(k))
    c = c.join(first, on="client_id", how="left")
    parts = []
    for label, days in OUTCOME_HORIZONS.items():
        h = dt.timedelta(days=days)
        sub = c.filter(pl.col("registration_date") + h <= data.as_of)
        emp = pl.col("employment").is_not_null() & (pl.col("employment") <= pl.col("registration_date") + h)
        edu = pl.col("education_start").is_not_null() & (
            pl.col("education_start") <= pl.col("registration_date") + h
        )
        parts.append(
            sub.group_by(list(by))
            .agg(n=pl.len(), n_employed=emp.sum(), n_employed_or_education=(emp | edu).sum())
            .with_columns(horizon_months=pl.lit(label))
        )
    out = pl.concat(parts).sort(["horizon_months", *by])
    return out.with_columns(
        share_employed=_share("n_employed", "n"),
        share_employed_or_education=_share("n_employed_or_education", "n"),
    )


def job_search_ends(data: RegisterData) -> pl.DataFrame:
    """Job searches ended per calendar month by reason (work of each kind, education, moving
    away, ...), over the 24-month window: how periods close, for the outcomes page."""
    ends = data["events"].filter(
        pl.col("kind") == "job_search_ended",
        pl.col("date") >= data.window_start,
        pl.col("date") <= data.as_of,
    )
    return (
        ends.with_columns(month=pl.col("date").dt.truncate("1mo"), reason=pl.col("reason").fill_null("other"))
        .group_by("month", "reason")
        .agg(n=pl.len())
        .sort("month", "reason")
    )
