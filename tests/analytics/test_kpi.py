import datetime as dt

import polars as pl

from kohtaanto.analytics import kpi, paths
from kohtaanto.analytics.data import load


def row(df: pl.DataFrame, **eq) -> dict:
    out = df.filter(*[pl.col(k) == v for k, v in eq.items()])
    assert out.height == 1, out
    return out.row(0, named=True)


def test_as_of_and_window(tiny_dir):
    data = load(tiny_dir)
    assert data.as_of == dt.date(2026, 10, 31)
    assert data.window_start == dt.date(2024, 10, 31)


def test_initial_interview_within_5_working_days(tiny_dir):
    ii = kpi.initial_interview_promise(load(tiny_dir))
    # K1 held on day 4 (on time), K2 on the 6th working day (late), K4 never; K3's deadline
    # (2026-11-05) is after the snapshot, so K3 is not yet counted.
    r = row(ii, month=dt.date(2025, 3, 1), team="OSU-AP")
    assert (r["n_due"], r["n_on_time"]) == (3, 1)
    assert abs(r["share_on_time"] - 1 / 3) < 1e-9
    assert ii["n_due"].sum() == 3


def test_conversations_on_time_in_months_0_to_3(tiny_dir):
    jsc = kpi.conversation_promise(load(tiny_dir))
    march = row(jsc, month=dt.date(2025, 3, 1))
    april = row(jsc, month=dt.date(2025, 4, 1))
    assert (march["n_due"], march["n_on_time"]) == (2, 1)  # K2's was two days late
    assert (april["n_due"], april["n_on_time"]) == (1, 1)  # no-show, then held on the due day
    assert jsc["n_due"].sum() == 3  # the July conversation is after month 3


def test_clients_over_time(tiny_dir):
    stock = kpi.clients_over_time(load(tiny_dir))
    assert row(stock, month_end=dt.date(2025, 3, 31))["n_active"] == 3
    may = row(stock, month_end=dt.date(2025, 5, 31))
    assert may["n_active"] == 2 and may["segment"] == "adult_basic"
    assert may["n_foreign_language"] == 1 and may["n_long_term"] == 0
    assert row(stock, month_end=dt.date(2026, 10, 31))["n_active"] == 3
    assert row(stock, month_end=dt.date(2026, 10, 31))["n_long_term"] == 2


def test_caseloads_against_norm(tiny_dir):
    cl = kpi.caseloads(load(tiny_dir), 136)
    assert row(cl, staff_id="S0003")["caseload"] == 3
    assert row(cl, staff_id="S0004")["caseload"] == 0
    assert "S0001" not in cl["staff_id"].to_list()  # team leader without clients
    assert abs(row(cl, staff_id="S0003")["ratio_to_norm"] - 3 / 136) < 1e-9
    summary = kpi.caseload_summary(cl)
    assert row(summary, team="OSU-AP")["n_workers"] == 2


def test_service_bottlenecks(tiny_dir):
    sb = kpi.service_bottlenecks(load(tiny_dir))
    p1 = row(sb, service_id="P001")
    assert (p1["n_referred"], p1["n_started"], p1["n_declined"], p1["n_pending"]) == (3, 1, 1, 1)
    assert p1["conversion"] == 0.5  # 1 started of 2 decided
    assert p1["wait_median_days"] == 14
    assert p1["participants_now"] == 0 and p1["utilisation_now"] == 0
    assert row(sb, service_id="P002")["n_referred"] == 0


def test_outcomes_by_segment(tiny_dir):
    oc = kpi.outcomes_by_segment(load(tiny_dir))
    for h in (3, 6, 12):
        r = row(oc, horizon_months=h, segment="adult_basic")
        assert (r["n"], r["n_employed"]) == (3, 1)


def test_paths(tiny_dir):
    data = load(tiny_dir)
    p = paths.client_paths(data)
    assert sorted(p["client_id"]) == ["K1", "K2", "K4"]
    k1 = row(p, client_id="K1")
    assert k1["steps"] == ["initial_interview", "conversation", "work_trial"]
    assert (k1["variant"], k1["outcome"], k1["days_to_outcome"]) == ("work_trial", "employed", 60)
    k2 = row(p, client_id="K2")
    assert k2["steps"][:2] == ["initial_interview", "conversation"] and k2["outcome"] == "searching"
    v = paths.variant_frequencies(p, threshold=1)
    assert row(v, variant="(no service)")["n"] == 2
    assert paths.variant_frequencies(p, threshold=5)["variant"].to_list() == ["(rare variants)"]
    tr = paths.transitions(data)
    assert row(tr, group="employed", **{"from": "work_trial"})["to"] == "employed"
    assert row(paths.time_to_outcome(p), outcome="employed")["median_days"] == 60


def test_published_caseloads_protect_small_workers(tiny_dir):
    from kohtaanto.analytics.refresh import publishable_tables

    tables = publishable_tables(load(tiny_dir), norm=136, threshold=5)
    # S0003 has 3 clients and S0004 none: the 3 is hidden, and so is the team total of 3 in
    # the summary, which would otherwise give it away (3 - 0); the 0 is hidden as its partner.
    assert row(tables["caseloads"], staff_id="S0003")["caseload"] is None
    assert row(tables["caseloads"], staff_id="S0004")["caseload"] is None  # its only partner
    summary = row(tables["caseload_summary"], team="OSU-AP")
    assert summary["n_clients"] is None and summary["max_caseload"] is None
    oc = tables["outcomes_by_segment"]
    assert oc["n"].drop_nulls().len() == 0  # only 3 clients per horizon: all hidden
