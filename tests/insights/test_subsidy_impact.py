"""Issue 16, point 6: each subsidy's effect on employment 6 and 12 months after it ends,
estimated on data where the effect is planted, and refused when there are too few."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest

from kohtaanto.analytics.data import RegisterData
from kohtaanto.analytics.subsidy_impact import SPELLS_SCHEMA, analysis_table, estimate_benefits, impacts_frame

AS_OF = dt.date(2026, 11, 30)
EFFECT = 0.25  # recipients' extra chance of a job within the horizon after the end


def planted(n_clients: int = 3000, n_treated: int = 400, seed: int = 7) -> tuple[RegisterData, pl.DataFrame]:
    """Job seekers whose chance of a job depends on age and education; a random sample got a
    pay subsidy of 6 months ending in early 2026, which adds `EFFECT` to their chance of a
    job within 6 months of its end."""
    rng = np.random.default_rng(seed)
    ids = [f"C{i:05d}" for i in range(n_clients)]
    age = rng.integers(20, 64, n_clients)
    tertiary = rng.random(n_clients) < 0.3
    clients = pl.DataFrame(
        {
            "client_id": ids,
            "birth_date": [dt.date(2025 - int(a), 6, 1) for a in age],
            "gender": rng.choice(["F", "M"], n_clients),
            "education_level": np.where(tertiary, "tertiary", "basic"),
            "finnish_level": rng.choice(["B1", "native"], n_clients),
            "language_group": rng.choice(["domestic", "foreign"], n_clients),
            "needs_multiprofessional": rng.random(n_clients) < 0.2,
            "service_unit": "U1",
            "team": rng.choice(["T1", "T2"], n_clients),
            "arrival_date": [None] * n_clients,
            "registration_date": [dt.date(2024, 6, 1) + dt.timedelta(days=int(d)) for d in rng.integers(0, 300, n_clients)],
            "end_date": [None] * n_clients,
        },
        schema_overrides={"arrival_date": pl.Date, "end_date": pl.Date},
    )  # fmt: skip
    treated = rng.choice(n_clients, n_treated, replace=False)
    starts = [dt.date(2025, 7, 1) + dt.timedelta(days=int(d)) for d in rng.integers(0, 60, n_treated)]
    spells = pl.DataFrame(
        {"client_id": [ids[i] for i in treated], "benefit": "palkkatuki", "start": starts,
         "end": [s + dt.timedelta(days=182) for s in starts]},
        schema=SPELLS_SCHEMA,
    )  # fmt: skip
    base = 0.15 + 0.2 * tertiary + 0.004 * (45 - age)
    boost = np.zeros(n_clients)
    boost[treated] = EFFECT
    employed = rng.random(n_clients) < np.clip(base + boost, 0, 1)
    # A job 1-5 months after any (pseudo) end in 2026: 2026-02-15 .. 2026-05-20; the rest never.
    dates = [dt.date(2026, 2, 15) + dt.timedelta(days=int(d)) for d in rng.integers(0, 95, n_clients)]
    events = pl.DataFrame(
        {"client_id": [c for c, e in zip(ids, employed, strict=True) if e],
         "date": [d for d, e in zip(dates, employed, strict=True) if e], "kind": "employment"}
    )  # fmt: skip
    return RegisterData({"clients": clients, "events": events}, AS_OF), spells


def test_the_planted_effect_is_found_within_the_interval():
    data, spells = planted()
    (six, twelve) = estimate_benefits(data, spells, ["palkkatuki"], horizons=(6, 12))
    r = six.result
    assert r is not None and r.method == "aipw" and r.n_treated == 400
    assert r.ci_low <= EFFECT <= r.ci_high
    assert r.ci_low > 0.1  # clearly an effect, not noise
    # Twelve months after the end lies beyond the snapshot for every spell: not estimated.
    assert twelve.result is None and "too few to estimate" in (twelve.error or "")


def test_comparison_clients_are_job_seekers_on_a_recipients_dates():
    data, spells = planted()
    table = analysis_table(data, spells, "palkkatuki", 6)
    controls = table.filter(pl.col("treated") == 0)
    assert controls.height > 1000 and table.filter(pl.col("treated") == 1).height == 400
    assert set(controls["on_date"].unique().to_list()) <= set(spells["start"].to_list())
    assert not set(controls["client_id"].to_list()) & set(spells["client_id"].to_list())
    assert (controls["search_days"] >= 0).all()  # registered by the start date


@pytest.mark.parametrize("n_treated", [0, 12])
def test_too_few_recipients_give_a_reason_and_no_number(n_treated):
    data, spells = planted(n_treated=max(n_treated, 1))
    spells = spells.head(n_treated)
    frame = impacts_frame(estimate_benefits(data, spells, ["palkkatuki", "starttiraha"], horizons=(6,)))
    assert frame["status"].to_list() == ["too_few", "too_few"]
    assert frame["estimate"].is_null().all() and frame["ci_low"].is_null().all()
    assert frame["n_treated"].to_list() == [n_treated, 0]
    assert "too few to estimate" in frame["warnings"][0]


@pytest.mark.django_db
def test_the_refresh_writes_the_table_from_the_decisions_and_the_extract(loaded, client):
    """Three loaded clients with a pay subsidy that ended over a year ago: found in the
    pseudonymised extract, too few to estimate, and the page's cells hide the three."""
    from dateutil.relativedelta import relativedelta

    from kohtaanto.accounts.models import Role
    from kohtaanto.clients.models import Client
    from kohtaanto.insights.services import analytics_root, pseudonym_key, refresh_run
    from kohtaanto.insights.subsidy_impact import TABLE, write_subsidy_impact
    from kohtaanto.insights.tables import published
    from kohtaanto.subsidies.models import Decision, SubsidyApplication
    from tests.factories import OfficeFactory, UserFactory

    r = refresh_run(impact=False)
    assert r.status == "done", r.message
    as_of = dt.date.fromisoformat(r.report["as_of"])
    limit = as_of - relativedelta(months=12) - dt.timedelta(days=200)
    chosen = Client.objects.filter(registration_date__lte=limit, end_date__isnull=True).order_by("id")[:3]
    assert len(chosen) == 3
    for c in chosen:
        start = c.registration_date + dt.timedelta(days=30)
        app = SubsidyApplication.objects.create(
            benefit="palkkatuki", client=c, state="granted", start_date=start, planned_months=5
        )
        Decision.objects.create(
            application=app, outcome="granted", rule_version="palkkatuki-2025", start=start,
            end=start + dt.timedelta(days=150), total=5500, aid_basis="block_exemption", legal_basis="916/2012",
            in_force=True, approved_at=r.finished_at,
        )  # fmt: skip
    helsinki = f"{r.results_dir}/091"  # the only area's tables (issue 15)
    assert write_subsidy_impact(analytics_root() / "extract", helsinki, as_of, pseudonym_key()) == [TABLE]
    raw = pl.read_parquet(f"{helsinki}/{TABLE}.parquet")
    assert raw.height == 8  # four benefits, two horizons
    pay = raw.filter(pl.col("benefit") == "palkkatuki")
    assert pay["n_treated"].to_list() == [3, 3] and pay["status"].to_list() == ["too_few", "too_few"]
    analyst = UserFactory(role=Role.ANALYST, team=None, unit=None, office=OfficeFactory())
    shown = published(analyst, TABLE, r)
    assert shown.filter(pl.col("benefit") == "palkkatuki")["n_treated"].to_list() == [None, None]
    assert shown["estimate"].is_null().all()
    client.force_login(analyst)
    html = client.get("/insights/impact/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "t-subsidy_impact" in html and "liian vähän arvion tekemiseen" in html
