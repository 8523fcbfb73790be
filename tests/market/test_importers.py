"""Importers fail cleanly (file, line, field; nothing stored); enrichment finds the
occupation and the skills; the demo generator makes valid postings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kohtaanto.cli import main
from kohtaanto.market.demo import generate_postings
from kohtaanto.market.enrich import enrich_offerings, enrich_postings
from kohtaanto.market.escodata import EscoData, use
from kohtaanto.market.importers import MarketImportError, konfo_row, parse_konfo, parse_postings
from kohtaanto.market.models import EducationOffering, JobPosting
from kohtaanto.market.reference import MUNICIPALITIES
from tests.shared import shared_file

from .esco_fixture import CARE, FIRST_AID, MEDICATION, NURSE, WOUNDS

GOOD = {
    "id": "a1",
    "title": "Sairaanhoitaja",
    "municipality": "Espoo",
    "working_time": ["full_time"],
    "languages": [{"code": "fi", "level": "B2"}],
    "expires": "2030-01-31",
}


def test_json_errors_name_line_and_field():
    text = json.dumps([GOOD, {**GOOD, "id": "a2", "title": ""}], indent=1)
    with pytest.raises(MarketImportError) as err:
        parse_postings(text, "jobs.json")
    line = text.splitlines().index(" {", 2) + 1  # where the second object starts
    assert str(err.value) == f"jobs.json:{line}: field 'title': is required"
    with pytest.raises(MarketImportError, match=r"jobs.jsonl:2: field 'languages': .*fi:B2"):
        parse_postings(
            json.dumps(GOOD) + "\n" + json.dumps({**GOOD, "id": "b", "languages": "fi:Z9"}), "jobs.jsonl"
        )
    with pytest.raises(MarketImportError, match=r"jobs.json:1: invalid JSON"):
        parse_postings("[{", "jobs.json")
    with pytest.raises(MarketImportError, match=r"field 'id': 'a1' already on line 1"):
        parse_postings(json.dumps(GOOD) + "\n" + json.dumps(GOOD), "jobs.jsonl")


def test_csv_errors_and_list_columns():
    header = "id,title,municipality,working_time,languages,driving_licences,expires\n"
    rows = parse_postings(header + "1,Siivooja,091,part_time;shift,fi:B1;en:A2,B,2030-02-01\n", "jobs.csv")
    assert rows[0]["working_time"] == ["part_time", "shift"] and rows[0]["driving_licences"] == ["B"]
    assert rows[0]["languages"] == [{"code": "fi", "level": "B1"}, {"code": "en", "level": "A2"}]
    with pytest.raises(MarketImportError, match=r"jobs.csv:3: field 'municipality'"):
        parse_postings(header + "1,A,091,,,,\n2,B,Tampereella,,,,\n", "jobs.csv")
    with pytest.raises(MarketImportError, match=r"jobs.csv:2: field 'expires'"):
        parse_postings(header + "1,A,091,,,,31.1.2030\n", "jobs.csv")
    with pytest.raises(MarketImportError, match=r"jobs.csv:1: field 'title': column is missing"):
        parse_postings("id,name\n1,x\n", "jobs.csv")


@pytest.mark.django_db
def test_cli_import_is_all_or_nothing(tmp_path: Path, capsys):
    bad = tmp_path / "jobs.json"
    bad.write_text(json.dumps([GOOD, {**GOOD, "id": "2", "remote": "moon"}]), encoding="utf-8")
    assert main(["market", "import-jobs", str(bad)]) == 2
    assert "nothing was imported: jobs.json:1: field 'remote'" in capsys.readouterr().err
    assert not JobPosting.objects.exists()
    good = tmp_path / "ok.json"
    good.write_text(
        json.dumps([GOOD, {**GOOD, "id": "2", "title": "Lähihoitaja (osa-aikainen)"}]), encoding="utf-8"
    )
    assert main(["market", "import-jobs", str(good)]) == 0
    stored = {p.external_id: p for p in JobPosting.objects.all()}
    assert stored["a1"].occupation_uri == NURSE and stored["a1"].municipality == "049"
    assert main(["market", "import-jobs", str(good), "--replace"]) == 0
    assert JobPosting.objects.count() == 2
    assert "2 postings: 0 new, 2 updated" in capsys.readouterr().out


def test_enrichment_finds_occupation_and_named_skills(small_esco):
    rows = parse_postings(
        json.dumps(
            [
                {
                    "id": "x",
                    "title": "Sairaanhoitaja (2 kpl), Espoo",
                    "description": "Työhön kuuluu wound care ja administer medication. Hygiene is important.",
                }
            ]
        ),
        "x.json",
    )
    enrich_postings(rows, small_esco)
    row = rows[0]
    assert row["occupation_uri"] == NURSE and row["isco_group"] == "2221" and row["occupation_score"] == 2.0
    assert row["extracted_skills"] == [WOUNDS, MEDICATION]  # "hygiene" alone is too short a label part
    assert row["skills"][:3] == [CARE, FIRST_AID, MEDICATION] and WOUNDS in row["skills"]
    unknown = parse_postings(json.dumps([{"id": "y", "title": "Kuutamourakoitsija"}]), "y.json")
    enrich_postings(unknown, small_esco)
    assert unknown[0]["occupation_uri"] == "" and unknown[0]["skills"] == []


KONFO_HEADER = (
    "oid,nimi,kuvaus,toteutukset,kielivalinta,tutkintonimikkeet,koulutusasteKoodiUrit,koulutusalaKoodiUrit\n"
)
KONFO_ROW = (
    "1.2.246.562.13.1,\"{'fi': 'Sairaanhoitaja (AMK)'}\",\"{'fi': '<p>Opit administer medication.</p>"
    "<ul><li>sairaanhoitaja sairaalassa</li></ul>'}\",\"[{'oppilaitosNimi': {'fi': 'Metropolia'}, "
    "'kunnat': [{'koodiUri': 'kunta_091'}]}]\",\"['fi', 'en']\",\"[{'nimi': {'fi': 'Sairaanhoitaja (AMK)'}}]\","
    "\"['kansallinenkoulutusluokitus2016koulutusastetaso1_6']\",\"['kansallinenkoulutusluokitus2016koulutusalataso1_09']\"\n"
)


def test_konfo_parse_enrich_and_clean_failure(small_esco):
    rows = parse_konfo(KONFO_HEADER + KONFO_ROW, "konfo.csv")
    row = rows[0]
    assert row["level"] == "6" and row["field"] == "09" and row["municipalities"] == ["091"]
    assert row["provider"] == "Metropolia" and row["languages"] == ["fi", "en"]
    assert row["url"].endswith("/1.2.246.562.13.1")
    enrich_offerings(rows, small_esco)
    assert row["occupations"] == [NURSE] and MEDICATION in row["skills"]
    broken = KONFO_ROW.replace("\"{'fi': 'Sairaanhoitaja (AMK)'}\"", '"{broken"', 1)
    with pytest.raises(MarketImportError, match=r"konfo.csv:3: field 'nimi'"):
        parse_konfo(KONFO_HEADER + KONFO_ROW + broken, "konfo.csv")
    with pytest.raises(MarketImportError, match="field 'oid'"):
        parse_konfo(KONFO_HEADER + KONFO_ROW.replace("1.2.246.562.13.1", "x"), "konfo.csv")


def test_real_konfo_file_parses():
    real = shared_file("data/education/konfo-amk-2023-01-18.csv")
    rows = parse_konfo(real.read_text(encoding="utf-8"), real.name)
    assert len(rows) == 461 and all(r["name"] for r in rows)
    assert sum(1 for r in rows if any(m in MUNICIPALITIES for m in r["municipalities"])) == 95
    assert konfo_row  # the per-row parser is what the import uses


@pytest.mark.django_db
def test_cli_import_education_from_jsonl(tmp_path: Path, capsys):
    path = tmp_path / "edu.jsonl"
    path.write_text(
        json.dumps(
            {
                "external_id": "e1",
                "name": {"fi": "Koulutus"},
                "occupations": [NURSE],
                "skills": [MEDICATION],
                "municipalities": ["091"],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    assert main(["market", "import-education", str(path)]) == 0
    assert EducationOffering.objects.get().skills == [MEDICATION]
    path.write_text('{"external_id": "e2"}\n', encoding="utf-8")
    assert main(["market", "import-education", str(path)]) == 2
    assert "edu.jsonl:1: field 'name'" in capsys.readouterr().err


def test_demo_generator_makes_valid_region_postings(small_esco):
    records = generate_postings(small_esco, 40, seed=3)
    assert records == generate_postings(small_esco, 40, seed=3)
    rows = parse_postings(json.dumps(records), "demo.json")
    enrich_postings(rows, small_esco)
    assert all(r["municipality"] in MUNICIPALITIES and r["title"] for r in rows)
    assert sum(1 for r in rows if r["occupation_uri"]) >= 35  # titles are ESCO labels with noise
    assert all(set(r["extracted_skills"]) <= set(r["skills"]) for r in rows)


@pytest.mark.slow
def test_enrichment_with_the_shipped_esco():
    from kohtaanto.matching.esco import load_default

    real = EscoData(load_default())
    with use(real):
        rows = parse_postings(
            json.dumps(
                [
                    {
                        "id": "1",
                        "title": "Sairaanhoitajia (2 kpl), Espoo",
                        "description": "Osaat Java ja SQL.",
                    },
                    {"id": "2", "title": "Bussinkuljettaja, Vantaa"},
                ]
            ),
            "real.json",
        )
        enrich_postings(rows, real)
    assert "sairaanhoitaja" in rows[0]["occupation_label"]
    assert "kuljettaja" in rows[1]["occupation_label"]
    named = {real.skill_label(s) for s in rows[0]["extracted_skills"]}
    assert "SQL" in named and any("Java" in n for n in named)
    assert len(rows[0]["skills"]) > len(rows[0]["extracted_skills"])  # essential skills added


def test_html_text_survives_what_a_regex_would_not():
    from kohtaanto.market.importers import html_text, list_items

    assert html_text('<p title="a>b">Hei &amp; moi<!-- x > y --><script>bad()</script></p>') == "Hei & moi"
    assert list_items('<ul><li>Sairaanhoitaja</li><li data-x=">">K&auml;til&ouml;</li><li>x</li></ul>') == [
        "Sairaanhoitaja",
        "Kätilö",
    ]
