"""One Finnish analyser for the service matcher and the ESCO suggester, with bounded caches."""

from __future__ import annotations

import pytest

from kohtaanto.matching import morphology
from kohtaanto.matching.analysis import TextAnalyzer
from kohtaanto.matching.esco.analysis import Analyzer
from kohtaanto.matching.morphology import BoundedCache, finnish_backend


def test_bounded_cache_evicts_oldest_and_never_grows_past_its_bound():
    cache: BoundedCache[int, int] = BoundedCache(16)
    for i in range(100):
        cache[i] = i * i
        assert len(cache) <= 16
    assert cache.get(99) == 99 * 99
    assert cache.get(0) is None  # the oldest went first
    cache[99] = 1  # overwriting a present key evicts nothing
    assert cache.get(99) == 1


def test_bounded_cache_rejects_a_useless_bound():
    with pytest.raises(ValueError):
        BoundedCache(0)


def test_word_caches_are_bounded():
    for fn in (morphology.sm_lemma, morphology.sm_known):
        assert fn.cache_info().maxsize == morphology.WORD_CACHE_SIZE
    text = TextAnalyzer("simplemma")
    assert text._cache.maxsize == morphology.WORD_CACHE_SIZE
    assert text._tokens_lru.maxsize <= 2048
    esco = Analyzer("simplemma")
    assert esco._cache.maxsize == morphology.WORD_CACHE_SIZE


def test_both_callers_resolve_the_same_backend():
    assert TextAnalyzer("auto").finnish_backend == Analyzer("auto").backend == finnish_backend("auto")
    assert TextAnalyzer("simplemma").finnish_backend == Analyzer("simplemma").backend == "simplemma"
    with pytest.raises(ValueError):
        finnish_backend("hunspell")
    with pytest.raises(ValueError):
        Analyzer("hunspell")


def test_one_voikko_handle_serves_both_callers():
    shared = morphology.voikko()
    if shared is None:
        pytest.skip("Voikko (libvoikko + voikko-fi) not installed")
    assert Analyzer("voikko")._voikko is shared
    assert morphology.voikko() is shared
    assert shared.analyze.cache_info().maxsize == morphology.WORD_CACHE_SIZE


@pytest.mark.parametrize("backend", ["auto", "simplemma"])
def test_both_callers_agree_on_compound_parts(backend):
    """The same word gets the same lemma from both views of the analyser."""
    text = TextAnalyzer(backend)
    esco = Analyzer(backend)
    for word in ("sairaanhoitaja", "kotihoito", "asiakaspalvelu"):
        assert text.tokens(word, "fi")[0].lemma == esco.word(word, "fi").lemma
