"""The broad evaluation set for service matching (issue 19): needs as case workers write them,
graded 0-3 against the 250 PTV services, split once into a tuning part and a holdout.

    .venv/bin/python benchmarks/matching/evalset.py build     # needs.txt -> queries, qrels, split
    .venv/bin/python benchmarks/matching/evalset.py check     # generated files agree with needs.txt
    .venv/bin/python benchmarks/matching/evalset.py stats     # counts by topic and language
    .venv/bin/python benchmarks/matching/evalset.py catalog   # (re)write catalog.jsonl from ../shared

`eval/needs.txt` is the source a person edits (format in its header); everything else in
`eval/` is generated from it. The split is made once: `build` refuses to change an existing
`split.json` (a holdout that moves after tuning is no holdout). Grading guidelines:
docs/matching.md, "Evaluation sets".
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EVAL = ROOT / "benchmarks" / "matching" / "eval"
DEV = ROOT.parent / "shared" / "benchmarks" / "matching-dev"
PTV = ROOT.parent / "shared" / "data" / "ptv" / "ptv_general_descriptions_gd.json"

SEED = 1919
TUNING_SHARE = 0.6
LANGS = ("fi", "sv", "en")
# The twelve the issue names (each needs at least MIN_PER_TOPIC), then the rest of the catalogue.
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
TOPICS = REQUIRED_TOPICS + ("elderly", "property", "leisure")
MIN_PER_TOPIC = 12
SETS = ("tuning", "holdout", "dev")

_HEAD = re.compile(r"^\[(e\d{3})\] (\w+) (fi|sv|en)$")
_GRADE = re.compile(r"^  ([0-3]) ([0-9a-f]{8}) (.+)$")


@dataclass
class Need:
    id: str
    topic: str
    lang: str
    text: str
    grades: dict[str, int] = field(default_factory=dict)  # full service id -> grade


class SourceError(ValueError):
    """needs.txt (or a generated file) is not what it should be; the message names the line."""


def load_catalog_records(path: Path = EVAL / "catalog.jsonl") -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def parse_source(path: Path = EVAL / "needs.txt", catalog: list[dict] | None = None) -> list[Need]:
    """Needs from needs.txt; a service is named by the first 8 hex digits of its id and its
    Finnish name, and both must agree with the catalogue (a typo in either is an error)."""
    records = catalog if catalog is not None else load_catalog_records()
    by_prefix = {r["id"][:8]: r for r in records}
    needs: list[Need] = []
    current: Need | None = None
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("#") or not line.strip():
            current = None if not line.strip() else current
            continue
        if m := _HEAD.match(line):
            topic = m.group(2)
            if topic not in TOPICS:
                raise SourceError(f"{path}:{n}: unknown topic {topic!r}")
            current = Need(m.group(1), topic, m.group(3), "")
            needs.append(current)
        elif current is not None and not current.text and not line.startswith(" "):
            current.text = line.strip()
        elif current is not None and (m := _GRADE.match(line)):
            grade, prefix, name = int(m.group(1)), m.group(2), m.group(3)
            record = by_prefix.get(prefix)
            if record is None:
                raise SourceError(f"{path}:{n}: no catalogue service with id {prefix}...")
            if record["name"]["fi"] != name:
                raise SourceError(f"{path}:{n}: {prefix} is {record['name']['fi']!r}, not {name!r}")
            if record["id"] in current.grades:
                raise SourceError(f"{path}:{n}: {name} graded twice")
            current.grades[record["id"]] = grade
        else:
            raise SourceError(f"{path}:{n}: cannot read {line!r}")
    ids = Counter(need.id for need in needs)
    if dupes := [i for i, c in ids.items() if c > 1]:
        raise SourceError(f"{path}: duplicate need ids {dupes}")
    for need in needs:
        if not need.text or not any(g >= 2 for g in need.grades.values()):
            raise SourceError(f"{path}: need {need.id} has no text or no service graded 2 or 3")
    return needs


def split(needs: list[Need], seed: int = SEED, share: float = TUNING_SHARE) -> dict[str, list[str]]:
    """Seeded, stratified by topic and language: within each (topic, language) the needs are
    ordered by sha256(seed, id), the strata are laid end to end (topic by topic), and a
    running quota gives position k to tuning when floor((k+1)*share) > floor(k*share). Every
    stratum gets its share to within one need, and the result depends on nothing but the ids,
    topics, languages and the seed (no RNG whose stream could change between versions)."""

    def key(need: Need) -> tuple[int, int, str]:
        digest = hashlib.sha256(f"{seed}:{need.id}".encode()).hexdigest()
        return TOPICS.index(need.topic), LANGS.index(need.lang), digest

    out: dict[str, list[str]] = {"tuning": [], "holdout": []}
    for k, need in enumerate(sorted(needs, key=key)):
        part = "tuning" if int((k + 1) * share) > int(k * share) else "holdout"
        out[part].append(need.id)
    return {part: sorted(ids) for part, ids in out.items()}


def counts(needs: list[Need], ids: set[str] | None = None) -> dict:
    chosen = [n for n in needs if ids is None or n.id in ids]
    return {
        "needs": len(chosen),
        "by_language": {lang: sum(n.lang == lang for n in chosen) for lang in LANGS},
        "by_topic": {t: sum(n.topic == t for n in chosen) for t in TOPICS},
        "judgements": sum(len(n.grades) for n in chosen),
        "by_grade": {g: sum(v == g for n in chosen for v in n.grades.values()) for g in (3, 2, 1)},
    }


def _write_part(needs: list[Need], directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    lines = [
        json.dumps({"id": n.id, "lang": n.lang, "topic": n.topic, "text": n.text}, ensure_ascii=False)
        for n in needs
    ]
    (directory / "queries.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = [
        f"{n.id}\t{sid}\t{g}"
        for n in needs
        for sid, g in sorted(n.grades.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    (directory / "qrels.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def build(resplit: bool = False) -> dict:
    needs = parse_source()
    parts = split(needs)
    split_file = EVAL / "split.json"
    if split_file.exists() and not resplit:
        stored = json.loads(split_file.read_text(encoding="utf-8"))
        if {p: stored[p] for p in parts} != parts:
            raise SourceError(
                f"{split_file}: the split would change. It is made once; re-splitting after tuning "
                "contaminates the holdout. Pass --resplit only if no method was tuned on the old split."
            )
    _write_part(needs, EVAL)
    for part, ids in parts.items():
        _write_part([n for n in needs if n.id in set(ids)], EVAL / part)
    record = {
        "seed": SEED,
        "tuning_share": TUNING_SHARE,
        "method": "within (topic, language) ordered by sha256(f'{seed}:{id}'); running quota over the strata",
        "counts": {"all": counts(needs), **{p: counts(needs, set(ids)) for p, ids in parts.items()}},
        **parts,
    }
    split_file.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return record


def check() -> None:
    """The generated files are exactly what needs.txt gives (nobody edited them by hand)."""
    needs = parse_source()
    stored = json.loads((EVAL / "split.json").read_text(encoding="utf-8"))
    parts = {p: stored[p] for p in ("tuning", "holdout")}
    if parts != split(needs):
        raise SourceError("split.json does not match the seeded split of needs.txt")
    for directory, chosen in [(EVAL, needs)] + [
        (EVAL / p, [n for n in needs if n.id in set(ids)]) for p, ids in parts.items()
    ]:
        expected = {n.id: n for n in chosen}
        queries = [
            json.loads(x) for x in (directory / "queries.jsonl").read_text(encoding="utf-8").splitlines()
        ]
        if [q["id"] for q in queries] != list(expected) or any(
            (q["text"], q["lang"], q["topic"])
            != (expected[q["id"]].text, expected[q["id"]].lang, expected[q["id"]].topic)
            for q in queries
        ):
            raise SourceError(f"{directory / 'queries.jsonl'} differs from needs.txt; run build")
        qrels: dict[str, dict[str, int]] = {}
        for row in (directory / "qrels.tsv").read_text(encoding="utf-8").splitlines():
            qid, sid, grade = row.split("\t")
            qrels.setdefault(qid, {})[sid] = int(grade)
        if qrels != {n.id: n.grades for n in chosen}:
            raise SourceError(f"{directory / 'qrels.tsv'} differs from needs.txt; run build")


def set_files(name: str, dev_dir: Path = DEV) -> tuple[Path, Path, Path]:
    """(catalog, queries, qrels) of a named set: tuning, holdout, or the 24-need dev set."""
    if name == "dev":
        return dev_dir / "catalog.jsonl", dev_dir / "queries.jsonl", dev_dir / "qrels.tsv"
    if name not in SETS:
        raise ValueError(f"unknown set {name!r}; use one of {', '.join(SETS)}")
    return EVAL / "catalog.jsonl", EVAL / name / "queries.jsonl", EVAL / name / "qrels.tsv"


def query_field(queries: Path, name: str) -> dict[str, str]:
    """id -> a field the matching loader ignores (topic), read straight from the JSON Lines."""
    out = {}
    for line in queries.read_text(encoding="utf-8").splitlines():
        if line.strip():
            obj = json.loads(line)
            if name in obj:
                out[str(obj["id"])] = obj[name]
    return out


def write_catalog(dev_dir: Path = DEV, ptv_file: Path = PTV) -> int:
    """The dev catalogue's texts unchanged (so results compare with it), plus each service's
    PTV classification (service classes, life events, target groups, ontology terms) for the
    methods that want extra views of a service."""
    raw = {gd["Id"]: gd for gd in json.loads(ptv_file.read_text(encoding="utf-8"))}
    sources = {
        "service_classes": "ServiceClass",
        "life_events": "LifeEvent",
        "target_groups": "TargetGroup",
        "ontology_terms": "OntologyTerm",
    }
    lines = []
    for rec in load_catalog_records(dev_dir / "catalog.jsonl"):
        gd = raw[rec["id"]]
        rec["ptv"] = {
            key: [{"uri": i["Key"], "name": i.get("Value") or ""} for i in gd.get(src) or [] if i.get("Key")]
            for key, src in sources.items()
        }
        lines.append(json.dumps(rec, ensure_ascii=False))
    (EVAL / "catalog.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("--resplit", action="store_true", help="allow the split to change (never after tuning)")
    sub.add_parser("check")
    sub.add_parser("stats")
    sub.add_parser("catalog")
    args = ap.parse_args()
    try:
        if args.cmd == "build":
            print(json.dumps(build(args.resplit)["counts"], indent=2))
        elif args.cmd == "check":
            check()
            print("ok")
        elif args.cmd == "stats":
            needs = parse_source()
            print(json.dumps(counts(needs), indent=2))
        else:
            print(f"{write_catalog()} services")
    except SourceError as exc:
        sys.exit(f"evalset: {exc}")


if __name__ == "__main__":
    main()
