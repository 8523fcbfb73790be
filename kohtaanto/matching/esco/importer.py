"""Read official ESCO CSV packages (zip files, folders or single CSV files) in any language.

ESCO publishes one "classification" package per language (occupations_<lang>.csv,
skills_<lang>.csv, ISCOGroups_<lang>.csv, ...) and a language-neutral relations package
(occupationSkillRelations.csv; from v1.2 it carries a language suffix). We recognise the
files by name, so any mix of languages and packages can be merged into one release.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .model import EscoRelease, Labels, Occupation, Skill

csv.field_size_limit(1 << 24)

_MEMBER = re.compile(
    r"(?:^|/)(?P<kind>occupations|skills|ISCOGroups|occupationSkillRelations)(?:_(?P<lang>[a-z]{2,3}))?\.csv$",
    re.IGNORECASE,
)
_VERSION = re.compile(r"v(\d+(?:\.\d+)+)", re.IGNORECASE)
REQUIRED = {
    "occupations": ("conceptUri", "preferredLabel"),
    "skills": ("conceptUri", "preferredLabel"),
    "ISCOGroups": ("code", "preferredLabel"),
    "occupationSkillRelations": ("occupationUri", "relationType", "skillUri"),
}


class EscoImportError(ValueError):
    """The input is not an ESCO CSV package we can read (missing files or columns)."""


@dataclass(frozen=True)
class _Member:
    origin: str  # the zip, folder or file the user gave
    name: str  # file name inside it
    kind: str
    lang: str | None
    version: str | None
    opener: Callable[[], Any]  # () -> text stream, or a context manager giving one


def detect_version(name: str) -> str | None:
    """ESCO version from a package name such as 'esco_v1.1.1_classification_en_csv.zip'."""
    match = _VERSION.search(Path(name).name)
    return match.group(1) if match else None


def _members(path: Path) -> Iterator[_Member]:
    version = detect_version(path.name)
    if path.is_dir():
        for child in sorted(path.iterdir()):
            if child.name.startswith("."):
                continue
            yield from _members(child) if child.is_dir() or child.suffix == ".zip" else _file(child, version)
    elif path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
        for name in names:
            match = _MEMBER.search(name)
            if match:

                @contextlib.contextmanager
                def opener(name: str = name) -> Iterator[io.TextIOBase]:
                    with zipfile.ZipFile(path) as zf, zf.open(name) as raw:
                        yield io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")

                kind = _canonical_kind(match.group("kind"))
                yield _Member(str(path), name, kind, match.group("lang"), version, opener)
    else:
        yield from _file(path, version)


def _file(path: Path, version: str | None) -> Iterator[_Member]:
    match = _MEMBER.search(path.name)
    if not match:
        return

    def opener() -> io.TextIOBase:
        return open(path, encoding="utf-8-sig", newline="")

    kind = _canonical_kind(match.group("kind"))
    yield _Member(
        str(path), path.name, kind, match.group("lang"), version or detect_version(path.name), opener
    )


def _canonical_kind(kind: str) -> str:
    for known in REQUIRED:
        if known.lower() == kind.lower():
            return known
    return kind


def _split(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    seen: dict[str, None] = {}
    for part in value.split("\n"):
        part = part.strip()
        if part:
            seen.setdefault(part, None)
    return tuple(seen)


def _rows(member: _Member) -> Iterator[dict[str, str]]:
    with member.opener() as handle:
        reader = csv.DictReader(handle)
        missing = [col for col in REQUIRED[member.kind] if col not in (reader.fieldnames or [])]
        if missing:
            raise EscoImportError(f"{member.origin}:{member.name}: missing column(s) {', '.join(missing)}")
        yield from reader


def import_packages(
    paths: Iterable[str | Path], version: str | None = None, languages: Iterable[str] | None = None
) -> EscoRelease:
    """Merge ESCO CSV packages into one release.

    `version` overrides the version found in package names; `languages` limits which
    language files are read (default: all found).
    """
    wanted = set(languages) if languages else None
    members: list[_Member] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise EscoImportError(f"{path}: no such file or directory")
        members.extend(m for m in _members(path) if m.lang is None or wanted is None or m.lang in wanted)
    if not any(m.kind == "occupations" for m in members):
        raise EscoImportError("no occupations_<lang>.csv found in " + ", ".join(map(str, paths)))
    found = sorted({m.version for m in members if m.version}, key=_version_key)
    if version is None:
        if not found:
            raise EscoImportError("cannot tell the ESCO version from the file names; pass a version")
        version = found[-1]

    occupations: dict[str, Occupation] = {}
    skills: dict[str, Skill] = {}
    isco: dict[str, dict[str, str]] = {}
    pairs: dict[tuple[str, str], bool] = {}
    sources: list[dict] = []
    order = {"occupations": 0, "skills": 1, "ISCOGroups": 2, "occupationSkillRelations": 3}
    for member in sorted(members, key=lambda m: (order[m.kind], m.lang or "", m.name)):
        count = 0
        for row in _rows(member):
            count += 1
            if member.kind == "occupations":
                _add_occupation(occupations, row, member.lang or "en")
            elif member.kind == "skills":
                _add_skill(skills, row, member.lang or "en")
            elif member.kind == "ISCOGroups":
                isco.setdefault(row["code"].strip(), {})[member.lang or "en"] = row["preferredLabel"].strip()
            else:
                key = (row["occupationUri"].strip(), row["skillUri"].strip())
                essential = row["relationType"].strip().lower() == "essential"
                pairs[key] = pairs.get(key, False) or essential
        sources.append(
            {
                "origin": Path(member.origin).name,
                "file": member.name,
                "kind": member.kind,
                "lang": member.lang,
                "version": member.version,
                "rows": count,
            }
        )
    return _assemble(version, occupations, skills, isco, pairs, sources)


def _add_occupation(occupations: dict[str, Occupation], row: dict[str, str], lang: str) -> None:
    uri = row["conceptUri"].strip()
    occ = occupations.get(uri)
    if occ is None:
        occ = occupations[uri] = Occupation(uri=uri)
    occ.isco_group = occ.isco_group or (row.get("iscoGroup") or "").strip()
    occ.code = occ.code or (row.get("code") or "").strip()
    occ.labels[lang] = Labels(
        row["preferredLabel"].strip(), _split(row.get("altLabels")), _split(row.get("hiddenLabels"))
    )
    if (row.get("description") or "").strip():
        occ.description[lang] = row["description"].strip()


def _add_skill(skills: dict[str, Skill], row: dict[str, str], lang: str) -> None:
    uri = row["conceptUri"].strip()
    skill = skills.get(uri)
    if skill is None:
        skill = skills[uri] = Skill(uri=uri)
    skill.skill_type = skill.skill_type or (row.get("skillType") or "").strip()
    skill.reuse_level = skill.reuse_level or (row.get("reuseLevel") or "").strip()
    skill.labels[lang] = Labels(
        row["preferredLabel"].strip(), _split(row.get("altLabels")), _split(row.get("hiddenLabels"))
    )
    if (row.get("description") or "").strip():
        skill.description[lang] = row["description"].strip()


def _assemble(
    version: str,
    occupations: dict[str, Occupation],
    skills: dict[str, Skill],
    isco: dict[str, dict[str, str]],
    pairs: dict[tuple[str, str], bool],
    sources: list[dict],
) -> EscoRelease:
    occ_pos = {uri: i for i, uri in enumerate(occupations)}
    skill_pos = {uri: i for i, uri in enumerate(skills)}
    kept = [(occ_pos[o], skill_pos[s], e) for (o, s), e in pairs.items() if o in occ_pos and s in skill_pos]
    arr = np.array(kept, dtype=np.int32).reshape(-1, 3)
    return EscoRelease(
        version=version,
        occupations=occupations,
        skills=skills,
        rel_occupation=arr[:, 0].copy(),
        rel_skill=arr[:, 1].copy(),
        rel_essential=arr[:, 2].astype(bool),
        isco_groups=isco,
        sources=sources,
    )


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split(".") if p.isdigit())


def subset(
    release: EscoRelease,
    occupation_langs: Iterable[str] = ("fi",),
    keep_langs: Iterable[str] = ("fi", "en"),
    skill_langs: Iterable[str] = ("en",),
    skill_descriptions: bool = False,
) -> EscoRelease:
    """The occupations labelled in `occupation_langs`, the skills they reference and their links.

    This is how the shipped default is cut from the full packages: every Finnish
    occupation with its Finnish and English labels, and English-labelled skills.
    """
    need = set(occupation_langs)
    keep = set(keep_langs)
    occs: dict[str, Occupation] = {}
    for uri, occ in release.occupations.items():
        if need & set(occ.labels):
            occs[uri] = Occupation(
                uri,
                occ.isco_group,
                occ.code,
                {k: v for k, v in occ.labels.items() if k in keep},
                {k: v for k, v in occ.description.items() if k in keep},
            )
    occ_mask = np.array([uri in occs for uri in release.occupation_uris], dtype=bool)
    rows = occ_mask[release.rel_occupation] if len(release.rel_occupation) else np.zeros(0, bool)
    used = {release.skill_uris[i] for i in np.unique(release.rel_skill[rows])}
    slangs = set(skill_langs)
    skills = {
        uri: Skill(
            uri,
            s.skill_type,
            s.reuse_level,
            {k: v for k, v in s.labels.items() if k in slangs},
            {k: v for k, v in s.description.items() if k in slangs} if skill_descriptions else {},
        )
        for uri, s in release.skills.items()
        if uri in used
    }
    pairs = {
        (release.occupation_uris[o], release.skill_uris[s]): bool(e)
        for o, s, e in zip(
            release.rel_occupation[rows], release.rel_skill[rows], release.rel_essential[rows], strict=True
        )
    }
    isco = {
        code: {k: v for k, v in labels.items() if k in keep} for code, labels in release.isco_groups.items()
    }
    return _assemble(release.version, occs, skills, isco, pairs, release.sources)
