"""Management KPIs from register data: service promise, stock, caseloads, bottlenecks, outcomes.

Each function returns a long Polars DataFrame with raw counts (and shares computed from
them), ready for disclosure control (`kohtaanto.analytics.disclosure`) before anything
leaves the system. Counting rules are in docs/analytics.md.

Written once for every engine (`frames.py`): `data` is any `frames.Source` — the in-memory
`RegisterData`, or `engine.EngineData` on DuckDB or Spark. The counting runs on the engine;
the few rows per month, team or service are collected and finished here in Polars.
"""

from __future__ import annotations

import datetime as dt

import narwhals as nw
import polars as pl

from kohtaanto.analytics.data import add_working_days, months
from kohtaanto.analytics.frames import (
    Source,
    age_group,
    age_years,
    collect,
    count_if,
    distinct_dates,
    epoch_days,
    month_from_key,
    month_key,
)
from kohtaanto.domain.organisation import Organisation, configured_organisations

INITIAL_INTERVIEW_WORKING_DAYS = 5
INTENSIVE_MONTHS = 3
OUTCOME_HORIZONS = {3: 91, 6: 182, 12: 365}


def segments(org: Organisation | None = None) -> pl.DataFrame:
    """team -> segment: the given organisation's, or every configured area's (team codes
    are unique across areas, `kohtaanto org install` refuses another area's code)."""
    orgs = (org,) if org is not None else configured_organisations()
    rows = {t.code: t.segment or "other" for o in orgs for _u, t in o.teams()}
    return pl.DataFrame(list(rows.items()), schema={"team": pl.String, "segment": pl.String}, orient="row")


def _with_segment(data: Source, org: Organisation | None) -> nw.LazyFrame:
    return (
        data.lazy("clients")
        .join(data.small(segments(org)), on="team", how="left")
        .with_columns(nw.col("segment").fill_null("other"))
    )


def _share(num: str, den: str) -> pl.Expr:
    return pl.when(pl.col(den) > 0).then(pl.col(num) / pl.col(den)).otherwise(None)


def _registration_rules(data: Source, clients: nw.LazyFrame) -> nw.LazyFrame:
    """Per distinct registration date: the interview deadline, the end of the intensive
    months and the outcome horizons (the working-day calendar runs here, in Python)."""
    regs = pl.DataFrame({"registration_date": distinct_dates(clients, "registration_date")})
    regs = regs.cast({"registration_date": pl.Date}).with_columns(
        add_working_days(regs["registration_date"].cast(pl.Date), INITIAL_INTERVIEW_WORKING_DAYS).alias(
            "deadline"
        ),
        pl.col("registration_date").dt.offset_by(f"{INTENSIVE_MONTHS}mo").alias("intensive_end"),
        *[
            (pl.col("registration_date") + dt.timedelta(days=d)).alias(f"h{m}")
            for m, d in OUTCOME_HORIZONS.items()
        ],
    )
    return data.small(regs)


def initial_interview_promise(data: Source, by: tuple[str, ...] = ("service_unit", "team")) -> pl.DataFrame:
    """Share of clients registered in the window whose initial interview was held within
    5 working days of registration, by registration month. Clients whose deadline is still
    ahead are not counted yet."""
    c = data.lazy("clients").filter(nw.col("registration_date") >= data.window_start)
    c = c.join(_registration_rules(data, c).select("registration_date", "deadline"), on="registration_date")
    c = c.filter(nw.col("deadline") <= data.as_of)
    held = (
        data.lazy("meetings")
        .filter(nw.col("kind") == "initial_interview", nw.col("status") == "held")
        .group_by("client_id")
        .agg(nw.col("held_date").min().alias("held"))
    )
    on_time = ~nw.col("held").is_null() & (nw.col("held") <= nw.col("deadline"))
    out = collect(
        c.join(held, on="client_id", how="left")
        .with_columns(mk=month_key("registration_date"), on_time=count_if(on_time, agg=False))
        .group_by("mk", *by)
        .agg(
            nw.len().cast(nw.Int64).alias("n_due"), nw.col("on_time").sum().cast(nw.Int64).alias("n_on_time")
        )
    )
    out = out.select(month_from_key("mk"), *by, "n_due", "n_on_time").sort(["month", *by])
    return out.with_columns(
        share_on_time=_share("n_on_time", "n_due"), indicator=pl.lit("initial_interview_5wd")
    )


def conversation_promise(data: Source, by: tuple[str, ...] = ("service_unit", "team")) -> pl.DataFrame:
    """Share of job-search conversations due in months 0-3 of the job search that were held
    by their due date, by month of the due date (due dates after the snapshot not counted)."""
    c = data.lazy("clients").select("client_id", "registration_date", *by)
    rules = _registration_rules(data, c).select("registration_date", "intensive_end")
    m = (
        data.lazy("meetings")
        .filter(nw.col("kind") == "job_search_conversation")
        .join(c, on="client_id")
        .join(rules, on="registration_date")
        .filter(
            nw.col("due_date") <= nw.col("intensive_end"),
            nw.col("due_date") <= data.as_of,
            nw.col("due_date") >= data.window_start,
        )
    )
    # One obligation may have several booking attempts: it is met if any was held in time.
    held = (nw.col("status") == "held") & (nw.col("held_date") <= nw.col("due_date"))
    per_due = (
        m.with_columns(ok=count_if(held, agg=False))
        .group_by("client_id", "due_date", *by)
        .agg(nw.col("ok").max().alias("on_time"))
    )
    out = collect(
        per_due.with_columns(mk=month_key("due_date"))
        .group_by("mk", *by)
        .agg(
            nw.len().cast(nw.Int64).alias("n_due"), nw.col("on_time").sum().cast(nw.Int64).alias("n_on_time")
        )
    )
    out = out.select(month_from_key("mk"), *by, "n_due", "n_on_time").sort(["month", *by])
    return out.with_columns(
        share_on_time=_share("n_on_time", "n_due"), indicator=pl.lit("job_search_conversation_0_3m")
    )


def service_promise(data: Source, by: tuple[str, ...] = ("service_unit", "team")) -> pl.DataFrame:
    """Both service-promise indicators in one long table."""
    return pl.concat([initial_interview_promise(data, by), conversation_promise(data, by)], how="vertical")


def clients_over_time(data: Source, org: Organisation | None = None) -> pl.DataFrame:
    """Job seekers at each month end by unit, team and segment, with priority-group counts."""
    ends = months(data.window_start, data.as_of)
    c = _with_segment(data, org).filter(
        nw.col("registration_date") <= data.as_of,
        nw.col("end_date").is_null() | (nw.col("end_date") > data.window_start),
    )
    snap = data.small(pl.DataFrame({"month_end": ends}, schema={"month_end": pl.Date}))
    j = (
        c.join(snap, how="cross")
        .filter(
            nw.col("registration_date") <= nw.col("month_end"),
            nw.col("end_date").is_null() | (nw.col("end_date") > nw.col("month_end")),
        )
        .with_columns(
            u30=count_if(age_years("birth_date", "month_end") < 30, agg=False),
            foreign=count_if(nw.col("language_group") == "foreign", agg=False),
            long=count_if(epoch_days("month_end") - epoch_days("registration_date") >= 365, agg=False),
        )
    )
    keys = ["month_end", "service_unit", "team", "segment"]
    out = collect(
        j.group_by(*keys).agg(
            nw.len().cast(nw.Int64).alias("n_active"),
            nw.col("u30").sum().cast(nw.Int64).alias("n_under_30"),
            nw.col("foreign").sum().cast(nw.Int64).alias("n_foreign_language"),
            nw.col("long").sum().cast(nw.Int64).alias("n_long_term"),
        )
    )
    return out.sort(keys, nulls_last=True)


def caseloads(data: Source, norm: int) -> pl.DataFrame:
    """Active clients per responsible worker at the snapshot against the norm (case workers
    without clients appear with 0)."""
    active = data.lazy("clients").filter(nw.col("end_date").is_null() | (nw.col("end_date") > data.as_of))
    load = collect(
        active.group_by("responsible_worker").agg(nw.len().cast(nw.Int64).alias("caseload"))
    ).select(pl.col("responsible_worker").alias("staff_id"), pl.col("caseload").cast(pl.UInt32))
    st = collect(data.lazy("staff").select("staff_id", "role", "service_unit", "team", "office"))
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


def service_bottlenecks(data: Source) -> pl.DataFrame:
    """Per service: capacity, participants at the snapshot, utilisation, mean monthly
    utilisation, waiting times, referral-to-start conversion and the open queue."""
    r, as_of = data.lazy("referrals"), data.as_of
    started = ~nw.col("start_date").is_null()
    now = (
        started
        & (nw.col("start_date") <= as_of)
        & (nw.col("end_date").is_null() | (nw.col("end_date") > as_of))
    )
    flags = {
        "n_started": started,
        "n_declined": nw.col("status") == "declined",
        "n_cancelled": nw.col("status") == "cancelled",
        "n_pending": nw.col("status") == "referred",
        "n_interrupted": nw.col("status") == "interrupted",
        "participants_now": now,
    }
    per = collect(
        r.with_columns(**{k: count_if(v, agg=False) for k, v in flags.items()})
        .group_by("service_id")
        .agg(nw.len().cast(nw.Int64).alias("n_referred"), *[nw.col(k).sum().cast(nw.Int64) for k in flags])
    ).with_columns(pl.col(["n_referred", *flags]).cast(pl.UInt32))
    # Waiting days: counted per service and day on the engine, quantiles from the counts here.
    waits = collect(
        r.filter(started)
        .with_columns(w=epoch_days("start_date") - epoch_days("referred_date"))
        .group_by("service_id", "w")
        .agg(nw.len().cast(nw.Int64).alias("n"))
    )
    waits = (
        waits.with_columns(pl.col("w").repeat_by("n"))
        .explode("w")
        .group_by("service_id")
        .agg(wait_median_days=pl.col("w").median(), wait_p90_days=pl.col("w").quantile(0.9))
    )
    ends = months(data.window_start, as_of)
    snap = data.small(pl.DataFrame({"d": ends}, schema={"d": pl.Date}))
    mean_p = collect(
        r.filter(started)
        .select("service_id", "start_date", "end_date")
        .join(snap, how="cross")
        .filter(
            nw.col("start_date") <= nw.col("d"),
            nw.col("end_date").is_null() | (nw.col("end_date") > nw.col("d")),
        )
        .group_by("service_id")
        .agg(nw.len().cast(nw.Int64).alias("p"))
    ).select("service_id", mean_participants=pl.col("p") / len(ends))
    cols = ["n_referred", *list(flags)[:5], "wait_median_days", "wait_p90_days", "participants_now"]
    per = per.join(waits, on="service_id", how="left").select("service_id", *cols)
    s = collect(data.lazy("services").select("service_id", "kind", "name_en", "capacity"))
    out = (
        s.join(per, on="service_id", how="left")
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
    data: Source, by: tuple[str, ...] = ("segment",), org: Organisation | None = None
) -> pl.DataFrame:
    """Employment, and employment or education, within 3/6/12 months of registration for
    clients registered in the window whose follow-up is complete for that horizon."""
    c = _with_segment(data, org).filter(nw.col("registration_date") >= data.window_start)
    c = c.with_columns(age_group=age_group(age_years("birth_date", "registration_date")))
    c = c.join(_registration_rules(data, c), on="registration_date")
    ev = data.lazy("events").filter(nw.col("kind").is_in(["employment", "education_start"]))
    first = (
        ev.with_columns(
            employment=nw.when(nw.col("kind") == "employment").then(nw.col("date")),
            education_start=nw.when(nw.col("kind") == "education_start").then(nw.col("date")),
        )
        .group_by("client_id")
        .agg(nw.col("employment").min(), nw.col("education_start").min())
    )
    c = c.join(first, on="client_id", how="left")
    parts = []
    for label, days in OUTCOME_HORIZONS.items():
        limit = nw.col(f"h{label}")
        sub = c.filter(nw.col("registration_date") <= data.as_of - dt.timedelta(days=days))
        emp = ~nw.col("employment").is_null() & (nw.col("employment") <= limit)
        edu = ~nw.col("education_start").is_null() & (nw.col("education_start") <= limit)
        part = collect(
            sub.with_columns(e=count_if(emp, agg=False), ee=count_if(emp | edu, agg=False))
            .group_by(*by)
            .agg(
                nw.len().cast(nw.Int64).alias("n"),
                nw.col("e").sum().cast(nw.Int64).alias("n_employed"),
                nw.col("ee").sum().cast(nw.Int64).alias("n_employed_or_education"),
            )
        )
        parts.append(
            part.with_columns(
                pl.col(["n", "n_employed", "n_employed_or_education"]).cast(pl.UInt32)
            ).with_columns(horizon_months=pl.lit(label))
        )
    out = pl.concat(parts).sort(["horizon_months", *by])
    return out.with_columns(
        share_employed=_share("n_employed", "n"),
        share_employed_or_education=_share("n_employed_or_education", "n"),
    )


def job_search_ends(data: Source) -> pl.DataFrame:
    """Job searches ended per calendar month by reason (work of each kind, education, moving
    away, ...), over the 24-month window: how periods close, for the outcomes page."""
    ends = data.lazy("events").filter(
        nw.col("kind") == "job_search_ended",
        nw.col("date") >= data.window_start,
        nw.col("date") <= data.as_of,
    )
    out = collect(
        ends.with_columns(mk=month_key("date"), reason=nw.col("reason").fill_null("other"))
        .group_by("mk", "reason")
        .agg(nw.len().cast(nw.Int64).alias("n"))
    )
    return out.select(month_from_key("mk"), "reason", pl.col("n").cast(pl.UInt32)).sort("month", "reason")
