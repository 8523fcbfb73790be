"""The exporter: ORM rows -> register schema (as analytics reads it) -> pseudonymised extract."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from kohtaanto.analytics.data import load
from kohtaanto.analytics.extract import pseudonymise_extract
from kohtaanto.clients import identity
from kohtaanto.clients.models import ClientEvent
from kohtaanto.insights.export import SCHEMAS, export_operational
from kohtaanto.referrals.models import Referral
from tests.catalogue.factories import ServiceFactory
from tests.factories import ClientFactory, MeetingFactory, UserFactory

pytestmark = pytest.mark.django_db
KEY = b"k" * 32


@pytest.fixture
def world():
    worker = UserFactory(staff_code="S0042", first_name="Ville", last_name="Virkailija")
    svc = ServiceFactory(external_id="P007", kind="career_coaching", capacity=20, waiting_days=14)
    c = ClientFactory(
        responsible_worker=worker, first_name="Aino", last_name="Asiakas", mother_tongue="so",
        registration_date=dt.date(2025, 1, 10), birth_date=dt.date(1990, 6, 17),
    )  # fmt: skip
    MeetingFactory(client=c, staff=worker)
    ClientEvent.objects.create(client=c, date=dt.date(2025, 1, 10), kind="registration")
    ClientEvent.objects.create(
        client=c, date=dt.date(2025, 2, 3), kind="service_start", service_code=str(svc.pk)
    )
    Referral.objects.create(client=c, service=svc, state="started", start_date=dt.date(2025, 2, 3))
    Referral.objects.create(client=c, service=svc, state="suggested")  # not a referral yet
    return c, worker, svc


def test_export_writes_the_register_schema(world, tmp_path):
    c, worker, svc = world
    result = export_operational(tmp_path / "staging")
    assert result.counts["clients"] == 1 and result.counts["referrals"] == 1
    for name, schema in SCHEMAS.items():
        df = pl.read_parquet(tmp_path / "staging" / f"{name}.parquet")
        assert df.columns == schema.names, name
    clients = pl.read_parquet(tmp_path / "staging" / "clients.parquet")
    assert clients.schema["birth_date"] == pl.Date and clients.schema["needs_multiprofessional"] == pl.Boolean
    row = clients.row(0, named=True)
    assert row["client_id"] == c.external_id and row["responsible_worker"] == "S0042"
    assert row["language_group"] == "foreign" and row["team"] == c.team.code
    assert not {"hetu", "first_name", "last_name"} & set(clients.columns)
    staff = pl.read_parquet(tmp_path / "staging" / "staff.parquet")
    assert staff.schema["languages"] == pl.List(pl.String) and "S0042" in staff["staff_id"].to_list()
    events = pl.read_parquet(tmp_path / "staging" / "events.parquet")
    assert events.filter(pl.col("kind") == "service_start")["service_id"].to_list() == ["P007"]
    services = pl.read_parquet(tmp_path / "staging" / "services.parquet")
    assert services["service_id"].to_list() == ["P007"] and services["wait_days"].dtype == pl.Int64
    refs = pl.read_parquet(tmp_path / "staging" / "referrals.parquet")
    assert refs["status"].to_list() == ["started"] and refs["service_id"].to_list() == ["P007"]

    # Pseudonymised: no names, identity codes or operational ids anywhere; analytics can load it.
    pseudonymise_extract(tmp_path / "staging", tmp_path / "extract", KEY)
    text = ""
    for name in SCHEMAS:
        df = pl.read_parquet(tmp_path / "extract" / f"{name}.parquet")
        text += str(df.to_dicts())
    hetu = identity.decrypt(c.hetu_encrypted)
    for secret in (c.external_id, "S0042", "Aino", "Asiakas", "Ville", "Virkailija", hetu):
        assert secret not in text
    data = load(tmp_path / "extract")
    assert data["clients"]["client_id"][0].startswith("C")
    assert data["clients"]["birth_date"][0] == dt.date(1990, 6, 1)


def test_export_is_incremental(world, tmp_path):
    c, worker, svc = world
    first = export_operational(tmp_path)
    assert set(first.tables.values()) == {"written"}
    again = export_operational(tmp_path)
    assert set(again.tables.values()) == {"unchanged"}
    MeetingFactory(client=c, staff=worker)
    c.end_date, c.job_search_status, c.end_reason = dt.date(2025, 5, 1), "ended", "employed"
    c.save()
    third = export_operational(tmp_path)
    assert third.tables["meetings"] == third.tables["clients"] == "written"
    assert third.tables["events"] == third.tables["staff"] == "unchanged"
    Referral.objects.filter(state="started").update(state="completed", end_date=dt.date(2025, 4, 1))
    assert export_operational(tmp_path).tables["referrals"] == "written"
    assert set(export_operational(tmp_path, full=True).tables.values()) == {"written"}
