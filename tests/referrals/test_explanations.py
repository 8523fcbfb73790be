"""'Why this service?' in plain language, with the score as a band (issue 18, item 9)."""

from __future__ import annotations

import pytest
from django.utils import translation

from kohtaanto.referrals.explain import explanation_sentences, relevance_band
from tests.referrals.test_referrals import NEED, world  # noqa: F401 - fixture

DEBUG = {
    "filters": [
        {"name": "status", "state": "passed", "detail": "published"},
        {"name": "age", "state": "passed", "detail": "age 23, limits 17-"},
        {"name": "municipality", "state": "passed", "detail": "client in 091, service for 091"},
        {"name": "capacity", "state": "passed", "detail": "5 places free"},
    ],
    "preferences": [{"name": "distance", "from": "home", "km": 2.345, "location": "Pasila", "bonus": 0.2}],
}


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "The client's age is within the service's age limits."),
        ("fi", "Asiakkaan ikä on palvelun ikärajojen sisällä."),
        ("sv", "Kundens ålder ryms inom tjänstens åldersgränser."),
    ],
)
def test_explanation_is_sentences_not_debug_lines(lang, expected):
    with translation.override(lang):
        text = " ".join(explanation_sentences(DEBUG))
    assert expected in text
    for debug in ("status", "published", "age 23", "limits 17", "091", "0.2"):
        assert debug not in text
    assert "Pasila" in text and "2.3" in text


def test_score_bands():
    with translation.override("en"):
        assert [relevance_band(s)[1] for s in (5.1, 3.0, 0.4)] == [
            "strong match",
            "good match",
            "possible match",
        ]


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_suggestion_page_shows_band_and_sentences(client, world, lang):  # noqa: F811
    client.force_login(world["worker"])
    r = client.post(f"/clients/{world['client'].pk}/match/", {"need": NEED}, HTTP_ACCEPT_LANGUAGE=lang)
    html = r.content.decode()
    assert r.status_code == 200
    assert "<li>status:" not in html and "<li>capacity:" not in html and "<li>age:" not in html
    assert '<ul class="reasons"><li>' in html
    assert '<details class="score">' in html and 'class="band band-' in html
