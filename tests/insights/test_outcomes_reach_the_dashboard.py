"""An outcome recorded in the app reaches the analytics at the next refresh (issue 12): a
period ended as entrepreneurship counts as employment there, without an employment record."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from kohtaanto.analytics.data import load
from kohtaanto.analytics.extract import pseudonym
from kohtaanto.clients.models import Client
from kohtaanto.insights.services import analytics_root, pseudonym_key, refresh_run
from kohtaanto.outcomes.services import period_end, periods_backfill

pytestmark = pytest.mark.django_db


def test_a_period_ended_in_the_app_is_an_employment_outcome_after_the_refresh(loaded):
    periods_backfill()
    c = Client.objects.filter(job_search_status="active").order_by("id").first()
    worker = c.responsible_worker
    end = dt.date.today()
    period_end(actor=worker, client_id=c.pk, end=end, reason="entrepreneur")
    r = refresh_run(impact=False)
    assert r.status in ("done", "unchanged"), r.message
    data = load(analytics_root() / "extract")
    pid = pseudonym(c.external_id, pseudonym_key(), "C")
    mine = data["events"].filter(pl.col("client_id") == pid)
    assert mine.filter(pl.col("kind") == "job_search_ended")["reason"].to_list() == ["entrepreneur"]
    assert mine.filter(pl.col("kind") == "employment")["date"].to_list() == [end]
    ends = pl.read_parquet(analytics_root() / "results" / str(r.pk) / "091" / "job_search_ends.parquet")
    assert "entrepreneur" in ends["reason"].to_list()
