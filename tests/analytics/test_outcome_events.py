"""Every analysis counts employment one way (issue 12): a period ended in the app as
subsidised work or entrepreneurship is an employment outcome even without an employment
record, and an outcome already recorded is not counted twice."""

import datetime as dt

import polars as pl

from kohtaanto.analytics.data import with_outcome_events

D = dt.date(2026, 11, 2)


def _events(rows):
    return pl.DataFrame(
        rows,
        schema={"event_id": pl.String, "client_id": pl.String, "date": pl.Date, "kind": pl.String,
                "service_id": pl.String, "reason": pl.String},
        orient="row",
    )  # fmt: skip


def test_work_and_education_ends_imply_their_outcome():
    ev = _events([
        ("E1", "a", D, "job_search_ended", None, "subsidised"),
        ("E2", "b", D, "job_search_ended", None, "entrepreneur"),
        ("E3", "c", D, "job_search_ended", None, "education"),
        ("E4", "d", D, "job_search_ended", None, "moved"),
    ])  # fmt: skip
    out = with_outcome_events(ev).filter(pl.col("kind") != "job_search_ended")
    assert sorted(out.select("client_id", "kind").rows()) == [
        ("a", "employment"), ("b", "employment"), ("c", "education_start"),
    ]  # fmt: skip


def test_a_recorded_outcome_is_not_counted_twice():
    ev = _events([
        ("E1", "a", D - dt.timedelta(days=10), "employment", None, None),  # recorded start, ended later
        ("E2", "a", D, "job_search_ended", None, "employed"),
        ("E3", "b", D, "employment", None, None),
        ("E4", "b", D, "job_search_ended", None, "subsidised"),
    ])  # fmt: skip
    assert with_outcome_events(ev).height == ev.height
