"""Contracts, TYP and Ohjaamo in the pseudonymised extract (issue 17, point 7): no names,
no identity codes, the extract's own client pseudonyms; Ohjaamo visits as counts only; the
app and the generator write the same tables."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from kohtaanto.accounts.models import Role
from kohtaanto.analytics.data import OPTIONAL_TABLES
from kohtaanto.analytics.extract import pseudonymise_extract
from kohtaanto.insights.export import export_operational
from kohtaanto.insights.export_joint import JOINT_SCHEMAS
from kohtaanto.ohjaamo import services as ohjaamo
from kohtaanto.procurement import services as procurement
from kohtaanto.typ import services as typ
from tests.factories import ClientFactory, UserFactory

from .factories import START, employ, refer, world

pytestmark = pytest.mark.django_db
KEY = b"k" * 32


def _extract(tmp_path: Path) -> dict[str, pl.DataFrame]:
    export_operational(tmp_path / "staging")
    pseudonymise_extract(tmp_path / "staging", tmp_path / "extract", KEY)
    return {p.stem: pl.read_parquet(p) for p in (tmp_path / "extract").glob("*.parquet")}


def test_the_app_and_the_generator_write_the_same_tables():
    from kohtaanto.synthetic import JOINT_TABLES, generate

    data = generate(300, seed=3)
    assert tuple(JOINT_SCHEMAS) == JOINT_TABLES == OPTIONAL_TABLES
    for name in JOINT_TABLES:
        assert dict(data[name].schema) == JOINT_SCHEMAS[name], name


def test_contracts_typ_and_ohjaamo_reach_the_extract_pseudonymised(tmp_path):
    w = world()
    member = refer(w.service)
    employ(member, START + dt.timedelta(days=30))
    procurement.contract_refresh(actor=w.officer, contract_id=w.contract.pk, as_of=dt.date(2026, 6, 1))
    client = ClientFactory()
    worker = client.responsible_worker
    typ.case_start(actor=worker, client_id=client.pk, mapping_start=dt.date(2026, 1, 5), support_days=400)
    typ.team_member_add(actor=worker, client_id=client.pk, professional_id=worker.pk, party="employment")
    for _ in range(3):
        ohjaamo.visit_record(
            actor=worker, date=dt.date(2026, 2, 3), topic="work", age_group="18_24", transition=""
        )
    ohjaamo.visit_record(
        actor=worker,
        date=dt.date(2026, 2, 9),
        topic="housing",
        age_group="25_29",
        transition="social_services",
    )
    t = _extract(tmp_path)
    assert set(OPTIONAL_TABLES) <= set(t)
    pseudonyms = set(t["clients"]["client_id"])
    for name in ("contract_members", "contract_bonuses", "typ_cases", "typ_team"):
        assert t[name].height >= 1, name
        assert set(t[name]["client_id"]) <= pseudonyms, name  # the extract's own keys join
        assert client.external_id not in set(t[name]["client_id"])
    assert t["contract_members"]["contract_id"].to_list() == [str(w.contract.pk)]
    assert t["contract_bonuses"]["amount_cents"].to_list() == [150000]
    assert t["typ_cases"]["case_id"][0].startswith("T") and t["typ_cases"]["case_id"][0] != f"T{client.pk}"
    assert set(t["typ_team"]["case_id"]) == set(t["typ_cases"]["case_id"])
    assert t["typ_team"]["staff_id"][0].startswith("W")
    visits = t["ohjaamo_visits"]
    assert "client_id" not in visits.columns and visits["visits"].sum() == 4
    assert visits.filter(pl.col("topic") == "work")["visits"].to_list() == [3]
    text = " ".join(str(v) for df in t.values() for v in df.to_dicts())
    for secret in (client.first_name, client.last_name, worker.last_name):
        assert secret not in text


def test_an_unchanged_table_is_not_rewritten(tmp_path):
    ohjaamo.visit_record(
        actor=UserFactory(role=Role.CASE_WORKER), date=dt.date(2026, 2, 3), topic="work", age_group="18_24"
    )
    first = export_operational(tmp_path / "staging")
    again = export_operational(tmp_path / "staging")
    assert first.tables["ohjaamo_visits"] == "written" and again.tables["ohjaamo_visits"] == "unchanged"
