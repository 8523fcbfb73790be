"""Shared fixtures: a small hand-written catalogue (fi/sv/en) and helpers."""

from __future__ import annotations

import json

import numpy as np
import pytest

from kohtaanto.matching.encoders import HashingEncoder
from kohtaanto.matching.types import ServiceDocument

CATALOG = [
    {
        "id": "debt",
        "name": {
            "fi": "Talous- ja velkaneuvonta",
            "sv": "Ekonomi- och skuldrådgivning",
            "en": "Debt counselling",
        },
        "summary": {
            "fi": "Neuvontaa velkaantuneille ja maksuvaikeuksissa oleville.",
            "sv": "Rådgivning för skuldsatta personer.",
            "en": "Advice for people in debt.",
        },
        "description": {
            "fi": "Velkaneuvoja auttaa laatimaan maksusuunnitelman. Maksuhäiriömerkinnän saanut voi hakea apua.",
            "sv": "Skuldrådgivaren hjälper att göra upp en betalningsplan.",
            "en": "The debt counsellor helps to draw up a repayment plan.",
        },
    },
    {
        "id": "youth",
        "name": {"fi": "Nuorten työpajat", "sv": "Ungdomsverkstäder", "en": "Youth workshops"},
        "summary": {
            "fi": "Työpajoissa nuori saa valmennusta koulutukseen ja työhön.",
            "sv": "Ungdomar får coachning.",
        },
        "description": {
            "fi": "Työpajatoiminta on tarkoitettu alle 29-vuotiaille nuorille, jotka ovat vailla opiskelupaikkaa."
        },
        "min_age": 16,
        "max_age": 29,
        "status": "published",
    },
    {
        "id": "housing",
        "name": {"fi": "Asunnottomien palveluohjaus", "sv": "Servicehandledning för bostadslösa"},
        "summary": {"fi": "Ohjausta asunnon löytämiseen asunnottomille."},
        "description": {
            "fi": "Palveluohjaaja auttaa asunnottomia hakemaan vuokra-asuntoa ja tukea asumiseen."
        },
        "municipalities": ["091"],
        "locations": [{"name": "Kallio", "lat": 60.184, "lon": 24.95}],
        "channels": ["in_person"],
    },
    {
        "id": "startup",
        "name": {
            "fi": "Yrityksen perustajan neuvonta",
            "sv": "Rådgivning för företagsgrundare",
            "en": "Advice for startups",
        },
        "summary": {
            "fi": "Neuvontaa yritystoiminnan aloittamiseen.",
            "sv": "Rådgivning för den som vill starta företag.",
        },
        "description": {
            "fi": "Yritysneuvoja auttaa liiketoimintasuunnitelman laatimisessa ja toiminimen perustamisessa."
        },
        "required_finnish_level": "B1",
        "locations": [{"name": "Tampere", "lat": 61.4978, "lon": 23.761}],
        "channels": ["in_person", "online"],
    },
    {
        "id": "coaching",
        "name": {"fi": "Työnhakuvalmennus", "en": "Job search coaching"},
        "summary": {"fi": "Valmennusta työnhakuun ja ansioluettelon tekemiseen."},
        "description": {"fi": "Valmennuksessa harjoitellaan työhaastattelua ja tehdään ansioluettelo."},
        "target_groups": ["immigrants"],
        "available_places": 0,
        "locations": [{"name": "Pasila", "lat": 60.199, "lon": 24.934}],
    },
    {
        "id": "draft",
        "name": {"fi": "Velkaneuvonnan luonnos"},
        "summary": {"fi": "Keskeneräinen kuvaus velkaneuvonnasta."},
        "status": "draft",
    },
]


@pytest.fixture
def catalog_records():
    return json.loads(json.dumps(CATALOG))


@pytest.fixture
def docs(catalog_records):
    return [ServiceDocument.from_dict(r) for r in catalog_records]


class CountingEncoder(HashingEncoder):
    """A fast stand-in encoder that records which passages it was asked to encode."""

    name = "counting-hash"

    def __init__(self) -> None:
        super().__init__(dim=64)
        self.passages: list[str] = []
        self.queries: list[str] = []

    def encode_passages(self, texts):
        self.passages.extend(texts)
        return super().encode_passages(texts)

    def encode_queries(self, texts):
        self.queries.extend(texts)
        return super().encode_queries(texts)


@pytest.fixture
def counting_encoder():
    return CountingEncoder()


def assert_unit_rows(m: np.ndarray) -> None:
    assert np.allclose(np.linalg.norm(m, axis=1), 1.0, atol=1e-4)
