"""The `kohtaanto match` command-line contract and its error messages."""

import json

import pytest

from kohtaanto.cli import main

from .conftest import CATALOG

QUERIES = [
    {"id": "q1", "text": "Asiakkaalla on velkoja ja maksuhäiriömerkintä.", "lang": "fi"},
    {"id": "q2", "text": "Klienten vill starta eget företag."},
    {"id": "q3", "text": "Nuori tarvitsee valmennusta.", "client": {"age": 45}},
]


@pytest.fixture
def files(tmp_path):
    cat = tmp_path / "catalog.jsonl"
    cat.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in CATALOG) + "\n", encoding="utf-8")
    q = tmp_path / "queries.jsonl"
    q.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in QUERIES) + "\n", encoding="utf-8")
    qrels = tmp_path / "qrels.tsv"
    qrels.write_text("q1\tdebt\t2\nq2\tstartup\t2\nq3\tyouth\t1\n")
    return cat, q, qrels


def run(capsys, *argv):
    code = main(["match", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def test_rank_writes_one_json_line_per_query(files, capsys, tmp_path):
    cat, q, _ = files
    code, out, err = run(
        capsys,
        "rank",
        "--catalog",
        cat,
        "--queries",
        q,
        "--top",
        2,
        "--cache",
        tmp_path / "c",
        "--finnish",
        "simplemma",
    )
    assert code == 0, err
    lines = [json.loads(x) for x in out.splitlines()]
    assert [x["query_id"] for x in lines] == ["q1", "q2", "q3"]
    for line in lines:
        assert len(line["results"]) == 2
        for r in line["results"]:
            assert set(r) == {"id", "score", "explanation"}
            assert isinstance(r["score"], float) and "matched_terms" in r["explanation"]
    assert lines[0]["results"][0]["id"] == "debt"
    assert "youth" not in [r["id"] for r in lines[2]["results"]]  # the client is 45
    assert (tmp_path / "c").is_dir()


def test_evaluate_prints_the_four_metrics(files, capsys):
    cat, q, qrels = files
    code, out, _ = run(
        capsys, "evaluate", "--catalog", cat, "--queries", q, "--qrels", qrels, "--method", "lexical"
    )
    assert code == 0
    for name in ("ndcg@10", "recall@5", "mrr", "p@1"):
        assert name in out
    code, out, _ = run(
        capsys, "evaluate", "--catalog", cat, "--queries", q, "--qrels", qrels, "--method", "bm25", "--json"
    )
    data = json.loads(out)
    assert data["method"] == "bm25" and set(data["metrics"]) == {"ndcg@10", "recall@5", "mrr", "p@1"}
    assert 0 <= data["metrics"]["ndcg@10"] <= 1 and set(data["per_query"]) == {"q1", "q2", "q3"}


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize(
    ("catalog", "queries", "expected"),
    [
        (None, '{"id": "q", "text": "x"}\n', "file not found"),
        (
            '{"id": "a", "name": {"fi": "A"}}\n{"id": "b", "name": \n',
            '{"id": "q", "text": "x"}\n',
            "line 2: malformed JSON",
        ),
        (
            '{"id": "a", "name": {"fi": "A"}}\n\n{"name": {"fi": "B"}}\n',
            '{"id": "q", "text": "x"}\n',
            "line 3, field 'id'",
        ),
        (
            '{"id": "a", "name": {"fi": "A"}, "min_age": "x"}\n',
            '{"id": "q", "text": "x"}\n',
            "line 1, field 'min_age'",
        ),
        (
            '{"id": "a", "name": {"fi": "A"}}\n{"id": "a", "name": {"fi": "B"}}\n',
            '{"id": "q", "text": "x"}\n',
            "duplicate id",
        ),
        (
            '{"id": "a", "name": {"fi": "A"}}\n',
            '{"id": "q1", "text": "x"}\n{"id": "q2"}\n',
            "line 2, field 'text'",
        ),
        ('{"id": "a", "name": {"fi": "A"}}\n', "[1, 2]\n", "line 1: expected a JSON object"),
        (
            '{"id": "a", "name": {"fi": "A"}}\n',
            '{"id": "q", "text": "x", "client": {"age": "old"}}\n',
            "field 'client.age'",
        ),
    ],
)
def test_bad_input_exits_2_with_line_and_field(tmp_path, capsys, catalog, queries, expected):
    cat = write(tmp_path, "c.jsonl", catalog) if catalog is not None else tmp_path / "missing.jsonl"
    q = write(tmp_path, "q.jsonl", queries)
    code, out, err = run(capsys, "rank", "--catalog", cat, "--queries", q, "--method", "lexical")
    assert code == 2
    assert expected in err and "Traceback" not in err and out == ""


def test_bad_options_and_qrels(files, capsys, tmp_path):
    cat, q, _ = files
    code, _, err = run(capsys, "rank", "--catalog", cat, "--queries", q, "--method", "magic")
    assert code == 2 and "unknown --method" in err
    code, _, err = run(capsys, "rank", "--catalog", cat, "--queries", q, "--top", 0)
    assert code == 2 and "--top" in err
    bad = write(tmp_path, "bad.tsv", "q1\tdebt\n")
    code, _, err = run(
        capsys, "evaluate", "--catalog", cat, "--queries", q, "--qrels", bad, "--method", "lexical"
    )
    assert code == 2 and "line 1" in err
    other = write(tmp_path, "other.tsv", "zz\tdebt\t2\n")
    code, _, err = run(
        capsys, "evaluate", "--catalog", cat, "--queries", q, "--qrels", other, "--method", "lexical"
    )
    assert code == 2 and "zz" in err
