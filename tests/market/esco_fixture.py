"""A hand-made ESCO release (5 occupations, 10 skills) and a fake suggester, so market
tests are fast and their expected numbers can be worked out by hand."""

from __future__ import annotations

import numpy as np

from kohtaanto.market.escodata import EscoData
from kohtaanto.matching.esco import EscoRelease, Labels, Occupation, Skill

OCC = "http://data.europa.eu/esco/occupation/"
SKL = "http://data.europa.eu/esco/skill/"
NURSE, PRACTICAL, DEVELOPER, DRIVER, CLEANER = (
    OCC + x for x in ("nurse", "practical", "developer", "driver", "cleaner")
)
CARE, FIRST_AID, MEDICATION, WOUNDS, HYGIENE = (
    SKL + x for x in ("care", "aid", "medication", "wounds", "hygiene")
)
JAVA, SQL, DEBUG, BUS, SURFACES = (SKL + x for x in ("java", "sql", "debug", "bus", "surfaces"))

OCCUPATIONS = {
    NURSE: ("2221", "sairaanhoitaja", "nurse", [CARE, FIRST_AID, MEDICATION], [WOUNDS]),
    PRACTICAL: ("5321", "lähihoitaja", "practical nurse", [CARE, FIRST_AID, HYGIENE], []),
    DEVELOPER: ("2512", "ohjelmistokehittäjä", "software developer", [JAVA, SQL, DEBUG], []),
    DRIVER: ("8331", "linja-autonkuljettaja", "bus driver", [BUS, FIRST_AID], []),
    CLEANER: ("9112", "siivooja", "cleaner", [HYGIENE, SURFACES], []),
}
SKILLS = {
    CARE: ("patient care", ()),
    FIRST_AID: ("provide first aid", ()),
    MEDICATION: ("administer medication", ()),
    WOUNDS: ("wound care", ()),
    HYGIENE: ("hygiene practices", ()),
    JAVA: ("Java (computer programming)", ("Java",)),
    SQL: ("SQL", ()),
    DEBUG: ("debug software", ()),
    BUS: ("drive a bus", ()),
    SURFACES: ("clean surfaces", ()),
}


def release() -> EscoRelease:
    occs = {
        uri: Occupation(uri, isco, f"{isco}.1", {"fi": Labels(fi), "en": Labels(en)})
        for uri, (isco, fi, en, _e, _o) in OCCUPATIONS.items()
    }
    skills = {
        uri: Skill(uri, "skill/competence", "", {"en": Labels(label, alt)})
        for uri, (label, alt) in SKILLS.items()
    }
    o_pos = {u: i for i, u in enumerate(occs)}
    s_pos = {u: i for i, u in enumerate(skills)}
    rel = [(o_pos[o], s_pos[s], True) for o, v in OCCUPATIONS.items() for s in v[3]]
    rel += [(o_pos[o], s_pos[s], False) for o, v in OCCUPATIONS.items() for s in v[4]]
    groups = {
        code: {"en": f"group {code}"} for v in OCCUPATIONS.values() for code in (v[0][:1], v[0][:2], v[0])
    }
    return EscoRelease(
        "test",
        occs,
        skills,
        np.array([r[0] for r in rel], np.int32),
        np.array([r[1] for r in rel], np.int32),
        np.array([r[2] for r in rel], bool),
        isco_groups=groups,
    )


class _S:
    def __init__(self, uri: str, label: str, score: float):
        self.uri, self.label, self.score = uri, label, score


def fake_suggest(texts: list[str], kind: str, top_k: int) -> list[list]:
    """Concepts whose label occurs in the text (score 2), else nothing."""
    out = []
    for text in texts:
        low = text.lower()
        if kind == "occupation":
            hits = [_S(u, v[1], 2.0) for u, v in OCCUPATIONS.items() if v[1] in low or v[2] in low]
        else:
            hits = [_S(u, v[0], 2.0) for u, v in SKILLS.items() if v[0].lower() in low]
        out.append(hits[:top_k])
    return out


def esco_data() -> EscoData:
    return EscoData(release(), suggester=fake_suggest)
