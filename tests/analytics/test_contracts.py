"""Per-contract performance: the provider comparison's figures with a contract key (issue 17,
point 3), on a small known case and on generated data."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from kohtaanto.analytics import contracts, providers
from kohtaanto.analytics.data import RegisterData, load

AS_OF = dt.date(2026, 10, 31)
START = dt.date(2025, 6, 2)


def _register(n_in: int, n_out: int = 4) -> RegisterData:
    """Service A: `n_in` starters referred inside contract K1's period (the first 3 of them
    employed 60 days after the start, 1 interrupted), `n_out` referred before it; one decline."""
    refs, events = [], []
    for i in range(n_in + n_out):
        inside = i < n_in
        referred = START - dt.timedelta(days=14) if inside else dt.date(2024, 1, 10)
        start = referred + dt.timedelta(days=14)
        cid = f"C{i}"
        refs.append(
            {"referral_id": f"R{i}", "client_id": cid, "service_id": "A", "referred_date": referred,
             "start_date": start, "end_date": start + dt.timedelta(days=30),
             "status": "interrupted" if i == 0 else "completed"}
        )  # fmt: skip
        if i < 3 or not inside:
            events.append({"client_id": cid, "kind": "employment", "date": start + dt.timedelta(days=60)})
    refs.append({"referral_id": "RD", "client_id": "D", "service_id": "A", "referred_date": START,
                 "start_date": None, "end_date": None, "status": "declined"})  # fmt: skip
    return RegisterData(
        {
            "referrals": pl.DataFrame(refs),
            "services": pl.DataFrame({"service_id": ["A"], "provider": ["X"], "name_en": ["Alpha"]}),
            "events": pl.DataFrame(
                events, schema={"client_id": pl.String, "kind": pl.String, "date": pl.Date}
            ),
            "contracts": pl.DataFrame(
                {
                    "contract_id": ["K1"],
                    "provider": ["X"],
                    "start": [dt.date(2025, 1, 1)],
                    "end": [dt.date(2025, 12, 31)],
                }
            ),
            "contract_services": pl.DataFrame({"contract_id": ["K1"], "service_id": ["A"]}),
        },
        AS_OF,
    )


def test_contract_figures_count_only_its_period_referrals():
    df = contracts.operations(_register(20))
    total = df.filter(pl.col("service_id").is_null()).row(0, named=True)
    assert total["contract_id"] == "K1"
    assert (total["n_referred"], total["n_started"], total["n_decided"]) == (21, 20, 21)
    assert total["acceptance"] == pytest.approx(20 / 21)
    assert total["wait_median_days"] == 14
    assert total["n_ended"] == 20 and total["completion"] is None  # 1 interrupted: hidden
    assert total["employed_3m"] is None  # 3 employed of 20: a small cell
    a = df.filter(pl.col("service_id") == "A").row(0, named=True)
    assert a["service_name"] == "Alpha" and a["n_started"] == 20


def test_contract_figures_equal_the_provider_figures_over_the_same_referrals():
    data = _register(20, n_out=0)
    by_contract = contracts.operations(data).filter(pl.col("service_id").is_null()).drop("contract_id")
    by_provider = providers.operations(data).filter(pl.col("service_id").is_null()).drop("provider")
    assert by_contract.select(sorted(by_contract.columns)).equals(
        by_provider.select(sorted(by_provider.columns))
    )


def test_a_small_contract_is_hidden():
    df = contracts.operations(_register(3))
    total = df.filter(pl.col("service_id").is_null()).row(0, named=True)
    assert total["n_started"] is None and total["acceptance"] is None and total["employed_6m"] is None
    assert contracts.risk_adjusted(_register(3)).height == 0  # under MIN_TREATED participants


def test_no_contract_tables_no_contract_figures():
    data = _register(20)
    del data.tables["contracts"]
    assert contracts.publishable(data) == {}


def test_risk_adjusted_contract_over_a_provider_equals_the_provider(synthetic_dir):
    """A contract covering all of a provider's services for the whole history is the
    provider: the same participants, the same estimate and interval."""
    data = load(synthetic_dir)
    pooled = providers.risk_adjusted(data, horizons=(6,)).filter(pl.col("service_id").is_null())
    assert pooled.height > 0, "the synthetic set gives no provider an estimate"
    provider = pooled.sort("n_participants", descending=True)["provider"][0]
    mine = [r for r in data["services"].iter_rows(named=True) if r["provider"] == provider]
    data.tables["contracts"] = pl.DataFrame(
        {"contract_id": ["K9"], "provider": [provider], "start": [dt.date(2000, 1, 1)], "end": [AS_OF]}
    )
    data.tables["contract_services"] = pl.DataFrame(
        {"contract_id": ["K9"] * len(mine), "service_id": [r["service_id"] for r in mine]}
    )
    ours = contracts.risk_adjusted(data, horizons=(6,)).filter(pl.col("service_id").is_null())
    theirs = pooled.filter(pl.col("provider") == provider)
    assert ours.height == 1
    for col in ("n_participants", "observed", "difference", "ci_low", "ci_high"):
        assert ours[col][0] == pytest.approx(theirs[col][0])


def test_published_rows_are_read_back_per_contract(tmp_path):
    data = _register(20)
    results = tmp_path / "results"
    results.mkdir()
    for name, df in contracts.publishable(data).items():
        df.write_parquet(results / f"{name}.parquet")
    contracts.write_published(results, tmp_path, "2026-10-31")
    got = contracts.read_published(tmp_path, "K1")
    assert got["as_of"] == "2026-10-31" and len(got["operations"]) == 2
    assert contracts.read_published(tmp_path, "K2")["operations"] == []
    assert contracts.read_published(tmp_path / "none", "K1") == {
        "operations": [],
        "performance": [],
        "as_of": None,
    }
