"""Per-contract performance (issue 17, point 3 "per provider, contract and service").

The provider comparison's own computations (`providers.grouped_operations`, the AIPW
risk adjustment of `providers._service_adjusted` and `providers.pool`) with a contract
key instead of a provider: a contract's referrals are the referrals to one of its services
made within its period (as `procurement.selectors.enrolment_candidates` enrols them), and
its participants those who started. The extract carries the contracts as three small tables
(docs/data-model.md): `contracts` (contract_id, provider, start, end, ...),
`contract_services` (contract_id, service_id) and the cohort in `contract_members`.

The refresh computes the tables; insights publishes them to a fixed file under the
analytics folder (like the workers' quality signal), where the procurement app, a lower
layer than insights, reads one contract's rows. Pure: no Django.
"""

from __future__ import annotations

from pathlib import Path

import narwhals as nw
import polars as pl

from kohtaanto.analytics.data import DataError
from kohtaanto.analytics.frames import Source, collect
from kohtaanto.analytics.providers import (
    OUTCOME_MONTHS,
    Adjusted,
    adjusted_many,
    grouped_operations,
    pool,
)
from kohtaanto.analytics.providers import Z95 as _Z95
from kohtaanto.analytics.service_impact import MIN_TREATED

CONTRACT_TABLES = ("contracts", "contract_services")
PUBLISHED = ("published", "contracts")
HORIZONS = (6, 12)
PERFORMANCE_SCHEMA = {
    "contract_id": pl.String,
    "service_id": pl.String,
    "horizon_months": pl.Int64,
    "n_participants": pl.Int64,
    "observed": pl.Float64,
    "expected": pl.Float64,
    "difference": pl.Float64,
    "ci_low": pl.Float64,
    "ci_high": pl.Float64,
}


def has_contracts(data: Source) -> bool:
    """Whether the data carries the contract tables (an older extract does not)."""
    for name in CONTRACT_TABLES:
        try:
            data.lazy(name)
        except (DataError, KeyError):
            return False
    return True


def contract_referrals(data: Source) -> nw.LazyFrame:
    """The referrals with the contract they fall under (a referral to a service of two
    contracts in force at once counts for both), on the engine."""
    period = data.lazy("contracts").select("contract_id", "start", "end")
    return (
        data.lazy("referrals")
        .join(data.lazy("contract_services").select("contract_id", "service_id"), on="service_id")
        .join(period, on="contract_id")
        .filter(nw.col("referred_date") >= nw.col("start"), nw.col("referred_date") <= nw.col("end"))
        .drop("start", "end")
    )


def operations(data: Source, threshold: int = 5) -> pl.DataFrame:
    """Referrals, acceptance, waits, completion, interruption and employment at 3/6/12
    months per (contract, service) and per contract (service_id null), suppressed."""
    if not has_contracts(data):
        return pl.DataFrame()
    return grouped_operations(data, contract_referrals(data), "contract_id", threshold)


def risk_adjusted(
    data: Source,
    horizons: tuple[int, ...] = HORIZONS,
    folds: int = 3,
    seed: int = 0,
    controls: str = "no_service",
) -> pl.DataFrame:
    """Observed against expected employment of each contract's participants, per service and
    pooled per contract (service_id null), with a 95 % interval; contracts with fewer than
    `service_impact.MIN_TREATED` participants with follow-up get no row."""
    rows: list[tuple] = []
    if has_contracts(data):
        # The contracts' participants only: (contract, service, client), collected.
        started = collect(
            contract_referrals(data)
            .filter(~nw.col("start_date").is_null())
            .select("contract_id", "service_id", "client_id")
        ).sort("contract_id", "service_id", "client_id")
        # Each (horizon, contract, service) with enough participants to reach the minimum.
        plan = []
        for months in horizons:
            for (contract_id,), part in started.group_by(["contract_id"], maintain_order=True):
                for sid in sorted(part["service_id"].unique().to_list()):
                    who = part.filter(pl.col("service_id") == sid).select("client_id").unique()
                    if who.height >= MIN_TREATED:
                        plan.append((months, contract_id, sid, who))
        estimates = adjusted_many(
            data, [(sid, OUTCOME_MONTHS[m], who) for m, _c, sid, who in plan], folds, seed, controls
        )
        by_contract: dict[tuple[int, str], list[Adjusted]] = {}
        for (months, contract_id, sid, _who), a in zip(plan, estimates, strict=True):
            if a is not None:
                by_contract.setdefault((months, contract_id), []).append(a)
                rows.append(_row(contract_id, sid, months, a))
        for (months, contract_id), parts in by_contract.items():
            pooled = pool(parts)
            if pooled is not None:
                rows.append(_row(contract_id, None, months, pooled))
    return pl.DataFrame(rows, schema=PERFORMANCE_SCHEMA, orient="row").sort(
        "contract_id", "horizon_months", "service_id", nulls_last=True
    )


def _row(contract_id: str, sid: str | None, months: int, a: Adjusted) -> tuple:
    return (
        contract_id,
        sid,
        months,
        a.n,
        a.observed,
        a.observed - a.effect,
        a.effect,
        a.effect - _Z95 * a.se,
        a.effect + _Z95 * a.se,
    )


def publishable(data: Source, threshold: int = 5, seed: int = 0) -> dict[str, pl.DataFrame]:
    """The refresh's contract tables (none when the extract carries no contracts)."""
    if not has_contracts(data):
        return {}
    return {
        "contract_operations": operations(data, threshold),
        "contract_performance": risk_adjusted(data, seed=seed),
    }


def write_published(results_dir: Path, analytics_dir: Path, as_of: str) -> list[Path]:
    """Publish a refresh's contract tables where the procurement app reads them."""
    out = analytics_dir.joinpath(*PUBLISHED)
    written = []
    for name in ("contract_operations", "contract_performance"):
        src = results_dir / f"{name}.parquet"
        if not src.is_file():
            continue
        out.mkdir(parents=True, exist_ok=True)
        target = out / f"{name}.parquet"
        tmp = target.with_suffix(".tmp")
        pl.read_parquet(src).with_columns(as_of=pl.lit(as_of)).write_parquet(tmp)
        tmp.replace(target)
        written.append(target)
    return written


def read_published(analytics_dir: Path, contract_id: str) -> dict:
    """One contract's published rows: {"operations": [...], "performance": [...], "as_of"}.
    Empty lists (and as_of None) when no refresh has published contract figures."""
    out: dict = {"operations": [], "performance": [], "as_of": None}
    folder = analytics_dir.joinpath(*PUBLISHED)
    for name, key in (("contract_operations", "operations"), ("contract_performance", "performance")):
        path = folder / f"{name}.parquet"
        if not path.is_file():
            continue
        rows = pl.read_parquet(path).filter(pl.col("contract_id") == contract_id)
        out[key] = rows.drop("as_of").to_dicts()
        if rows.height:
            out["as_of"] = rows["as_of"][0]
    return out
