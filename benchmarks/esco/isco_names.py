"""Second real-title check: Statistics Finland's Finnish occupation-group names → ESCO.

    .venv/bin/python benchmarks/esco/isco_names.py [--csv PATH] [--lemmatizer simplemma] [--misses]

Statistics Finland's table 1270 (`../shared/data/stats/data_ammatit_1270.csv`) names 417
ISCO-08 unit groups in Finnish as employment offices use them ("Sairaanhoitajat",
"Lastentarhanopettajat", "Henkilöstöhallinnon er. ja urasuunnittelijat"): plural, often two
occupations joined by "ja", sometimes abbreviated. None of it comes from ESCO or was seen
while the method was built, so it guards the title benchmark against over-fitting. The
label is the group code: a hit is a suggestion whose ESCO occupation sits in that ISCO
unit group (top-1, top-5) or in its 3-digit minor group (top-1). Residual groups ("Muut
...", not elsewhere classified) and groups with no ESCO occupation are left out.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from kohtaanto.matching.esco import EscoStore, Suggester  # noqa: E402
from kohtaanto.matching.esco.analysis import Analyzer  # noqa: E402

DEFAULT_CSV = ROOT.parent / "shared" / "data" / "stats" / "data_ammatit_1270.csv"
_NAME = re.compile(r"^(\d{4}) (.+)$")


def load(path: Path, groups: set[str]) -> list[tuple[str, str]]:
    """(ISCO unit group, Finnish name) for the groups that ESCO has occupations in."""
    with path.open(encoding="utf-8") as fh:
        names = {row["Ammattiryhma"] for row in csv.DictReader(fh)}
    out = []
    for name in sorted(names):
        m = _NAME.match(name)
        if m and m.group(1) in groups and not m.group(2).lower().startswith("muut"):
            out.append((m.group(1), m.group(2)))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--csv", default=str(DEFAULT_CSV))
    parser.add_argument("--lemmatizer", choices=("auto", "voikko", "simplemma"), default="auto")
    parser.add_argument("--no-dense", action="store_true")
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    path = Path(args.csv)
    if not path.exists():
        print(f"{path} not found (the shared reference data is not part of the repository)")
        return 1
    release = EscoStore().load()
    isco = {uri: occ.isco_group for uri, occ in release.occupations.items()}
    rows = load(path, set(isco.values()))
    suggester = Suggester(
        release, "occupation", Analyzer(args.lemmatizer), dense=False if args.no_dense else None
    )
    t0 = time.perf_counter()
    results = suggester.suggest([name for _, name in rows], top_k=5)
    ms = (time.perf_counter() - t0) * 1000 / max(len(rows), 1)
    top1 = [bool(r) and isco[r[0].uri] == code for (code, _), r in zip(rows, results, strict=True)]
    top5 = [any(isco[s.uri] == code for s in r) for (code, _), r in zip(rows, results, strict=True)]
    minor = [bool(r) and isco[r[0].uri][:3] == code[:3] for (code, _), r in zip(rows, results, strict=True)]
    n = max(len(rows), 1)
    report = {
        "names": len(rows),
        "lemmatizer": suggester.analyzer.backend,
        "dense": suggester.dense is not None,
        "ms_per_title": round(ms, 1),
        "unit_top1": round(sum(top1) / n, 3),
        "unit_top5": round(sum(top5) / n, 3),
        "minor_top1": round(sum(minor) / n, 3),
    }
    if args.json:
        print(json.dumps(report))
    else:
        print(" ".join(f"{k}={v}" for k, v in report.items()))
    if args.misses:
        for (code, name), r, hit in zip(rows, results, top1, strict=True):
            if not hit:
                got = " | ".join(f"{s.label} ({isco[s.uri]})" for s in r[:3])
                print(f"  miss {code} {name!r} -> {got}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
