"""Text analysis with Voikko and with the simplemma fallback."""

import pytest

from kohtaanto.matching.analysis import SimplemmaLemmatizer, TextAnalyzer, detect_language, voikko_available

needs_voikko = pytest.mark.skipif(not voikko_available(), reason="libvoikko / voikko-fi not installed")
BACKENDS = [pytest.param("voikko", marks=needs_voikko), "simplemma"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_finnish_inflected_forms_meet_at_the_lemma(backend):
    a = TextAnalyzer(backend)
    assert a.finnish_backend == backend
    assert "talous" in a.terms("talouden hallintaan", "fi")
    assert "lukio" in a.terms("lukion", "fi")
    assert "neuvonta" in a.terms("neuvontaa", "fi")


@pytest.mark.parametrize("backend", BACKENDS)
def test_finnish_compounds_are_split_into_parts(backend):
    terms = TextAnalyzer(backend).terms("Mielenterveyskuntoutuja tarvitsee päihdeongelmaan apua", "fi")
    assert "mielenterveyskuntoutuja" in terms
    assert "kuntoutuja" in terms
    assert "päihde" in terms and "ongelma" in terms


@pytest.mark.parametrize("backend", BACKENDS)
def test_hyphenated_coordination_borrows_the_head(backend):
    terms = TextAnalyzer(backend).terms("sosiaali- ja terveyspalveluja", "fi")
    assert "sosiaalipalvelu" in terms
    assert "terveyspalvelu" in terms


@pytest.mark.parametrize("backend", BACKENDS)
def test_function_words_are_not_terms(backend):
    terms = TextAnalyzer(backend).terms("Asiakas on ja ei ole", "fi")
    assert "ja" not in terms and "olla" not in terms and "ei" not in terms


def test_boilerplate_stopwords_are_optional():
    assert "asiakas" in TextAnalyzer("simplemma", boilerplate_stopwords=False).terms("asiakas", "fi")
    assert "asiakas" not in TextAnalyzer("simplemma", boilerplate_stopwords=True).terms("asiakas", "fi")


@needs_voikko
def test_voikko_keeps_alternative_readings_of_ambiguous_forms():
    terms = TextAnalyzer("voikko").terms("velkoja", "fi")
    assert "velka" in terms  # "debts" as well as "creditor"


def test_swedish_compound_splitter_drops_the_linking_s():
    parts = SimplemmaLemmatizer().split("missbruksproblem", "sv")
    assert parts == ("missbruk", "problem")


def test_swedish_and_english_lemmas():
    a = TextAnalyzer("simplemma")
    assert "företag" in a.terms("företagsrådgivning", "sv")
    assert "service" in a.terms("services", "en")


def test_token_offsets_point_into_the_text():
    text = "Nuori tarvitsee valmennusta."
    for tok in TextAnalyzer("simplemma").tokens(text, "fi"):
        assert text[tok.start : tok.end].lower() == tok.surface


def test_word_cache_round_trip(tmp_path):
    a = TextAnalyzer("simplemma")
    a.terms("velkaneuvonta auttaa", "fi")
    a.save_cache(tmp_path / "words.json")
    b = TextAnalyzer("simplemma")
    assert b.load_cache(tmp_path / "words.json") >= 2
    # a cache written by another analyser is ignored
    (tmp_path / "other.json").write_text('{"analyser": "fi=other", "words": {"fi": {"x": ["y", [], []]}}}')
    assert b.load_cache(tmp_path / "other.json") == 0
    assert b.load_cache(tmp_path / "missing.json") == 0


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Klienten behöver hjälp med sina missbruksproblem.", "sv"),
        ("The client needs coaching towards education.", "en"),
        ("Asiakas tarvitsee apua asunnon löytämiseen.", "fi"),
    ],
)
def test_language_detection(text, lang):
    assert detect_language(text) == lang
