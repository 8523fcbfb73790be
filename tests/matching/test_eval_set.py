"""Integrity of the broad matching evaluation set (benchmarks/matching/eval, issue 19).

Reads the generated files as the benchmark does, so a hand edit, a lost judgement or a
holdout need leaking into the tuning part fails here, not silently in a number."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

from kohtaanto.matching.io import load_catalog, load_qrels, load_queries

ROOT = Path(__file__).resolve().parents[2]
EVAL = ROOT / "benchmarks" / "matching" / "eval"
REQUIRED_TOPICS = (
    "livelihood",
    "housing",
    "health",
    "substance",
    "crisis",
    "family",
    "youth",
    "disability",
    "immigration",
    "education",
    "work",
    "entrepreneurship",
)


def _evalset():
    spec = importlib.util.spec_from_file_location(
        "bench_matching_evalset", ROOT / "benchmarks" / "matching" / "evalset.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


@pytest.fixture(scope="module")
def full():
    queries = _lines(EVAL / "queries.jsonl")
    return queries, load_qrels(EVAL / "qrels.tsv")


def test_at_least_200_needs_every_one_judged_with_a_good_referral(full):
    queries, qrels = full
    assert len(queries) >= 200
    assert {q["id"] for q in queries} == set(qrels)
    assert all(max(qrels[q["id"]].values()) >= 2 for q in queries)


def test_about_ten_percent_swedish_and_ten_percent_english(full):
    queries, _ = full
    share = {lang: n / len(queries) for lang, n in Counter(q["lang"] for q in queries).items()}
    assert set(share) == {"fi", "sv", "en"}
    assert 0.08 <= share["sv"] <= 0.12
    assert 0.08 <= share["en"] <= 0.12


def test_each_named_topic_has_at_least_twelve_needs(full):
    queries, _ = full
    per_topic = Counter(q["topic"] for q in queries)
    assert {t: per_topic[t] for t in REQUIRED_TOPICS if per_topic[t] < 12} == {}


def test_every_qrel_names_a_catalogue_service_and_grades_are_0_to_3(full):
    _, qrels = full
    ids = {d.id for d in load_catalog(EVAL / "catalog.jsonl")}
    assert len(ids) == 250
    judged = {(qid, sid): g for qid, row in qrels.items() for sid, g in row.items()}
    assert {sid for _, sid in judged} <= ids
    assert set(judged.values()) <= {0, 1, 2, 3}


def test_every_service_class_and_life_event_is_covered(full):
    _, qrels = full
    relevant = {sid for row in qrels.values() for sid, g in row.items() if g >= 2}
    catalog = _lines(EVAL / "catalog.jsonl")
    for key in ("service_classes", "life_events"):
        every = {c["uri"] for r in catalog for c in r["ptv"][key]}
        covered = {c["uri"] for r in catalog if r["id"] in relevant for c in r["ptv"][key]}
        assert every and every == covered, key


def test_no_need_text_is_duplicated(full):
    queries, _ = full
    norm = Counter(re.sub(r"\W+", " ", q["text"]).strip().casefold() for q in queries)
    assert [t for t, n in norm.items() if n > 1] == []


def test_tuning_and_holdout_are_disjoint_and_together_the_whole_set(full):
    queries, qrels = full
    parts = {p: load_queries(EVAL / p / "queries.jsonl") for p in ("tuning", "holdout")}
    part_qrels = {p: load_qrels(EVAL / p / "qrels.tsv") for p in parts}
    tuning, holdout = ({q.id for q in parts[p]} for p in ("tuning", "holdout"))
    assert not tuning & holdout
    assert tuning | holdout == {q["id"] for q in queries}
    assert {**part_qrels["tuning"], **part_qrels["holdout"]} == qrels
    assert set(part_qrels["tuning"]) == tuning and set(part_qrels["holdout"]) == holdout
    split = json.loads((EVAL / "split.json").read_text(encoding="utf-8"))
    assert (set(split["tuning"]), set(split["holdout"])) == (tuning, holdout)
    assert 0.55 <= len(tuning) / len(queries) <= 0.65


def test_generated_files_match_the_source_and_the_seeded_split():
    """needs.txt is the source: the split is the seeded one, the files are regenerated from it."""
    evalset = _evalset()
    evalset.check()
    needs = evalset.parse_source()
    tuning = set(evalset.split(needs)["tuning"])
    for topic in REQUIRED_TOPICS:
        in_topic = [n for n in needs if n.topic == topic]
        share = sum(n.id in tuning for n in in_topic) / len(in_topic)
        assert 0.45 <= share <= 0.75, topic
