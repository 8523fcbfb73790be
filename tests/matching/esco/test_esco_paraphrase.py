"""Paraphrases mined from ESCO's own labels: modifiers, heads, and what is left out."""

from __future__ import annotations

import numpy as np
import pytest

from kohtaanto.matching.esco import Suggester
from kohtaanto.matching.esco.analysis import Analyzer
from kohtaanto.matching.esco.lexical import LabelEntry
from kohtaanto.matching.esco.model import EscoRelease, Labels, Occupation
from kohtaanto.matching.esco.paraphrase import mine_head_rules, mine_rules

OCC = "http://data.europa.eu/esco/occupation/"


def entry(concept: int, *main: str) -> LabelEntry:
    return LabelEntry(concept, "fi", 0, " ".join(main), tuple(main), ())


def test_head_rules_need_support_in_two_concepts():
    entries = [
        entry(0, "sopimus", "asia", "tuntija"),
        entry(0, "sopimus", "vastaava"),
        entry(1, "tietosuoja", "asia", "tuntija"),
        entry(1, "tietosuoja", "vastaava"),
        entry(2, "kulta", "seppä"),  # a single concept: no rule
        entry(2, "kulta", "valaja"),
    ]
    rules = mine_head_rules(entries)
    assert rules[("fi", ("asia", "tuntija"))] == [("vastaava",)]
    assert rules[("fi", ("vastaava",))] == [("asia", "tuntija")]
    assert ("fi", ("seppä",)) not in rules


def test_modifier_rules_drop_a_rare_alternative_beside_the_usual_one():
    entries = [
        e
        for c in range(6)
        for e in (entry(c, "ict", f"x{c}", "päällikkö"), entry(c, "it", f"x{c}", "päällikkö"))
    ]
    entries += [entry(9, "ict", "arkkitehti"), entry(9, "verkko", "arkkitehti")]
    assert mine_rules(entries)[("fi", ("ict",))] == [("it",)]


def test_modifier_rules_found_inside_a_shared_modifier():
    entries = [entry(0, "hankinta", "osasto", "johtaja"), entry(0, "hankinta", "yksikkö", "johtaja")]
    assert mine_rules(entries)[("fi", ("yksikkö",))] == [("osasto",)]


def occupation(key: str, preferred: str, *alt: str) -> Occupation:
    return Occupation(OCC + key, "2423", labels={"fi": Labels(preferred, alt)})


@pytest.fixture(scope="module")
def experts() -> Suggester:
    occupations = [
        occupation("hr", "henkilöstösuunnittelija", "HR-vastaava", "henkilöstöpäällikkö"),
        occupation("contract", "sopimusvastaava", "sopimusasiantuntija"),
        occupation("privacy", "tietosuojavastaava", "tietosuoja-asiantuntija"),
        occupation("corrosion", "asiantuntija, korroosionsuojaus", "korroosioasiantuntija"),
        occupation("av", "av-asiantuntija"),
        occupation("dept", "osastonjohtaja", "osastopäällikkö"),
        occupation("purchasing", "hankintajohtaja", "hankintaosaston johtaja", "hankintayksikön johtaja"),
    ]
    release = EscoRelease(
        "0.0.1",
        {o.uri: o for o in occupations},
        {},
        np.zeros(0, np.int32),
        np.zeros(0, np.int32),
        np.zeros(0, bool),
    )
    return Suggester(release, "occupation", Analyzer("simplemma"), dense=False)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("HR-asiantuntijoita (2 kpl), Vantaan kaupunki", "hr"),  # no label says HR-asiantuntija
        ("Tietosuoja-asiantuntija", "privacy"),  # a label says it: direct match
        ("yksikön päällikkö", "dept"),  # yksikkö ~ osasto, päällikkö ~ johtaja
    ],
)
def test_titles_read_through_mined_paraphrases(experts: Suggester, title: str, expected: str):
    ranked = experts.suggest([title], top_k=3)[0]
    assert ranked and ranked[0].uri == OCC + expected, [s.label for s in ranked]


def test_first_three_suggestions_span_two_isco_groups():
    def occ(key: str, group: str, label: str) -> Occupation:
        return Occupation(OCC + key, group, labels={"fi": Labels(label)})

    occupations = [
        occ("u1", "2310", "lehtori, hoitotyö"),
        occ("u2", "2310", "lehtori, yliopistot"),
        occ("u3", "2310", "lehtori, teatterikorkeakoulu"),
        occ("s1", "2330", "kirjallisuuden lehtori, yläluokat ja lukio"),
    ]
    release = EscoRelease(
        "0.0.1",
        {o.uri: o for o in occupations},
        {},
        np.zeros(0, np.int32),
        np.zeros(0, np.int32),
        np.zeros(0, bool),
    )
    suggester = Suggester(release, "occupation", Analyzer("simplemma"), dense=False)
    ranked = [s.uri.removeprefix(OCC) for s in suggester.suggest(["lehtori"], top_k=4)[0]]
    assert ranked[2] == "s1" and set(ranked) == {"u1", "u2", "u3", "s1"}, ranked
