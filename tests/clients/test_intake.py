"""Intake: registration, segmentation into teams, balanced assignment, batch import."""

import datetime as dt
import json
from collections import Counter

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kohtaanto.accounts.models import Role
from kohtaanto.clients import intake
from kohtaanto.clients.batch import parse_batch
from kohtaanto.clients.models import Client, Meeting
from kohtaanto.domain.hetu import make_hetu
from kohtaanto.domain.organisation import HELSINKI
from kohtaanto.domain.workdays import working_days_between
from kohtaanto.organisation.models import Team
from kohtaanto.organisation.services import organisation_install
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    organisation_install(org=HELSINKI)
    teams = {t.code: t for t in Team.objects.all()}
    workers = {}
    for code in ("OSU-N", "OSU-AP", "OSU-AT", "OSU-AK", "KOTO-2", "TKP-MN"):
        workers[code] = [
            UserFactory(team=teams[code], unit=teams[code].unit, languages=langs, last_name=f"{code}-{i}")
            for i, langs in enumerate((["fi", "en"], ["fi", "sv"], ["fi", "ru", "en"]))
        ]
    return teams, workers


def _csv(rows: list[dict]) -> bytes:
    header = [
        "hetu",
        "first_name",
        "last_name",
        "mother_tongue",
        "education_level",
        "needs_multiprofessional",
        "arrival_date",
    ]
    lines = [",".join(header)] + [",".join(str(r.get(h, "")) for h in header) for r in rows]
    return "\n".join(lines).encode()


def _person(i: int, age: int = 40, **kw) -> dict:
    born = dt.date.today().replace(month=1, day=1) - dt.timedelta(days=365 * age + i)
    return {
        "hetu": make_hetu(born, 900 + i % 100),
        "first_name": "Test",
        "last_name": f"Person{i}",
        "mother_tongue": "fi",
        "education_level": "upper_secondary",
        **kw,
    }


def test_register_form_segments_assigns_and_schedules(client, org):
    teams, workers = org
    registrar = workers["OSU-AP"][0]
    client.force_login(registrar)
    data = _person(1, age=22)
    r = client.post("/clients/register/", {**data, "finnish_level": "native", "swedish_level": "none"})
    assert r.status_code == 302
    c = Client.objects.get(last_name="Person1")
    assert c.team.code == "OSU-N" and c.responsible_worker in workers["OSU-N"]
    assert (
        c.birth_date.year == dt.date.today().year - 22 - 1 or c.birth_date.year == dt.date.today().year - 22
    )
    interview = Meeting.objects.get(client=c, kind="initial_interview")
    assert working_days_between(c.registration_date, interview.due_date) == 5
    assert c.next_due_kind == "initial_interview" and c.next_due_date == interview.due_date
    assert c.events.filter(kind="registration").exists()


def test_swedish_speaker_gets_a_swedish_speaking_worker(org):
    teams, workers = org
    (c,) = intake.clients_register(
        actor=workers["OSU-AT"][0], registrations=[intake.Registration(**_person(2, mother_tongue="sv"))]
    )
    assert "sv" in c.responsible_worker.languages


def test_immigrant_within_integration_period_goes_to_koto(org):
    teams, workers = org
    arrived = dt.date.today() - dt.timedelta(days=400)
    (c,) = intake.clients_register(
        actor=workers["OSU-AT"][0],
        registrations=[intake.Registration(**_person(3, mother_tongue="so", arrival_date=arrived))],
    )
    assert c.team.code == "KOTO-2" and c.unit.code == "KOTO"


def test_bad_identity_code_is_refused_with_reason_and_nothing_written(client, org):
    teams, workers = org
    client.force_login(workers["OSU-AP"][0])
    data = _person(4)
    data["hetu"] = data["hetu"][:-1] + ("A" if data["hetu"][-1] != "A" else "B")
    r = client.post("/clients/register/", {**data, "finnish_level": "native", "swedish_level": "none"})
    assert r.status_code == 422 and "check" in r.content.decode().lower()
    assert not Client.objects.exists()


def test_duplicate_identity_code_refused(org):
    teams, workers = org
    reg = _person(5)
    intake.clients_register(actor=workers["OSU-AT"][0], registrations=[intake.Registration(**reg)])
    with pytest.raises(intake.ImportRejected) as exc:
        intake.clients_register(actor=workers["OSU-AT"][0], registrations=[intake.Registration(**reg)])
    assert exc.value.rejected[0]["field"] == "hetu" and "already" in exc.value.rejected[0]["message"]


def test_batch_import_is_balanced(client, org):
    teams, workers = org
    client.force_login(workers["OSU-AP"][0])
    rows = [_person(10 + i, education_level="basic") for i in range(30)]
    r = client.post("/clients/import/", {"file": SimpleUploadedFile("transfer.csv", _csv(rows))})
    assert r.status_code == 200 and Client.objects.count() == 30
    loads = Counter(Client.objects.values_list("responsible_worker_id", flat=True))
    assert set(loads) == {w.pk for w in workers["OSU-AP"]} and max(loads.values()) - min(loads.values()) <= 1


def test_batch_with_bad_rows_reports_them_and_imports_nothing(client, org):
    teams, workers = org
    client.force_login(workers["OSU-AP"][0])
    rows = [_person(40 + i) for i in range(5)]
    rows[1]["hetu"] = "131052-308X"
    rows[3]["education_level"] = "phd"
    rows[4]["hetu"] = rows[0]["hetu"]
    r = client.post("/clients/import/", {"file": SimpleUploadedFile("transfer.csv", _csv(rows))})
    assert r.status_code == 422
    rejected = {(x["row"], x["field"]) for x in r.context["rejected"]}
    assert rejected == {(2, "hetu"), (4, "education_level"), (5, "hetu")}
    assert not Client.objects.exists() and not Meeting.objects.exists()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b'[{"hetu": ', "x.json", "invalid JSON"),
        (b"\xff\xfe\x00garbage", "x.csv", "UTF-8"),
        (b"name,age\nx,1\n", "x.csv", "header"),
        (b"{}", "x.xlsx", "unknown file type"),
        (b'{"hetu": "x"}\nnot json\n', "x.jsonl", "invalid JSON"),
    ],
)
def test_malformed_files_fail_cleanly(content, name, message):
    with pytest.raises(intake.ImportRejected) as exc:
        parse_batch(content, name)
    assert message in json.dumps(exc.value.rejected)


def test_rules_preview_is_a_dry_run_and_save_applies(org):
    teams, workers = org
    admin = UserFactory(role=Role.ADMINISTRATOR, team=None, unit=None)
    intake.clients_register(
        actor=admin, registrations=[intake.Registration(**_person(60 + i, age=27)) for i in range(4)]
    )
    rules = [
        {"name": "young", "if": {"age_lt": 25}, "segment": "youth"},
        {"name": "rest", "segment": "adult_upper_secondary"},
    ]
    preview = intake.rules_preview(actor=admin, rules=rules)
    assert (
        preview.active == 4
        and preview.moving == 4
        and preview.moves == [("youth", "adult_upper_secondary", 4)]
    )
    assert Client.objects.filter(team__code="OSU-N").count() == 4
    intake.rules_save(actor=admin, rules=rules)
    (c,) = intake.clients_register(actor=admin, registrations=[intake.Registration(**_person(70, age=27))])
    assert c.team.code == "OSU-AT"


def test_api_register_and_import(client, org):
    teams, workers = org
    client.force_login(workers["OSU-AP"][0])
    r = client.post(
        "/api/v1/intake/clients",
        _person(80, age=55, education_level="tertiary"),
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["team"] == "OSU-AK"
    bad = {**_person(81), "hetu": "garbage"}
    r = client.post("/api/v1/intake/clients", bad, content_type="application/json")
    assert r.status_code == 422 and r.json()["rejected"][0]["field"] == "hetu"
    r = client.post(
        "/api/v1/intake/import", {"file": SimpleUploadedFile("t.csv", _csv([_person(82), _person(83)]))}
    )
    assert r.status_code == 201 and r.json()["created"] == 2


def test_registration_links_to_the_new_client_with_its_number(client, org):
    teams, workers = org
    client.force_login(workers["OSU-AP"][0])
    data = _person(6, age=30)
    r = client.post(
        "/clients/register/", {**data, "finnish_level": "native", "swedish_level": "none"}, follow=True
    )
    c = Client.objects.get(last_name="Person6")
    html = r.content.decode()
    assert c.external_id in html
    assert f'href="/clients/{c.pk}/"' in html
    # Shown once: the next empty form does not repeat it.
    assert c.external_id not in client.get("/clients/register/").content.decode()
