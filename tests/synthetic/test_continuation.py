"""A later snapshot of the same seed continues the earlier one (issue 12): the same people
with the same IDs, later events appended, some job searches ended and some newcomers."""

import datetime as dt

import polars as pl
import pytest

from kohtaanto.synthetic import generate

BASE = dt.date(2026, 10, 31)
LATER = dt.date(2026, 11, 30)


@pytest.fixture(scope="module")
def snapshots():
    return generate(2500, 11, BASE), generate(2500, 11, LATER, population_date=BASE)


def test_the_same_clients_keep_their_identity(snapshots):
    base, later = snapshots
    cols = ["client_id", "hetu", "first_name", "birth_date", "registration_date", "team"]
    joined = base["clients"].select(cols).join(later["clients"].select(cols), on="client_id", suffix="_later")
    assert joined.height == base["clients"].height
    for col in cols[1:]:
        assert (joined[col] == joined[f"{col}_later"]).all(), col


def test_newcomers_register_after_the_base_date(snapshots):
    base, later = snapshots
    new = later["clients"].join(base["clients"], on="client_id", how="anti")
    assert new.height > 0
    assert new["registration_date"].min() > BASE
    assert new["registration_date"].max() <= LATER


def test_job_searches_end_and_never_reopen(snapshots):
    base, later = snapshots
    both = base["clients"].join(later["clients"], on="client_id", suffix="_later")
    ended_now = both.filter(
        pl.col("job_search_status") == "active", pl.col("job_search_status_later") == "ended"
    )
    assert ended_now.height > 0
    assert (ended_now["end_date_later"] > BASE).all()
    was_ended = both.filter(pl.col("job_search_status") == "ended")
    assert (was_ended["job_search_status_later"] == "ended").all()
    assert (was_ended["end_reason"] == was_ended["end_reason_later"]).all()


def test_events_are_appended_with_stable_ids(snapshots):
    base, later = snapshots
    joined = base["events"].join(later["events"], on="event_id", suffix="_later")
    assert joined.height == base["events"].height
    assert (joined["client_id"] == joined["client_id_later"]).all()
    assert (joined["kind"] == joined["kind_later"]).all()
    added = later["events"].join(base["events"], on="event_id", how="anti")
    assert added.height > 0 and added["date"].min() > BASE and added["date"].max() <= LATER


def test_planned_meetings_are_held_or_change_later(snapshots):
    base, later = snapshots
    joined = base["meetings"].join(later["meetings"], on="meeting_id", suffix="_later")
    settled = joined.filter(pl.col("status") != "planned")
    for col in ("status", "held_date", "planned_date", "staff_id"):
        assert (settled[col].eq_missing(settled[f"{col}_later"])).all(), col
    moved_on = joined.filter(pl.col("status") == "planned", pl.col("status_later") != "planned")
    assert moved_on.height > 0
    assert (moved_on["planned_date"] <= LATER).all()


def test_the_snapshot_names_its_population(snapshots):
    base, later = snapshots
    assert base.manifest["population"] == later.manifest["population"]
    assert generate(2500, 12, BASE).manifest["population"] != base.manifest["population"]
    assert later.manifest["as_of"] == LATER.isoformat()


def test_a_snapshot_too_far_ahead_is_refused():
    with pytest.raises(ValueError, match="between the population date"):
        generate(100, 1, dt.date(2028, 1, 1), population_date=BASE)
