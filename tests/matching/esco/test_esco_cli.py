"""`kohtaanto esco ...` contract: JSON lines out, clean errors (line and field) for bad input."""

from __future__ import annotations

import json

import pytest

from kohtaanto.cli import main
from kohtaanto.matching.esco import EscoStore

OCC = "http://data.europa.eu/esco/occupation/"


@pytest.fixture(scope="module")
def store(tmp_path_factory, tiny_default) -> str:
    directory = tmp_path_factory.mktemp("esco-store")
    EscoStore(directory).save(tiny_default)
    return str(directory)


def run(capsys, *argv: str) -> tuple[int, list[dict], str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    lines = [json.loads(line) for line in out.splitlines() if line.strip().startswith("{")]
    return code, lines, err


def test_suggest_text_argument(capsys, store):
    code, lines, _ = run(
        capsys, "esco", "suggest", "--data", store, "--no-dense", "--top", "2", "Kokkeja (2 kpl)"
    )
    assert code == 0 and len(lines) == 1
    assert lines[0]["id"] is None
    assert len(lines[0]["results"]) == 2
    assert set(lines[0]["results"][0]) == {"uri", "label", "score"}
    assert lines[0]["results"][0]["uri"] == OCC + "cook"


def test_suggest_jsonl_input_keeps_ids_and_order(capsys, store, tmp_path):
    path = tmp_path / "in.jsonl"
    rows = [
        {"id": "a", "text": "sairaanhoitajia"},
        {"id": 7, "text": "Software developer"},
        {"id": None, "text": ""},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", encoding="utf-8")
    code, lines, _ = run(capsys, "esco", "suggest", "--data", store, "--no-dense", "--input", str(path))
    assert code == 0
    assert [line["id"] for line in lines] == ["a", 7, None]
    assert lines[0]["results"][0]["uri"] == OCC + "nurse"
    assert lines[1]["results"][0]["uri"] == OCC + "dev"
    assert lines[2]["results"] == []


def test_suggest_skills(capsys, store):
    code, lines, _ = run(
        capsys, "esco", "suggest", "--data", store, "--no-dense", "--kind", "skill", "programming"
    )
    assert code == 0 and lines[0]["results"][0]["label"] == "computer programming"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"id": 1, "text": "kokki"}\n{"id": 2, "text": kokki}\n', "in.jsonl:2: invalid JSON"),
        ('{"id": 1}\n', "in.jsonl:1: field 'text' is missing"),
        ('{"id": 1, "text": 5}\n', "in.jsonl:1: field 'text' must be a string"),
        ('{"id": [1], "text": "kokki"}\n', "in.jsonl:1: field 'id' must be"),
        ('["kokki"]\n', "in.jsonl:1: expected a JSON object"),
    ],
)
def test_bad_input_lines_name_line_and_field(capsys, store, tmp_path, content, message):
    path = tmp_path / "in.jsonl"
    path.write_text(content, encoding="utf-8")
    code, lines, err = run(capsys, "esco", "suggest", "--data", store, "--no-dense", "--input", str(path))
    assert code == 2 and lines == []
    assert message in err and "Traceback" not in err


def test_usage_errors(capsys, store, tmp_path):
    code, _, err = run(capsys, "esco", "suggest", "--data", store, "--no-dense")
    assert code == 2 and "either a TEXT argument or --input" in err
    code, _, err = run(capsys, "esco", "suggest", "--data", store, "--input", str(tmp_path / "missing.jsonl"))
    assert code == 2 and "no such file" in err
    code, _, err = run(capsys, "esco", "suggest", "--data", str(tmp_path / "empty"), "kokki")
    assert code == 2 and "no ESCO release stored" in err
    with pytest.raises(SystemExit) as exc:
        main(["esco", "suggest", "--top", "0", "kokki"])
    assert exc.value.code == 2


def test_import_versions_and_build_default(capsys, fixture_dir, tmp_path):
    store = tmp_path / "store"
    assert main(["esco", "import", str(fixture_dir), "--out", str(store)]) == 0
    assert (
        main(["esco", "import", str(fixture_dir), "--out", str(store), "--version", "9.8.0", "--lang", "en"])
        == 0
    )
    capsys.readouterr()
    assert main(["esco", "versions", "--data", str(store)]) == 0
    assert capsys.readouterr().out.split() == ["9.8.0", "9.9.0"]
    out = tmp_path / "default"
    assert (
        main(["esco", "build-default", "--esco-dir", str(fixture_dir), "--out", str(out), "--no-embeddings"])
        == 0
    )
    summary = json.loads(capsys.readouterr().out)
    assert summary["occupations"] == 9 and summary["skills"] == 4
    assert (out / "esco-9.9.0.json.gz").is_file()
    code, _, err = run(
        capsys, "esco", "build-default", "--esco-dir", str(tmp_path / "nope"), "--out", str(out)
    )
    assert code == 2 and "not a directory" in err
