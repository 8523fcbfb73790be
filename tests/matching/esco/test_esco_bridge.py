"""Finnish text reaches English-only ESCO skills through the Finnish occupations."""

from __future__ import annotations

import numpy as np
import pytest

from kohtaanto.matching.analysis import TextAnalyzer
from kohtaanto.matching.esco.bridge import OccupationBridge
from kohtaanto.matching.esco.model import EscoRelease, Labels, Occupation, Skill

OCC = "http://data.europa.eu/esco/occupation/"
SKILL = "http://data.europa.eu/esco/skill/"


def _release() -> EscoRelease:
    def occ(key: str, fi: str, en: str, fi_desc: str, en_desc: str) -> Occupation:
        return Occupation(
            OCC + key,
            labels={"fi": Labels(fi), "en": Labels(en)},
            description={"fi": fi_desc, "en": en_desc},
        )

    occupations = [
        occ(
            "cashier",
            "kassanhoitaja",
            "cashier",
            "Kassanhoitajat käsittelevät kassaa ja rahaa.",
            "Cashiers operate the cash register and handle money.",
        ),
        occ(
            "shop",
            "myyjä",
            "shop assistant",
            "Myyjät palvelevat asiakkaita kaupan kassalla.",
            "Shop assistants serve customers at the cash desk.",
        ),
        occ(
            "cleaner",
            "siivooja",
            "cleaner",
            "Siivoojat siivoavat toimistoja.",
            "Cleaners clean offices and rooms.",
        ),
        occ("cook", "kokki", "cook", "Kokit valmistavat ruokaa.", "Cooks prepare food in kitchens."),
        occ(
            "nurse",
            "sairaanhoitaja",
            "nurse",
            "Sairaanhoitajat hoitavat potilaita.",
            "Nurses care for patients.",
        ),
    ]
    skills = [
        Skill(SKILL + "cash", labels={"en": Labels("operate cash register")}),
        Skill(SKILL + "clean", labels={"en": Labels("clean rooms")}),
        Skill(SKILL + "food", labels={"en": Labels("prepare food")}),
        Skill(SKILL + "care", labels={"en": Labels("care for patients")}),
    ]
    links = [(0, 0, True), (1, 0, True), (2, 1, True), (3, 2, True), (4, 3, True), (1, 1, False)]
    return EscoRelease(
        version="test",
        occupations={o.uri: o for o in occupations},
        skills={s.uri: s for s in skills},
        rel_occupation=np.array([o for o, _, _ in links], dtype=np.int32),
        rel_skill=np.array([s for _, s, _ in links], dtype=np.int32),
        rel_essential=np.array([e for _, _, e in links], dtype=bool),
    )


@pytest.fixture(scope="module")
def bridge() -> OccupationBridge:
    return OccupationBridge(_release(), TextAnalyzer("simplemma"))


def test_finnish_phrase_reaches_the_skills_of_its_occupations(bridge):
    scores = bridge.skill_scores("kassanhoitaja")
    assert int(np.argmax(scores)) == 0  # operate cash register
    assert scores.max() == pytest.approx(1.0)


def test_lexicon_mines_english_counterparts_from_aligned_descriptions(bridge):
    english = dict(bridge._lexicon.english("kassa"))
    assert "cash" in english
    translated = bridge.translated_scores("kassa")
    assert int(np.argmax(translated)) == 0


def test_text_without_known_words_gives_no_evidence(bridge):
    assert not bridge.skill_scores("").any()
    assert not bridge.translated_scores("xyzzy qwerty").any()
