"""Issue 15: with two employment areas in one installation, each area's dashboard is computed
from its own clients and shows its own figures only; a reader of no area sees none."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from kohtaanto.accounts.models import Role
from kohtaanto.analytics.split import AreaKeys, split_by_area
from kohtaanto.clients.models import Client
from kohtaanto.insights.models import Refresh
from kohtaanto.insights.selectors import client_outlook, dashboard_section
from kohtaanto.insights.services import analytics_root, installed_areas, refresh_run
from kohtaanto.insights.tables import published
from kohtaanto.organisation.models import Municipality, ServiceUnit
from kohtaanto.portal.models import Feedback
from tests.factories import OfficeFactory, UserFactory

pytestmark = pytest.mark.slow


@pytest.fixture
def two_areas(loaded, tmp_path):
    """Helsinki's generated register (`loaded`) and the demo's second area with its own."""
    from kohtaanto.clients.loader import load_folder
    from kohtaanto.djcli import _codes_in_register
    from kohtaanto.organisation.demo import avoid_taken_codes, example_area, generate_area
    from kohtaanto.organisation.services import organisation_install

    org = example_area()
    organisation_install(org=org)
    out = generate_area(tmp_path / "area", org, seed=11, today=dt.date(2026, 10, 31))
    avoid_taken_codes(out, _codes_in_register)
    load_folder(out)
    return org.municipality_code


def _units(code: str) -> set[str]:
    return set(ServiceUnit.objects.filter(municipality__code=code).values_list("code", flat=True))


def test_each_area_sees_its_own_figures_only(two_areas, client):
    other = two_areas
    r = refresh_run(impact=False)
    assert r.status == "done", r.message
    assert sorted(r.report["areas"]) == sorted([other, "091"])
    helsinki_manager = UserFactory(
        role=Role.SERVICE_MANAGER, team=None, unit=ServiceUnit.objects.get(code="OSU")
    )
    other_unit = ServiceUnit.objects.filter(municipality__code=other).first()
    other_manager = UserFactory(role=Role.SERVICE_MANAGER, team=None, unit=other_unit)
    other_analyst = UserFactory(
        role=Role.ANALYST, team=None, unit=None, office=OfficeFactory(municipality=other_unit.municipality)
    )
    for user, own, foreign in (
        (helsinki_manager, "091", other),
        (other_manager, other, "091"),
        (other_analyst, other, "091"),
    ):
        units = set(published(user, "clients_by_unit", r)["service_unit"].to_list())
        assert units and units <= _units(own) and not units & _units(foreign), user
        # The stock of job seekers is the area's own: its active clients at the last month end.
        stock = published(user, "clients_by_unit", r).filter(pl.col("measure") == "n_active")
        last = stock.filter(pl.col("month_end") == stock["month_end"].max())
        active = Client.objects.filter(municipality__code=own, job_search_status="active").count()
        shown = last["n"].drop_nulls().sum()
        assert 0 < shown <= active, (user, shown, active)
        section = dashboard_section(actor=user, slug="overview")
        assert section.area == own and section.report["forecast"]["n_test"] > 0
        client.force_login(user)
        html = client.get("/insights/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
        name = Municipality.objects.get(code=own).name
        assert f"Työllisyysalue: {name}." in html
        api = client.get("/api/v1/insights/tables/clients_by_unit").json()
        assert {row["service_unit"] for row in api["rows"]} <= _units(own)
    # Each area's model fits its own clients: the two forecasts differ in their test sets.
    tests = {code: part["forecast"]["n_test"] for code, part in r.report["areas"].items()}
    assert tests[other] < tests["091"]


def test_a_reader_of_no_area_sees_no_figures(two_areas, client):
    r = refresh_run(impact=False)
    nowhere = UserFactory(role=Role.ANALYST, team=None, unit=None)
    assert published(nowhere, "clients_by_unit", r) is None
    assert published(nowhere, "feedback_scores") is None
    client.force_login(nowhere)
    html = client.get("/insights/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "You belong to no employment area" in html


def test_live_tables_count_the_readers_area_only(two_areas):
    other = two_areas
    theirs = Client.objects.filter(municipality__code=other).order_by("pk")[:6]
    for c in theirs:
        Feedback.objects.create(
            client=c, service_ref="service:1", score=5, language="fi", text="hyvä palvelu"
        )
    helsinki = UserFactory(role=Role.ANALYST, team=None, unit=None, office=OfficeFactory())
    there = UserFactory(
        role=Role.ANALYST, team=None, unit=None, office=OfficeFactory(municipality=theirs[0].municipality)
    )
    assert published(there, "feedback_scores")["score_5"].sum() == 6
    assert (published(helsinki, "feedback_scores")["score_5"].fill_null(0).sum()) == 0


def test_the_outlook_is_the_clients_own_areas_forecast(two_areas):
    other = two_areas
    r = refresh_run(impact=False)
    forecasts = pl.read_parquet(f"{r.results_dir}/{other}/client_forecasts.parquet")
    assert forecasts.height > 0
    c = Client.objects.filter(municipality__code=other, job_search_status="active").exclude(
        responsible_worker=None
    )[0]
    outlook = client_outlook(actor=c.responsible_worker, client_id=c.pk)
    assert outlook is not None and outlook.refresh_id == r.pk
    assert Refresh.objects.count() == 1


def test_the_split_keeps_each_clients_rows_with_their_area(two_areas):
    refresh_run(impact=False)
    root = analytics_root()
    keys = {code: k for code, (_pk, k) in installed_areas().items()}
    folders = split_by_area(root / "extract", root / "check", keys)
    whole = pl.read_parquet(root / "extract" / "events.parquet")
    parts = [pl.read_parquet(f / "events.parquet") for f in folders.values()]
    assert sum(p.height for p in parts) == whole.height  # every event in exactly one area
    ids = [set(pl.read_parquet(f / "clients.parquet")["client_id"]) for f in folders.values()]
    assert not ids[0] & ids[1]
    # One area of its own: its folder is the extract itself, nothing copied.
    only = split_by_area(root / "extract", root / "one", {"091": AreaKeys(units=["OSU"])})
    assert list(only) == ["091"] and only["091"] != root / "extract"  # two areas' clients: copied


def test_the_national_analyst_compares_the_areas_refreshed_service_promise(two_areas, client):
    other = two_areas
    r = refresh_run(impact=False)
    national = UserFactory(role=Role.NATIONAL_ANALYST, team=None, unit=None)
    client.force_login(national)
    body = client.get("/api/v1/insights/national").json()
    assert body["promise_as_of"] == r.report["as_of"]
    rows = {p["code"]: p for p in body["promise"]}
    assert set(rows) == {"091", other}
    assert any(v is not None for v in rows["091"]["shares"].values())
    for code in rows:
        own = pl.read_parquet(f"{r.results_dir}/{code}/service_promise_total.parquet")
        own = own.filter(pl.col("month") < dt.date.fromisoformat(r.report["as_of"]).replace(day=1))
        last = own.filter(pl.col("month") == own["month"].max())
        for rec in last.iter_rows(named=True):  # the area's own table, its last complete month
            expected = None if rec["n_due"] is None else rec["share_on_time"]
            assert rows[code]["shares"][rec["indicator"]] == expected
    assert published(national, "clients_by_unit", r) is None  # no dashboard tables
    page = client.get("/insights/national/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Service promise by area" in page
