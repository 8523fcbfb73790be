"""The labelled Finnish skill phrases stay well-formed and point at shipped skills."""

from __future__ import annotations

import json
from pathlib import Path

from kohtaanto.matching.esco import load_default

SET = Path(__file__).resolve().parents[3] / "benchmarks" / "esco" / "skills_fi.jsonl"


def test_skill_set_has_enough_labelled_phrases_with_a_holdout():
    items = [json.loads(line) for line in SET.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(items) >= 100
    assert len({it["id"] for it in items}) == len(items)
    assert len({it["text"] for it in items}) == len(items)
    splits = {it["split"] for it in items}
    assert splits == {"tuning", "holdout"}
    skills = load_default().skills
    for it in items:
        assert it["source"] and it["skills"]
        assert len(it["skills"]) == len(it["labels_en"])
        for uri, label in zip(it["skills"], it["labels_en"], strict=True):
            assert skills[uri].labels["en"].preferred == label
