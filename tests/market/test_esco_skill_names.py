"""Skill names in the reader's language where ESCO has one; otherwise English, marked."""

from __future__ import annotations

from django.template import Context, Template
from django.utils import translation

from kohtaanto.market.display import entry_text
from kohtaanto.market.escodata import esco
from kohtaanto.matching.esco import Labels

from .esco_fixture import CARE, FIRST_AID


def _render(uri: str, fallback: str = "") -> str:
    return Template("{% load esco_tags %}{% esco_skill uri fallback %}").render(
        Context({"uri": uri, "fallback": fallback})
    )


def test_english_only_skill_is_marked_on_a_finnish_page():
    with translation.override("fi"):
        html = _render(CARE)
    assert '<span lang="en">patient care</span>' in html
    assert "(englanniksi)" in html


def test_english_page_shows_the_plain_label():
    with translation.override("en"):
        assert _render(CARE) == "patient care"


def test_a_label_in_the_readers_language_is_used_unmarked():
    skill = esco().release.skills[FIRST_AID]
    skill.labels["sv"] = Labels("ge första hjälpen")
    try:
        with translation.override("sv"):
            assert _render(FIRST_AID) == "ge första hjälpen"
    finally:
        del skill.labels["sv"]


def test_unknown_uri_falls_back_to_the_stored_label_escaped():
    with translation.override("fi"):
        assert _render("http://example.org/x", "<b>oma</b>") == "&lt;b&gt;oma&lt;/b&gt;"


def test_profile_entry_names_the_skill_in_the_page_language_or_marks_english():
    item = {"uri": CARE, "label": "patient care"}
    with translation.override("fi"):
        assert entry_text("skills", item) == "patient care (englanniksi)"
    with translation.override("en"):
        assert entry_text("skills", item) == "patient care"
        assert entry_text("skills", {"label": "oma taito"}) == "oma taito (not matched to ESCO)"
