"""The generator's tables of procured and joint services (issue 17), derived from the
register it has already drawn, so a generated municipality carries contracts with outcome
bonuses, TYP cases with their teams and Ohjaamo visits (schemas in docs/data-model.md).

- **Contracts**: one per provider, over the last 18 months of the history and the next six,
  priced per client with an outcome bonus: `employed` within 6 months of the start and still
  employed 3 months later pays 1,500 EUR (the register has no job ends, so "still employed"
  is every job that began; the event falls 3 months after the job began, if by the snapshot).
  The cohort is every client whose first referral to one of the provider's services in the
  period was not declined or cancelled.
- **TYP**: clients in need of multi-professional services who have been job seekers for a
  year enter a mapping period (a share of them, drawn); the plan follows within the 3 months
  the Act allows, and the case ends with the job search, with the end reason as the exit
  outcome. Each team has the responsible worker, a social worker and a Kela officer (pools
  sized to about 25 and 40 active cases each).
- **Ohjaamo**: visits as counts per month, age group, topic and transition, in proportion to
  the under-30 job seekers; about a quarter identified.

Deterministic: every draw comes from its own stream seeded by (seed, table name).
"""

from __future__ import annotations

import datetime as dt
import zlib

import numpy as np
import polars as pl

TYP_SHARE = 0.6
OHJAAMO_VISITS_PER_YOUNG_CLIENT_MONTH = 0.08
OHJAAMO_AGE_GROUPS = ("under_18", "18_24", "25_29", "unknown")
OHJAAMO_TOPICS = ("work", "education", "livelihood", "housing", "wellbeing", "life_skills", "other")
TOPIC_WEIGHTS = (0.3, 0.2, 0.15, 0.1, 0.1, 0.1, 0.05)
OHJAAMO_TRANSITIONS = ("", "employment_services", "education", "work", "social_services", "youth_workshop")
TRANSITION_WEIGHTS = (0.55, 0.15, 0.1, 0.08, 0.07, 0.05)
EXIT_OF_REASON = {
    "employed": "employed",
    "subsidised": "employed",
    "entrepreneur": "employed",
    "education": "education",
    "moved": "moved",
}
BONUS_CENTS = 150_000


def _rng(seed: int, name: str) -> np.random.Generator:
    return np.random.default_rng([seed, zlib.crc32(f"joint:{name}".encode())])


def _months_back(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(y, m + 1, 1)


def contract_tables(tables: dict[str, pl.DataFrame], as_of: dt.date) -> dict[str, pl.DataFrame]:
    services = tables["services"].select("service_id", "provider", "capacity").sort("provider", "service_id")
    providers = services["provider"].unique(maintain_order=True).to_list()
    start, end = _months_back(as_of, 18), _months_back(as_of, -7) - dt.timedelta(days=1)
    ids = {p: f"S{i + 1:03d}" for i, p in enumerate(providers)}
    contracts = pl.DataFrame(
        {
            "contract_id": [ids[p] for p in providers],
            "provider": providers,
            "start": [start] * len(providers),
            "end": [end] * len(providers),
            "price_model": ["per_client"] * len(providers),
            "randomised": [False] * len(providers),
            "capacity": [int(services.filter(pl.col("provider") == p)["capacity"].sum()) for p in providers],
        }
    )
    contract_services = services.select(
        pl.col("provider").replace_strict(ids).alias("contract_id"), "service_id"
    )
    members = (
        tables["referrals"]
        .join(contract_services, on="service_id")
        .filter(pl.col("referred_date").is_between(start, end))
        .sort("referred_date", "referral_id")
        .unique(["contract_id", "client_id"], keep="first", maintain_order=True)
        .filter(~pl.col("status").is_in(["declined", "cancelled"]))
        .select(
            "contract_id",
            "client_id",
            pl.coalesce("start_date", "referred_date").alias("start"),
            pl.lit("service").alias("arm"),
        )
        .sort("contract_id", "client_id")
    )
    jobs = (
        tables["events"]
        .filter(pl.col("kind") == "employment")
        .select("client_id", pl.col("date").alias("job"))
    )
    bonuses = (
        members.join(jobs, on="client_id")
        .filter(pl.col("job") >= pl.col("start"), pl.col("job") <= pl.col("start").dt.offset_by("6mo"))
        .group_by("contract_id", "client_id")
        .agg(pl.col("job").min())
        .with_columns(pl.col("job").dt.offset_by("3mo").alias("event_date"))
        .filter(pl.col("event_date") <= as_of)
        .select(
            "contract_id",
            "client_id",
            pl.lit("employed").alias("outcome"),
            "event_date",
            pl.lit(BONUS_CENTS, pl.Int64).alias("amount_cents"),
        )
        .sort("contract_id", "client_id")
    )
    return {
        "contracts": contracts,
        "contract_services": contract_services,
        "contract_members": members,
        "contract_bonuses": bonuses,
    }


def typ_tables(tables: dict[str, pl.DataFrame], seed: int, as_of: dt.date) -> dict[str, pl.DataFrame]:
    c = (
        tables["clients"]
        .filter(pl.col("needs_multiprofessional"))
        .with_columns(eligible_on=pl.col("registration_date").dt.offset_by("1y"))
        .filter(
            pl.col("eligible_on") <= as_of,
            pl.col("end_date").is_null() | (pl.col("end_date") > pl.col("eligible_on")),
        )
        .sort("client_id")
    )
    rng = _rng(seed, "typ")
    n = c.height
    chosen = rng.random(n) < TYP_SHARE
    delay = rng.integers(0, 120, n)  # days after eligibility the mapping starts
    plan_after = rng.integers(14, 91, n)
    c = (
        c.with_columns(
            pl.Series("chosen", chosen), pl.Series("delay", delay), pl.Series("plan_after", plan_after)
        )
        .with_columns((pl.col("eligible_on") + pl.duration(days=pl.col("delay"))).alias("mapping_start"))
        .filter(pl.col("chosen"), pl.col("mapping_start") <= as_of)
    )
    plan = pl.col("mapping_start") + pl.duration(days=pl.col("plan_after"))
    ended = pl.when(pl.col("end_date") > pl.col("mapping_start")).then(pl.col("end_date"))
    cases = c.select(
        (pl.lit("T") + pl.int_range(1, pl.len() + 1).cast(pl.String).str.zfill(6)).alias("case_id"),
        "client_id",
        pl.lit("unemployment_duration").alias("basis"),
        "mapping_start",
        pl.col("mapping_start").dt.offset_by("3mo").alias("mapping_latest_end"),
        pl.when((plan <= as_of) & (ended.is_null() | (plan < ended))).then(plan).alias("plan_date"),
        ended.alias("ended_on"),
        pl.when(ended.is_not_null())
        .then(pl.col("end_reason").replace_strict(EXIT_OF_REASON, default="other", return_dtype=pl.String))
        .alias("exit_outcome"),
    )
    active = max(1, cases.height)
    team_rng = _rng(seed, "typ-team")
    social = team_rng.integers(0, max(1, -(-active // 25)), cases.height)
    kela = team_rng.integers(0, max(1, -(-active // 40)), cases.height)
    worker = c.select("responsible_worker")["responsible_worker"]
    base = cases.select("case_id", "client_id")
    team = pl.concat(
        [
            base.with_columns(staff_id=worker, party=pl.lit("employment")),
            base.with_columns(
                staff_id=pl.lit("SOS") + pl.Series(social).cast(pl.String).str.zfill(3),
                party=pl.lit("social"),
            ),
            base.with_columns(
                staff_id=pl.lit("KELA") + pl.Series(kela).cast(pl.String).str.zfill(3), party=pl.lit("kela")
            ),
        ]
    ).filter(pl.col("staff_id").is_not_null())
    return {"typ_cases": cases, "typ_team": team.sort("case_id", "party")}


def ohjaamo_table(
    tables: dict[str, pl.DataFrame], seed: int, as_of: dt.date, months: int = 24
) -> pl.DataFrame:
    c = tables["clients"]
    young = c.filter(
        pl.col("birth_date") > pl.lit(as_of).dt.offset_by("-30y"), pl.col("registration_date") <= as_of
    )
    unit = (
        young["service_unit"].drop_nulls().mode().sort().first()
        if young.height and young["service_unit"].drop_nulls().len()
        else None
    ) or "ohjaamo"
    rate = max(young.height, 1) * OHJAAMO_VISITS_PER_YOUNG_CLIENT_MONTH
    age_w = np.array((0.1, 0.55, 0.3, 0.05))
    rng = _rng(seed, "ohjaamo")
    rows = []
    for k in range(months, 0, -1):
        month = _months_back(as_of, k - 1)
        total = int(rng.poisson(rate))
        cells = rng.multinomial(total, np.outer(age_w, TOPIC_WEIGHTS).ravel())
        for idx, count in enumerate(cells):
            if not count:
                continue
            age, topic = (
                OHJAAMO_AGE_GROUPS[idx // len(OHJAAMO_TOPICS)],
                OHJAAMO_TOPICS[idx % len(OHJAAMO_TOPICS)],
            )
            for t, per_t in enumerate(rng.multinomial(int(count), TRANSITION_WEIGHTS)):
                identified = int(rng.binomial(int(per_t), 0.25)) if per_t else 0
                for ident, n in ((True, identified), (False, int(per_t) - identified)):
                    if n:
                        rows.append((month, unit, age, topic, OHJAAMO_TRANSITIONS[t], ident, n))
    schema = {
        "month": pl.Date,
        "service_unit": pl.String,
        "age_group": pl.String,
        "topic": pl.String,
        "transition": pl.String,
        "identified": pl.Boolean,
        "visits": pl.Int64,
    }
    return pl.DataFrame(rows, schema=schema, orient="row")


def joint_tables(tables: dict[str, pl.DataFrame], seed: int, as_of: dt.date) -> dict[str, pl.DataFrame]:
    """The seven tables, in `analytics.data.OPTIONAL_TABLES` order."""
    out = contract_tables(tables, as_of)
    out.update(typ_tables(tables, seed, as_of))
    out["ohjaamo_visits"] = ohjaamo_table(tables, seed, as_of)
    return out
