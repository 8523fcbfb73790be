"""Installing an area from a JSON configuration (issue 15): validated first, written all or
nothing, idempotent; a register snapshot for an area that is not installed is refused."""

import json

import pytest

from kohtaanto.analytics import kpi
from kohtaanto.cli import main
from kohtaanto.clients.loader import LoadError, load_folder
from kohtaanto.clients.models import Client
from kohtaanto.domain.organisation import (
    HELSINKI,
    SHIPPED,
    OrganisationConfigError,
    load_organisation,
    organisation_to_dict,
)
from kohtaanto.organisation.models import Municipality, Office, ServiceUnit, Team
from kohtaanto.organisation.services import organisation_install
from kohtaanto.synthetic import generate, write

pytestmark = pytest.mark.django_db

EXAMPLE = SHIPPED / "example-area.json"


def _config(tmp_path, change) -> str:
    raw = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    change(raw)
    path = tmp_path / "area.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    return str(path)


def test_the_shipped_helsinki_config_is_the_built_in_one():
    assert load_organisation(SHIPPED / "helsinki.json") == HELSINKI
    assert organisation_to_dict(load_organisation(SHIPPED / "helsinki.json")) == organisation_to_dict(
        HELSINKI
    )


def test_install_adds_an_area_and_is_idempotent(capsys):
    assert main(["org", "install"]) == 0
    assert main(["org", "install", "--config", str(EXAMPLE)]) == 0
    assert "installed Vantaa (esimerkkialue) (092): 2 service units, 3 teams" in capsys.readouterr().out
    counts = (
        Municipality.objects.count(),
        ServiceUnit.objects.count(),
        Team.objects.count(),
        Office.objects.count(),
    )
    assert main(["org", "install", "--config", str(EXAMPLE)]) == 0
    assert (Municipality.objects.count(), ServiceUnit.objects.count(), Team.objects.count()) == counts[:3]
    assert Office.objects.count() == counts[3] == 4 + 2
    team = Team.objects.get(code="VAN-N")
    assert team.unit.municipality.code == "092"
    assert [o.name for o in team.offices.all()] == ["Myyrmäki"]


def _unknown_unit(raw):
    raw["teams"][1]["unit"] = "VAN-XX"


def _duplicate_team(raw):
    raw["teams"][1]["code"] = "VAN-A"


def _missing_field(raw):
    del raw["units"][0]["name"]


def _unknown_office(raw):
    raw["teams"][0]["offices"] = ["Tikkurila", "Korso"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_unknown_unit, "teams[1]: team 'VAN-N' references a unit that doesn't exist: 'VAN-XX'"),
        (_duplicate_team, "duplicate team code 'VAN-A'"),
        (_missing_field, "units[0].name: Field required"),
        (_unknown_office, "team 'VAN-A' (unit 'VAN-OSU') names an unknown office 'Korso'"),
    ],
)
def test_a_bad_config_is_refused_naming_the_field_and_writes_nothing(tmp_path, capsys, change, message):
    assert main(["org", "install", "--config", _config(tmp_path, change)]) == 2
    err = capsys.readouterr().err
    assert "nothing was installed" in err and message in err
    assert not Municipality.objects.exists() and not Team.objects.exists()


def test_broken_json_names_the_line(tmp_path, capsys):
    path = tmp_path / "area.json"
    path.write_text('{\n  "municipality_code": "092",\n  "offices": [\n}\n', encoding="utf-8")
    assert main(["org", "install", "--config", str(path)]) == 2
    assert "line 4" in capsys.readouterr().err
    assert not Municipality.objects.exists()


def test_another_areas_codes_are_refused():
    organisation_install(org=HELSINKI)

    def clash(raw):
        raw["units"][0]["code"] = "OSU"
        for t in raw["teams"]:
            t["unit"] = "OSU" if t["unit"] == "VAN-OSU" else t["unit"]
        raw["teams"][0]["code"] = "OSU-N"

    with pytest.raises(OrganisationConfigError, match="codes already used by another area: OSU, OSU-N"):
        organisation_install(org=load_organisation(_config_path(clash)))
    assert not Municipality.objects.filter(code="092").exists()


def _config_path(change):
    import tempfile
    from pathlib import Path

    folder = Path(tempfile.mkdtemp())
    return _config(folder, change)


def test_a_snapshot_for_an_area_that_is_not_installed_is_refused(tmp_path):
    organisation_install(org=load_organisation(EXAMPLE))  # another area only
    write(tmp_path, generate(200, seed=3))  # Helsinki's register
    with pytest.raises(
        LoadError, match=r"the snapshot is for area '091', which is not installed \(installed: 092\)"
    ):
        load_folder(tmp_path)
    assert not Client.objects.exists()


def test_analytics_segments_come_from_the_configured_areas(tmp_path, monkeypatch):
    seg = dict(kpi.segments().iter_rows())
    assert seg["OSU-N"] == "youth" and seg["VAN-M"] == "multiprofessional"
    (tmp_path / "only.json").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setenv("KOHTAANTO_ORGANISATION_DIR", str(tmp_path))
    assert set(kpi.segments()["team"]) == {"VAN-A", "VAN-N", "VAN-M"}
