"""Versioned on-disk store of imported ESCO releases (one gzip JSON file per version).

Several versions coexist in one directory (`esco-1.1.1.json.gz`, `esco-1.2.0.json.gz`),
so profiles tagged with an older version stay readable after an upgrade. The shipped
default lives in `kohtaanto/data/esco`; another folder is a parameter (the app passes KOHTAANTO_ESCO_DIR).
"""

from __future__ import annotations

import gzip
import json
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from .model import EscoRelease, Labels, Occupation, Skill

FORMAT = "kohtaanto-esco/1"
_NAME = re.compile(r"^esco-(?P<version>[0-9][0-9A-Za-z.\-]*)\.json\.gz$")


def default_dir() -> Path:
    """The shipped subset. Another folder is a parameter (the app passes KOHTAANTO_ESCO_DIR);
    the library never reads the environment."""
    return Path(__file__).resolve().parents[2] / "data" / "esco"


def _labels_out(labels: dict[str, Labels]) -> dict[str, list]:
    out = {}
    for lang, lab in labels.items():
        row: list = [lab.preferred]
        if lab.alt or lab.hidden:
            row.append(list(lab.alt))
        if lab.hidden:
            row.append(list(lab.hidden))
        out[lang] = row
    return out


def _labels_in(raw: dict[str, list]) -> dict[str, Labels]:
    return {
        lang: Labels(row[0], tuple(row[1]) if len(row) > 1 else (), tuple(row[2]) if len(row) > 2 else ())
        for lang, row in raw.items()
    }


def to_dict(release: EscoRelease) -> dict:
    occs = []
    for occ in release.occupations.values():
        item: dict = {"uri": occ.uri, "isco": occ.isco_group, "labels": _labels_out(occ.labels)}
        if occ.code:
            item["code"] = occ.code
        if occ.description:
            item["description"] = occ.description
        occs.append(item)
    skills = []
    for skill in release.skills.values():
        item = {"uri": skill.uri, "type": skill.skill_type, "labels": _labels_out(skill.labels)}
        if skill.reuse_level:
            item["reuse"] = skill.reuse_level
        if skill.description:
            item["description"] = skill.description
        skills.append(item)
    return {
        "format": FORMAT,
        "version": release.version,
        "sources": release.sources,
        "occupations": occs,
        "skills": skills,
        "isco_groups": release.isco_groups,
        "relations": {
            "occupation": release.rel_occupation.tolist(),
            "skill": release.rel_skill.tolist(),
            "essential": release.rel_essential.astype(np.int8).tolist(),
        },
    }


def from_dict(data: dict) -> EscoRelease:
    if data.get("format") != FORMAT:
        raise ValueError(f"not a {FORMAT} file (format={data.get('format')!r})")
    occupations = {
        o["uri"]: Occupation(
            o["uri"], o.get("isco", ""), o.get("code", ""), _labels_in(o["labels"]), o.get("description", {})
        )
        for o in data["occupations"]
    }
    skills = {
        s["uri"]: Skill(
            s["uri"], s.get("type", ""), s.get("reuse", ""), _labels_in(s["labels"]), s.get("description", {})
        )
        for s in data["skills"]
    }
    rel = data["relations"]
    return EscoRelease(
        version=data["version"],
        occupations=occupations,
        skills=skills,
        rel_occupation=np.asarray(rel["occupation"], dtype=np.int32),
        rel_skill=np.asarray(rel["skill"], dtype=np.int32),
        rel_essential=np.asarray(rel["essential"], dtype=bool),
        isco_groups=data.get("isco_groups", {}),
        sources=data.get("sources", []),
    )


def version_key(version: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"[.\-]", version))


class EscoStore:
    """A directory of `esco-<version>.json.gz` files."""

    def __init__(self, directory: str | Path | None = None) -> None:
        self.directory = Path(directory) if directory is not None else default_dir()

    def path(self, version: str) -> Path:
        return self.directory / f"esco-{version}.json.gz"

    def versions(self) -> list[str]:
        """Stored versions, oldest first."""
        if not self.directory.is_dir():
            return []
        found = [m.group("version") for p in self.directory.iterdir() if (m := _NAME.match(p.name))]
        return sorted(found, key=version_key)

    def save(self, release: EscoRelease) -> Path:
        """Write deterministically (mtime 0, sorted keys) so a rebuild gives the same bytes."""
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.path(release.version)
        payload = json.dumps(to_dict(release), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        tmp = path.with_suffix(".tmp")
        with open(tmp, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as gz:
            gz.write(payload.encode("utf-8"))
        tmp.replace(path)
        return path

    def load(self, version: str | None = None) -> EscoRelease:
        """A stored version, or the newest when `version` is None."""
        versions = self.versions()
        if not versions:
            raise FileNotFoundError(f"no ESCO release stored in {self.directory}")
        if version is None:
            version = versions[-1]
        elif version not in versions:
            raise FileNotFoundError(f"ESCO {version} not in {self.directory} (have: {', '.join(versions)})")
        return read_release(self.path(version))


def read_release(path: str | Path) -> EscoRelease:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return from_dict(json.load(handle))


@lru_cache(maxsize=4)
def load_default(version: str | None = None, directory: str | None = None) -> EscoRelease:
    """The release used by `suggest()`; loaded once per process."""
    return EscoStore(directory).load(version)
