"""Pure import/export formats: PTV general descriptions, PTV Open API, Kohtaanto JSON Lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kohtaanto.catalogue import formats
from kohtaanto.catalogue.formats import FormatError, draftjs
from kohtaanto.catalogue.formats.record import normalize_record, valid_business_id
from tests.shared import shared_file

GD = "data/ptv/ptv_general_descriptions_gd.json"
DEV = "benchmarks/matching-dev/catalog.jsonl"
DATA = Path(__file__).resolve().parents[2] / "kohtaanto/catalogue/data"
HELSINKI = DATA / "helsinki_services.jsonl"
PTV_FILE = DATA / "ptv_general_descriptions.jsonl.gz"


def _gd(**over):
    base = {
        "Id": "00000000-0000-0000-0000-000000000001",
        "ServiceType": "Service",
        "Name": [{"Lang": "fi", "Label": "Työkokeilu"}, {"Lang": "sv", "Label": "Arbetsprövning"}],
        "ShortDescription": [{"Lang": "fi", "Label": "Lyhyesti."}],
        "Description": [],
        "BackgroundDescription": [{"Lang": "fi", "Label": draftjs.from_text("Eka.\n\nToka.")}],
        "ServiceRestrictions": [],
        "ChargeTypeAdditionalInfo": [],
        "ChargeType": "Free",
        "TargetGroup": [{"Key": "http://urn.fi/URN:NBN:fi:au:ptvl:v2001", "Value": "Kansalaiset"}],
        "ServiceClass": [],
        "OntologyTerm": [],
        "LifeEvent": [],
    }
    return {**base, **over}


def test_draftjs_to_text_drops_empty_blocks_and_passes_plain_text():
    assert draftjs.to_text(draftjs.from_text("a\n\nb")) == "a\nb"
    assert draftjs.to_text("plain") == "plain"
    assert draftjs.to_text("{not json") == "{not json"
    assert draftjs.to_text(None) == ""


def test_gd_record_conversion():
    [rec] = formats.parse("ptv-gd", json.dumps([_gd()]))
    assert rec["id"] == rec["ptv_id"] == "00000000-0000-0000-0000-000000000001"
    assert rec["name"] == {"fi": "Työkokeilu", "sv": "Arbetsprövning"}
    assert rec["description"] == {"fi": "Eka.\nToka."}
    assert rec["charge_type"] == "free" and rec["kind"] == "other"
    assert rec["ptv"]["target_groups"][0]["name"] == "Kansalaiset"


def test_gd_dedup_keeps_the_most_complete_and_first_on_ties():
    short = _gd(Id="a1", BackgroundDescription=[])
    longer = _gd(Id="b2")
    tie = _gd(Id="c3")
    records = formats.parse("ptv-gd", json.dumps([short, longer, tie]))
    assert [r["id"] for r in records] == ["b2"]


def test_gd_file_gives_the_250_services_of_the_matching_dev_catalogue():
    records = formats.parse("ptv-gd", shared_file(GD).read_text(encoding="utf-8"))
    catalog = {json.loads(line)["id"]: json.loads(line) for line in shared_file(DEV).read_text().splitlines()}
    assert len(records) == 250
    assert {r["id"] for r in records} == set(catalog)
    for rec in records:
        expected = catalog[rec["id"]]
        for field in ("name", "summary", "description"):
            assert rec[field] == {k: v for k, v in expected[field].items() if v}, (rec["id"], field)


def test_shipped_ptv_demo_file_matches_the_conversion():
    import gzip

    shipped = formats.parse("jsonl", gzip.decompress(PTV_FILE.read_bytes()).decode())
    assert shipped == formats.parse("ptv-gd", shared_file(GD).read_text(encoding="utf-8"))


def test_jsonl_round_trip_of_the_helsinki_services():
    records = formats.parse("jsonl", HELSINKI.read_text(encoding="utf-8"))
    assert 20 <= len(records) <= 40
    assert formats.parse("jsonl", formats.dump("jsonl", records)) == records
    kinds = {r["kind"] for r in records}
    assert {
        "work_trial",
        "pay_subsidy",
        "start_up_grant",
        "labour_market_training",
        "integration_training",
        "career_coaching",
        "job_search_coaching",
        "youth_guidance",
        "multiprofessional",
        "rehabilitative_work",
        "employer_support",
        "apprenticeship",
        "language_course",
        "debt_counselling",
    } <= kinds
    for rec in records:
        assert {"fi", "sv", "en"} <= set(rec["name"]) and rec["provider"]
        for loc in rec["locations"]:
            assert 60.1 < loc["lat"] < 60.3 and 24.8 < loc["lon"] < 25.2  # Helsinki


def test_jsonl_records_are_what_the_matcher_reads():
    pytest.importorskip("kohtaanto.matching.types")
    from kohtaanto.matching.types import ServiceDocument

    for line in formats.dump("jsonl", formats.parse("jsonl", HELSINKI.read_text())).splitlines():
        doc = ServiceDocument.from_dict(json.loads(line))
        assert doc.status == "published" and doc.name["fi"]


def test_ptv_open_api_round_trip():
    records = formats.parse("jsonl", HELSINKI.read_text(encoding="utf-8"))
    exported = formats.dump("ptv", records)
    services = json.loads(exported)
    first = services[0]
    assert {
        "serviceNames",
        "serviceDescriptions",
        "languages",
        "targetGroups",
        "areas",
        "serviceChannels",
    } <= set(first)
    assert {d["type"] for d in first["serviceDescriptions"]} >= {"Summary", "Description"}
    back = formats.parse("ptv", exported)
    held = formats.held_fields("ptv") - {"ptv"}
    for before, after in zip(records, back, strict=True):
        assert after["id"] == before["id"]
        for field in held:
            assert after[field] == before[field], (before["id"], field)
        assert after["provider"]["name"] == before["provider"]["name"]
        assert after["status"] == before["status"]
    assert formats.dump("ptv", back) == exported


def test_ptv_open_api_reads_a_page_and_plain_v11_service():
    service = {
        "id": "11111111-2222-3333-4444-555555555555",
        "type": "Service",
        "serviceChargeType": "Free",
        "serviceNames": [{"language": "fi", "value": "Nimi", "type": "Name"}],
        "serviceDescriptions": [
            {"language": "fi", "value": "Tiivis", "type": "Summary"},
            {"language": "fi", "value": "Pitkä", "type": "Description"},
            {"language": "se", "value": "Sámegiella", "type": "Description"},
        ],
        "languages": ["fi"],
        "areas": [{"type": "Municipality", "code": "091", "name": []}],
        "publishingStatus": "Published",
    }
    [rec] = formats.parse("ptv", json.dumps({"pageNumber": 1, "itemList": [service]}))
    assert rec["id"] == rec["ptv_id"] == service["id"]
    assert rec["summary"] == {"fi": "Tiivis"} and rec["description"] == {"fi": "Pitkä"}
    assert rec["municipalities"] == ["091"] and rec["status"] == "published"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '{"id": "a", "name": {"fi": "A"}}\n{"id": "b", "name": {"sv": "B"}}\n',
            "line 2, field name.fi: missing",
        ),
        (
            '{"id": "a", "name": {"fi": "A"}}\n\n{"id": "a", "name": {"fi": "A"}}\n',
            "line 3, field id: duplicate id",
        ),
        ('{"id": "a", "name": {"fi": "A"}}\n{"id": "b", "name": ', "line 2: not valid JSON"),
        ('{"id": "a", "name": {"fi": "A"}, "kind": "party"}\n', "line 1, field kind: unknown value 'party'"),
        ('{"id": "a", "name": {"fi": "A"}, "colour": "red"}\n', "line 1, field colour: unknown field"),
        (
            '{"id": "a", "name": {"fi": "A"}, "locations": [{"name": "X", "lat": 95, "lon": 1}]}\n',
            "line 1, field locations[0].lat: must be between",
        ),
        (
            '{"id": "a", "name": {"fi": "A"}, "min_age": 30, "max_age": 18}\n',
            "line 1, field max_age: is below min_age",
        ),
        ('{"id": "a", "name": {"fi": "A"}, "start_dates": ["2027-13-01"]}\n', "line 1, field start_dates[0]"),
        ('{"id": "a", "name": {"fi": "A", "de": "A"}}\n', "line 1, field name.de: unsupported language"),
        ('{"id": "a b", "name": {"fi": "A"}}\n', "line 1, field id: must be"),
        ("[1, 2]\n", "line 1, field (record): must be a JSON object"),
    ],
)
def test_jsonl_errors_name_line_and_field(text, expected):
    with pytest.raises(FormatError) as err:
        formats.parse("jsonl", text)
    assert str(err.value).startswith(expected), str(err.value)


def test_gd_and_ptv_errors_name_record_and_field():
    with pytest.raises(FormatError, match=r"^record 2, field name.fi: missing"):
        formats.parse("ptv-gd", json.dumps([_gd(), _gd(Id="x", Name=[{"Lang": "sv", "Label": "B"}])]))
    with pytest.raises(FormatError, match=r"^record 1, field ServiceType: unknown value"):
        formats.parse("ptv-gd", json.dumps([_gd(ServiceType="Gadget")]))
    with pytest.raises(FormatError, match="must be a JSON array"):
        formats.parse("ptv-gd", "{}")
    with pytest.raises(FormatError, match=r"^record 1, field sourceId|^record 1, field id: missing"):
        formats.parse("ptv", json.dumps([{"serviceNames": [{"language": "fi", "value": "N"}]}]))
    with pytest.raises(FormatError, match=r"^record 1, field serviceNames: must be a list"):
        formats.parse("ptv", json.dumps([{"id": "x", "serviceNames": "N"}]))
    with pytest.raises(FormatError, match="unknown format"):
        formats.parse("xml", "")


def test_business_id_check_digit():
    assert valid_business_id("0201256-6") and valid_business_id("0246246-0")
    assert not valid_business_id("0201256-7") and not valid_business_id("201256-6")
    with pytest.raises(ValueError, match="provider.business_id"):
        normalize_record(
            {"id": "a", "name": {"fi": "A"}, "provider": {"name": "P", "business_id": "0201256-5"}}
        )
