"""The subsidies' impact table of the dashboard (issue 16, point 6), written at each refresh
next to the services' impact: the subsidy spells come from the decisions in force, their
persons as the extract's pseudonyms, and `analytics.subsidy_impact` estimates on the
pseudonymised extract. Nothing here reads a name or an identity code."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
from django.db.models import Max, Min, Q

from kohtaanto.analytics.data import load
from kohtaanto.analytics.extract import pseudonym
from kohtaanto.analytics.subsidy_impact import SPELLS_SCHEMA, estimate_benefits, impacts_frame
from kohtaanto.subsidies.models import Benefit, Decision, State

TABLE = "subsidy_impact"


def spells(key: bytes, area: int | None = None) -> pl.DataFrame:
    """One spell per granted application: from its first approved decision's start (a
    continuation replaces the first decision) to the end of the decision in force (an
    amendment or an early end shortens it). `area`: that area's clients only."""
    decisions = (
        Decision.objects.all()
        if area is None
        else Decision.objects.filter(application__client__municipality_id=area)
    )
    rows = (
        decisions.filter(approved_at__isnull=False, outcome__in=(State.GRANTED, State.PARTLY_GRANTED))
        .values("application_id", "application__benefit", "application__client__external_id")
        .annotate(start=Min("start"), end=Max("end", filter=Q(in_force=True)))
        .filter(end__isnull=False)
        .order_by("application_id")
    )
    return pl.DataFrame(
        [
            {
                "client_id": pseudonym(r["application__client__external_id"], key, "C"),
                "benefit": r["application__benefit"],
                "start": r["start"],
                "end": r["end"],
            }
            for r in rows
        ],
        schema=SPELLS_SCHEMA,
    )


def write_subsidy_impact(
    extract_dir: str | Path, out_dir: str | Path, as_of: dt.date, key: bytes, area: int | None = None
) -> list[str]:
    """Estimate every benefit at 6 and 12 months and write the table; returns its name."""
    data = load(extract_dir, as_of=as_of)
    frame = impacts_frame(estimate_benefits(data, spells(key, area), list(Benefit.values)))
    frame.write_parquet(Path(out_dir) / f"{TABLE}.parquet")
    return [TABLE]
