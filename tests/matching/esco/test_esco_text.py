"""Noise normalisation of job-ad titles and word analysis (Voikko and simplemma paths)."""

from __future__ import annotations

from kohtaanto.matching.esco.analysis import Analyzer
from kohtaanto.matching.esco.text import normalize, segments


def test_counts_gender_markers_and_numbers_are_removed():
    assert normalize("Myyjiä (3 kpl)") == "myyjiä"
    assert normalize("Kokki 2 kpl, Helsinki") == "kokki , helsinki"
    assert normalize("Software Engineer (m/f/d)") == "software engineer"
    assert normalize("Developer (M/W/D) 100 %") == "developer"
    assert normalize("Lääkäri h/m, 1.1.2025 alkaen") == "lääkäri , alkaen"


def test_segments_split_employer_place_and_alternatives():
    assert segments("Sairaanhoitaja (2 kpl), Koskelan kotihoito / Helsingin kaupunki") == [
        ["sairaanhoitaja"],
        ["koskelan", "kotihoito"],
        ["helsingin", "kaupunki"],
    ]
    assert segments("terveydenhoitaja/kätilö") == [["terveydenhoitaja"], ["kätilö"]]
    assert segments("Asentaja – Oy Esimerkki Ab") == [["asentaja"], ["esimerkki"]]


def test_contract_terms_and_recruiting_words_are_noise():
    assert segments("Määräaikainen myyjä, sijaisuus") == [["myyjä"]]
    assert segments("Haemme: kokki (vakituinen)") == [["kokki"]]
    assert segments("Part-time cleaner, temporary") == [["cleaner"]]


def test_swedish_and_english_post_modifiers_start_a_segment():
    assert segments("lärare inom specialundervisning") == [["lärare"], ["specialundervisning"]]
    assert segments("Head of Finance") == [["head"], ["finance"]]


def test_inflected_and_plural_finnish_reduce_to_compound_parts(analyzer: Analyzer):
    plain = analyzer.word("sairaanhoitaja", "fi").parts
    assert analyzer.word("sairaanhoitajia", "fi").parts == plain
    assert analyzer.word("sairaanhoitajiksi", "fi").parts == plain
    closed = analyzer.word("lastentarhanopettajat", "fi").parts
    open_ = analyzer.word("lastentarhan", "fi").parts + analyzer.word("opettaja", "fi").parts
    assert closed == open_
    assert closed[-1] == "opettaja"


def test_voikko_marks_place_names_and_contract_compounds():
    try:
        a = Analyzer("voikko")
    except RuntimeError:
        import pytest

        pytest.skip("Voikko not installed")
    assert a.word("espoon", "fi").proper
    assert not a.word("kotihoito", "fi").proper
    assert a.word("äitiyslomasijaisuus", "fi").noise
    assert a.word("opettajatar", "fi").parts == ("opettaja",)  # feminine form
    assert a.word("esimies", "fi").parts == a.word("esihenkilö", "fi").parts  # gendered form


def test_swedish_words_are_read_through_the_lexicon(analyzer: Analyzer):
    nurse = analyzer.word("sairaanhoitaja", "fi").parts
    assert analyzer.translate_sv("sjuksköterskor").parts == nurse  # plural, Sweden-Swedish
    assert analyzer.translate_sv("sjukskötarna").parts == nurse  # definite plural, Finland-Swedish
    assert analyzer.translate_sv("hemvården").parts == analyzer.word("kotihoito", "fi").parts
    assert analyzer.translate_sv("forsby") is None


def test_english_plural_and_gendered_forms(analyzer: Analyzer):
    assert analyzer.word("nurses", "en").parts == ("nurse",)
    assert analyzer.word("salesmen", "en").parts == analyzer.word("salesperson", "en").parts
    assert analyzer.word("waitresses", "en").parts == ("waiter",)
    assert analyzer.word("duties", "en").parts == ("duty",)


def test_backend_choice_is_explicit():
    import pytest

    with pytest.raises(ValueError):
        Analyzer("spacy")
    assert Analyzer("simplemma").backend == "simplemma"
