"""Imports into the database: all or nothing, upserts, PTV updates that keep our fields, demo."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied

from kohtaanto.accounts.models import Role
from kohtaanto.catalogue import formats
from kohtaanto.catalogue.cli import cmd_import
from kohtaanto.catalogue.demo import catalogue_demo_install
from kohtaanto.catalogue.models import Provider, ProviderMember, Service
from kohtaanto.catalogue.services import catalogue_import
from kohtaanto.cli import CommandError, main
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

GOOD = '{"id": "a", "name": {"fi": "A"}, "provider": "P", "capacity": 5}\n'


def _run(*argv):
    return main(["catalogue", *argv])


def test_cli_import_and_export_jsonl(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text(GOOD + '{"id": "b", "name": {"fi": "B"}, "provider": "P", "status": "published"}\n')
    assert _run("import", "--format", "jsonl", str(src)) == 0
    assert "2 new" in capsys.readouterr().out
    assert dict(Service.objects.values_list("external_id", "state")) == {"a": "draft", "b": "published"}
    out = tmp_path / "out.jsonl"
    assert _run("export", "--format", "jsonl", str(out), "--state", "published") == 0
    [rec] = formats.parse("jsonl", out.read_text())
    assert rec["id"] == "b" and rec["provider"]["name"] == "P"
    # Importing the export again changes nothing but counts an update.
    assert _run("import", "--format", "jsonl", str(out)) == 0
    assert "1 updated" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (GOOD + '{"id": "b", "name": {"sv": "B"}}\n', "line 2, field name.fi: missing"),
        (GOOD + '{"id": "b", "name": {"fi": "B"}, "channels": ["fax"]}\n', "line 2, field channels[0]"),
        (GOOD + "not json\n", "line 2: not valid JSON"),
    ],
)
def test_malformed_file_names_line_and_field_and_writes_nothing(tmp_path, capsys, content, message):
    src = tmp_path / "bad.jsonl"
    src.write_text(content)
    assert _run("import", "--format", "jsonl", str(src)) == 2
    err = capsys.readouterr().err
    assert "nothing was imported" in err and message in err
    assert not Service.objects.exists() and not Provider.objects.exists()


def test_record_without_provider_writes_nothing(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(GOOD + '{"id": "b", "name": {"fi": "B"}}\n')
    args = type(
        "A", (), {"file": str(src), "format": "jsonl", "dry_run": False, "provider": None, "state": None}
    )
    with pytest.raises(CommandError, match="Record 2 names no provider"):
        cmd_import(args)
    assert not Service.objects.exists()


def test_failure_inside_the_transaction_rolls_everything_back(monkeypatch):
    records = formats.parse("jsonl", GOOD + '{"id": "b", "name": {"fi": "B"}, "provider": "P"}\n')
    calls = {"n": 0}
    original = Service.save

    def flaky_save(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Service, "save", flaky_save)
    with pytest.raises(RuntimeError):
        catalogue_import(actor=None, records=records)
    assert not Service.objects.exists() and not Provider.objects.exists()


def test_ptv_update_keeps_kohtaanto_fields(tmp_path):
    catalogue_import(actor=None, records=formats.parse("jsonl", GOOD))
    exported = json.loads(formats.dump("ptv", formats.parse("jsonl", GOOD)))
    exported[0]["serviceNames"][0]["value"] = "A, päivitetty"
    src = tmp_path / "ptv.json"
    src.write_text(json.dumps(exported))
    assert _run("import", "--format", "ptv", str(src)) == 0
    service = Service.objects.get(external_id="a")
    assert service.name == {"fi": "A, päivitetty"} and service.capacity == 5


def test_only_administrators_import():
    with pytest.raises(PermissionDenied):
        catalogue_import(actor=UserFactory(role=Role.SERVICE_MANAGER), records=[])


def test_demo_loads_ptv_and_helsinki_services_idempotently():
    user = UserFactory(username="provider", role=Role.SERVICE_PROVIDER, team=None, unit=None)
    first = catalogue_demo_install()
    assert (
        first["ptv"] == 250
        and 20 <= first["helsinki"] <= 40
        and first["new"] == first["ptv"] + first["helsinki"]
    )
    reviewed = dict(Service.objects.values_list("external_id", "reviewed_at"))
    second = catalogue_demo_install()
    assert second["new"] == 0 and Service.objects.count() == first["new"]
    assert dict(Service.objects.values_list("external_id", "reviewed_at")) == reviewed
    assert Service.objects.filter(provider__name="Suomi.fi / PTV", state="published").count() == 250
    assert not Service.objects.exclude(state="published").exists()
    ttk = Service.objects.get(external_id="hki-tyokokeilu")
    assert ttk.locations and ttk.capacity and ttk.start_dates and ttk.benefit_effect
    assert ProviderMember.objects.get(user=user).provider.services.exists()
