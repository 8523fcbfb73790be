"""Rebuild kohtaanto/data/areas/profiles.json, the shipped labour-market profiles of the
areas the generator knows, from Statistics Finland's table 1001 in the shared data.

Usage: .venv/bin/python scripts/area_profiles.py [STATS_DIR]   (default ../shared/data/stats)
"""

from __future__ import annotations

import sys
from pathlib import Path

from kohtaanto.synthetic.areas import AREAS
from kohtaanto.synthetic.profile import SHIPPED, write_shipped

REPO = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    stats = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "data" / "stats"
    doc = write_shipped(sorted(AREAS.values()), stats)
    print(f"{len(doc['profiles'])} profiles written to {SHIPPED.relative_to(REPO)}")
