"""Referential integrity and a coherent timeline for every client."""

import polars as pl

from .conftest import AS_OF


def _subset(child: pl.Series, parent: pl.Series) -> bool:
    return set(child.drop_nulls().unique()) <= set(parent.unique())


def test_foreign_keys(data):
    clients, staff, services = (
        data["clients"]["client_id"],
        data["staff"]["staff_id"],
        data["services"]["service_id"],
    )
    assert _subset(data["clients"]["responsible_worker"], staff)
    assert _subset(data["meetings"]["client_id"], clients)
    assert _subset(data["meetings"]["staff_id"], staff)
    assert _subset(data["events"]["client_id"], clients)
    assert _subset(data["events"]["service_id"], services)
    assert _subset(data["referrals"]["client_id"], clients)
    assert _subset(data["referrals"]["service_id"], services)


def test_responsible_worker_is_a_case_worker_of_the_team_with_balanced_caseloads(data):
    staff = data["staff"].select(
        "staff_id", "role", pl.col("team").alias("worker_team"), pl.col("office").alias("worker_office")
    )
    c = data["clients"].join(staff, left_on="responsible_worker", right_on="staff_id")
    assert (c["role"] == "case_worker").all()
    assert (c["team"] == c["worker_team"]).all()
    assert (c["office"] == c["worker_office"]).all()
    loads = (
        c.filter(pl.col("job_search_status") == "active")
        .group_by("team", "responsible_worker")
        .len()
        .group_by("team")
        .agg(spread=pl.col("len").max() - pl.col("len").min())
    )
    assert (loads["spread"] <= 1).all()


def test_meetings_are_coherent(data):
    m = data["meetings"].join(
        data["clients"].select("client_id", "end_date", "registration_date"), on="client_id"
    )
    held = m.filter(pl.col("status") == "held")
    assert (held["held_date"] == held["planned_date"]).all()
    assert (
        m.filter(pl.col("status") != "held")["held_date"].null_count()
        == m.filter(pl.col("status") != "held").height
    )
    assert (m.filter(pl.col("status") == "planned")["planned_date"] > AS_OF).all()
    assert (m.filter(pl.col("status") != "planned")["planned_date"] <= AS_OF).all()
    assert held.filter(
        pl.col("end_date").is_not_null() & (pl.col("held_date") >= pl.col("end_date"))
    ).is_empty()
    assert (m["planned_date"] > m["registration_date"]).all()
    # Realistic lateness and absence: most but not all promises kept, some no-shows.
    on_time = held.select((pl.col("held_date") <= pl.col("due_date")).mean()).item()
    assert 0.4 < on_time < 0.9
    assert 0.03 < (m["status"] == "no_show").mean() < 0.12
    # Active clients have a next meeting booked.
    active = data["clients"].filter(pl.col("job_search_status") == "active")["client_id"]
    planned = m.filter(pl.col("status") == "planned")["client_id"].unique()
    assert set(active) == set(planned)


def test_events_match_the_client_record(data):
    c = data["clients"]
    ev = data["events"]
    reg = ev.filter(pl.col("kind") == "registration").join(c, on="client_id")
    assert reg.height == c.height and (reg["date"] == reg["registration_date"]).all()
    ended = ev.filter(pl.col("kind") == "job_search_ended").join(c, on="client_id")
    assert ended.height == (c["job_search_status"] == "ended").sum()
    assert (ended["date"] == ended["end_date"]).all() and (ended["reason"] == ended["end_reason"]).all()
    employed = ev.filter(pl.col("kind") == "employment")["client_id"]
    kinds_of_work = ["employed", "subsidised", "entrepreneur"]
    assert set(employed) == set(c.filter(pl.col("end_reason").is_in(kinds_of_work))["client_id"])
    assert (ev["date"] <= AS_OF).all()
    # Every held meeting is an event.
    held = data["meetings"].filter(pl.col("status") == "held")
    assert ev.filter(pl.col("kind") == "meeting").height == held.height


def test_referrals_and_service_spells(data):
    r = data["referrals"].join(data["services"], on="service_id").join(data["clients"], on="client_id")
    started = r.filter(pl.col("status").is_in(["started", "completed", "interrupted"]))
    assert started["start_date"].null_count() == 0
    assert (started["start_date"] > started["referred_date"]).all()
    waits = (started["start_date"] - started["referred_date"]).dt.total_days() - started["wait_days"]
    assert waits.min() >= 0 and waits.max() <= 5  # the next working day on or after (Christmas: 5)
    done = r.filter(pl.col("status").is_in(["completed", "interrupted"]))
    assert (done["end_date"] >= done["start_date"]).all()
    assert (
        r.filter(pl.col("status").is_in(["referred", "declined", "cancelled"]))["start_date"].null_count()
        == r.filter(pl.col("status").is_in(["referred", "declined", "cancelled"])).height
    )
    # Cancelled: the job search ended (end_date_right, from clients) before the service began.
    cancelled = r.filter(pl.col("status") == "cancelled").with_columns(
        latest_start=pl.col("referred_date") + pl.duration(days=pl.col("wait_days") + 5)
    )
    assert cancelled.height > 0
    assert (cancelled["end_date_right"] <= cancelled["latest_start"]).all()
    ev = data["events"]
    starts = ev.filter(pl.col("kind") == "service_start").select("client_id", "service_id", "date")
    joined = started.join(starts, on=["client_id", "service_id"])
    assert joined.height == started.height and (joined["date"] == joined["start_date"]).all()
    assert set(ev.filter(pl.col("kind") == "service_end")["reason"].unique()) == {"completed", "interrupted"}
    assert r["client_id"].is_unique().all()  # one decision per client


def test_outcomes_are_varied(data):
    reasons = dict(data["clients"]["end_reason"].value_counts(normalize=True).iter_rows())
    assert reasons["employed"] > 0.3
    for why in ("education", "moved", "other"):
        assert reasons[why] > 0.01
    assert 0.35 < data["referrals"].height / data["clients"].height < 0.7
