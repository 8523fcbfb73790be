"""The generated meetings follow the Nordic timetable of kohtaanto.domain.nordic."""

from collections import defaultdict

import polars as pl

from kohtaanto.domain import nordic

from .conftest import AS_OF


def test_due_dates_agree_with_the_domain_rules(data):
    clients = data["clients"].sample(400, seed=3)
    meetings = data["meetings"].filter(pl.col("client_id").is_in(clients["client_id"].implode()))
    by_client = defaultdict(list)
    for row in meetings.sort("planned_date").iter_rows(named=True):
        by_client[row["client_id"]].append(row)
    checked = 0
    for cid, reg in clients.select("client_id", "registration_date").iter_rows():
        rows = by_client[cid]
        held = [(r["kind"], r["held_date"]) for r in rows if r["status"] == "held"]
        items = nordic.due_dates(reg, held, AS_OF)
        fulfilled = {(d.kind, d.held_date): d.due_date for d in items if d.fulfilled}
        open_due = {(d.kind, d.due_date) for d in items if not d.fulfilled}
        legacy = not any(k == nordic.INITIAL_INTERVIEW for k, _ in held)
        first_conversation = min((h for k, h in held if k == nordic.JOB_SEARCH_CONVERSATION), default=None)
        for r in rows:
            if r["status"] == "held":
                if (
                    legacy
                    and r["kind"] == nordic.JOB_SEARCH_CONVERSATION
                    and r["held_date"] == first_conversation
                ):
                    continue  # the last conversation before the window anchors the cadence
                assert fulfilled[(r["kind"], r["held_date"])] == r["due_date"], (cid, r)
                checked += 1
            elif r["status"] == "planned":
                assert (r["kind"], r["due_date"]) in open_due, (cid, r)
    assert checked > 2000


def test_initial_interview_deadline_is_five_working_days(data):
    m = (
        data["meetings"]
        .filter(pl.col("kind") == "initial_interview")
        .join(data["clients"].select("client_id", "registration_date"), on="client_id")
    )
    sample = m.unique("client_id").head(300)
    for reg, due in sample.select("registration_date", "due_date").iter_rows():
        assert due == nordic.initial_interview_due(reg)


def test_worklist_has_something_due_for_every_active_client(data):
    active = data["clients"].filter(pl.col("job_search_status") == "active").head(200)
    held = data["meetings"].filter(pl.col("status") == "held")
    statuses = set()
    for cid, reg in active.select("client_id", "registration_date").iter_rows():
        mine = held.filter(pl.col("client_id") == cid).select("kind", "held_date").rows()
        nd = nordic.next_due(reg, mine, AS_OF)
        assert nd is not None
        statuses.add(nd.status)
    assert statuses >= {"upcoming", "overdue"}
