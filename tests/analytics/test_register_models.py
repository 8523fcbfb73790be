"""Extract, forecast, service impact and refresh on small register data."""

import json

import numpy as np
import polars as pl
import pytest

from kohtaanto.analytics import forecast, kpi
from kohtaanto.analytics.data import load
from kohtaanto.analytics.extract import ExtractError, pseudonym, pseudonymise_extract
from kohtaanto.analytics.service_impact import analysis_table, estimate_services
from kohtaanto.cli import main

KEY = b"0123456789abcdef-test-key"


def test_extract_drops_identifiers_and_keeps_analytics(tiny_dir, tmp_path):
    out = tmp_path / "extract"
    assert set(pseudonymise_extract(tiny_dir, out, KEY).values()) == {"written"}
    c = pl.read_parquet(out / "clients.parquet")
    assert not {"hetu", "first_name", "last_name"} & set(c.columns)
    assert "first_name" not in pl.read_parquet(out / "staff.parquet").columns
    k1 = pseudonym("K1", KEY, "C")
    assert k1 in c["client_id"].to_list() and "K1" not in c["client_id"].to_list()
    assert (pl.read_parquet(out / "events.parquet")["client_id"] == k1).sum() == 5
    assert c["birth_date"].dt.day().to_list() == [1, 1, 1, 1]
    for table in ("clients", "meetings", "events", "referrals", "staff"):
        text = repr(pl.read_parquet(out / f"{table}.parquet").rows())
        assert "010190-90" not in text and "Aino" not in text and "'K1'" not in text
    # The analytics run on the extract and give the same KPIs.
    src, ext = load(tiny_dir), load(out)
    assert (
        kpi.caseloads(ext, 136)["caseload"].sort().to_list()
        == kpi.caseloads(src, 136)["caseload"].sort().to_list()
    )
    assert kpi.initial_interview_promise(ext)["n_on_time"].sum() == 1


def test_extract_is_stable_keyed_and_incremental(tiny_dir, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    pseudonymise_extract(tiny_dir, a, KEY)
    assert set(pseudonymise_extract(tiny_dir, a, KEY).values()) == {"unchanged"}
    pseudonymise_extract(tiny_dir, b, b"another-secret-key-000")
    ids_a = pl.read_parquet(a / "clients.parquet")["client_id"]
    ids_b = pl.read_parquet(b / "clients.parquet")["client_id"]
    assert not set(ids_a) & set(ids_b)
    assert set(pseudonymise_extract(tiny_dir, a, b"another-secret-key-000").values()) == {"written"}
    with pytest.raises(ExtractError, match="16 bytes"):
        pseudonymise_extract(tiny_dir, a, b"short")


def test_analysis_table_reproduces_ground_truth_population(synthetic_dir):
    data = load(synthetic_dir)
    truth = json.loads((synthetic_dir / "ground_truth.json").read_text())["services"]
    for sid in ("P001", "P010", "P014"):
        t = analysis_table(data, sid)
        gt = truth[sid]["effects"]["6m"]
        # Eligibility is read off the treated (age, language range), so on small data a few
        # eligible controls outside the treated's observed range are left out.
        assert 0 <= gt["n_population"] - t.height <= 0.01 * gt["n_population"]
        assert int(t["treated"].sum()) == gt["n_treated"]
        assert abs(t.filter(pl.col("treated") == 1)["employed"].mean() - gt["mean_y_treated_observed"]) < 1e-4


def test_estimate_services_returns_every_service(synthetic_dir):
    res = estimate_services(load(synthetic_dir), folds=2, services=["P001", "P011"])
    assert [r.service_id for r in res] == ["P001", "P011"]
    for r in res:
        assert r.result is not None and r.result.ci_low < r.result.ci_high


def test_forecast_is_calibrated_and_explained(synthetic_dir):
    data = load(synthetic_dir)
    model = forecast.train(data)
    m = model.metrics
    assert m["auc"] > 0.62
    assert m["brier"] < m["brier_reference"]  # better than predicting the base rate
    cal = model.calibration
    assert cal["n"].sum() == m["n_test"]
    gap = (cal["mean_predicted"] - cal["observed"]).abs() * cal["n"] / cal["n"].sum()
    assert gap.sum() < 0.08  # expected calibration error (small test set)
    groups = set(model.fairness["group"])
    assert groups == {"gender", "age_group", "language_group"}
    assert model.fairness["fpr"].is_between(0, 1).all() and model.fairness["fnr"].is_between(0, 1).all()
    p = forecast.predict(model, data)
    active = kpi.caseloads(data, 136)["caseload"].sum()
    assert p.height == active
    assert p["probability"].is_between(0, 1).all()
    f = p["factors"][0].to_list()
    assert len(f) == 3 and {"feature", "value", "effect"} <= set(f[0])
    assert (np.abs([x["effect"] for x in f]) == sorted(np.abs([x["effect"] for x in f]), reverse=True)).all()
    assert p["model_use"][0].startswith("decision support")


def test_refresh_cli_writes_all_tables(synthetic_dir, tmp_path, capsys):
    out = tmp_path / "refresh"
    assert main(["analytics", "refresh", "--data", str(synthetic_dir), "--out", str(out), "--no-impact"]) == 0
    report = json.loads(capsys.readouterr().out)
    for name in report["tables"]:
        assert (out / f"{name}.parquet").is_file()
    oc = pl.read_parquet(out / "outcomes_by_segment.parquet")
    n = oc["n"].drop_nulls()
    assert (n >= 5).all()  # small cells suppressed
    stock = pl.read_parquet(out / "clients_over_time.parquet")
    assert ((stock["n"] >= 5) | (stock["n"] == 0) | stock["n"].is_null()).all()


def test_refresh_and_extract_errors(tmp_path, capsys):
    assert main(["analytics", "refresh", "--data", str(tmp_path / "none"), "--out", str(tmp_path / "o")]) == 2
    assert "not found" in capsys.readouterr().err
    assert main(["analytics", "extract", "--data", str(tmp_path), "--out", str(tmp_path / "o")]) == 2
    assert "key-file" in capsys.readouterr().err
