"""The embedding cache: content-hash keys, re-encoding only what changed, persistence."""

from dataclasses import replace

import numpy as np

from kohtaanto.matching.dense import DenseIndex, EmbeddingCache
from kohtaanto.matching.matcher import Matcher, MatcherConfig
from kohtaanto.matching.passages import chunk_sentences, passages, sentences

from .conftest import CountingEncoder, assert_unit_rows


def test_cache_encodes_each_text_once(counting_encoder):
    cache = EmbeddingCache(counting_encoder)
    a = cache.vectors(["yksi", "kaksi", "yksi"])
    b = cache.vectors(["kaksi", "kolme"])
    assert counting_encoder.passages == ["yksi", "kaksi", "kolme"]
    assert np.allclose(a[1], b[0])
    assert cache.encoded == 3 and cache.hits == 2
    assert_unit_rows(a)


def test_reindex_encodes_only_the_changed_service(docs, counting_encoder, tmp_path):
    m = Matcher(MatcherConfig(finnish="simplemma"), encoder=counting_encoder, cache_dir=tmp_path)
    first = m.index(docs)
    assert first.encoded == first.texts > 0 and first.passages > 0
    changed = replace(
        docs[0], description={**docs[0].description, "fi": "Uusi kuvaus velkojen hoitamisesta."}
    )
    counting_encoder.passages.clear()
    stats = m.update([changed])
    assert counting_encoder.passages == ["Uusi kuvaus velkojen hoitamisesta."]
    assert stats.encoded == 1 and stats.analysed == 1
    # structured fields do not touch the text: nothing to encode or analyse
    counting_encoder.passages.clear()
    stats = m.update([replace(docs[1], min_age=18)])
    assert stats.encoded == 0 and stats.analysed == 0 and counting_encoder.passages == []


def test_cache_file_is_reused_by_a_new_process(docs, tmp_path):
    enc1 = CountingEncoder()
    Matcher(MatcherConfig(finnish="simplemma"), encoder=enc1, cache_dir=tmp_path).index(docs)
    assert list(tmp_path.glob("embeddings-*.npz"))
    enc2 = CountingEncoder()
    stats = Matcher(MatcherConfig(finnish="simplemma"), encoder=enc2, cache_dir=tmp_path).index(docs)
    assert enc2.passages == [] and stats.encoded == 0


def test_saved_cache_drops_texts_no_longer_used(docs, tmp_path):
    enc = CountingEncoder()
    m = Matcher(MatcherConfig(finnish="simplemma"), encoder=enc, cache_dir=tmp_path)
    m.index(docs)
    n_all = len(EmbeddingCache(enc, next(tmp_path.glob("embeddings-*.npz"))))
    m.update(removed=[docs[0].id])
    n_after = len(EmbeddingCache(enc, next(tmp_path.glob("embeddings-*.npz"))))
    assert 0 < n_after < n_all


def test_corrupt_cache_file_is_ignored(docs, tmp_path):
    enc = CountingEncoder()
    path = tmp_path / f"embeddings-{enc.name}.npz"
    path.write_bytes(b"not a zip file")
    stats = Matcher(MatcherConfig(finnish="simplemma"), encoder=enc, cache_dir=tmp_path).index(docs)
    assert stats.encoded == stats.texts > 0


def test_passages_head_first_then_description_chunks(docs):
    d = replace(
        docs[0],
        summary={"fi": "Neuvontaa velkaantuneille."},
        description={"fi": "Ensimmäinen lause. Toinen lause.\nKolmas lause."},
    )
    ps = passages(d, "fi")
    assert ps[0].kind == "head" and ps[0].text == "Talous- ja velkaneuvonta. Neuvontaa velkaantuneille."
    assert [(p.kind, p.text) for p in ps[1:]] == [
        ("description", "Ensimmäinen lause. Toinen lause. Kolmas lause.")
    ]
    assert passages(d, "de") == []


def test_chunks_respect_sentence_boundaries():
    sents = sentences("Yksi kaksi kolme. Neljä viisi!\n• Kuusi seitsemän")
    assert sents == ["Yksi kaksi kolme.", "Neljä viisi!", "Kuusi seitsemän"]
    assert chunk_sentences(sents, max_words=4) == ["Yksi kaksi kolme.", "Neljä viisi! Kuusi seitsemän"]


def test_dense_scores_use_the_need_language_version(docs, counting_encoder):
    idx = DenseIndex()
    idx.build(docs, EmbeddingCache(counting_encoder))
    q = counting_encoder.encode_queries(["Ekonomi- och skuldrådgivning"])[0]
    sv, sims = idx.scores(q, "sv")
    fi, _ = idx.scores(q, "fi")
    assert sv[0] > fi[0]  # the Swedish version of "debt" matches the Swedish need best
    passage, sim = idx.best_passage(docs[0], 0, "sv", sims)
    assert passage.lang == "sv" and passage.kind == "head" and sim > 0.5


def test_encoding_budget_leaves_passages_pending_heads_first(docs, monkeypatch):
    enc = CountingEncoder()
    m = Matcher(MatcherConfig(finnish="simplemma"), encoder=enc)
    monkeypatch.setattr(DenseIndex, "encode_batch", 2)
    stats = m.index(docs, encode_budget_s=0.0)  # no time at all: nothing encoded
    assert stats.encoded == 0 and stats.pending == stats.texts > 0
    assert m.rank("velkaneuvonta", top_k=1)[0].id == "debt"  # the lexical side still works
    monkeypatch.setattr(DenseIndex, "encode_batch", 4)
    stats = m.index(docs, encode_budget_s=1e-9)  # one batch, then the deadline has passed
    assert stats.encoded == 4 and stats.pending == stats.texts - 4
    heads = {f"{d.name['fi']}. {d.summary['fi']}" if d.summary else d.name["fi"] for d in docs}
    assert set(enc.passages) <= heads  # Finnish head passages come first
    stats = m.encode_pending()
    assert stats.pending == 0 and m.pending == 0
    best = m.rank("Velkaneuvoja auttaa laatimaan maksusuunnitelman", top_k=1)[0]
    assert best.explanation["best_passage"]["kind"] in ("head", "description")


def test_term_cache_lets_a_new_matcher_skip_analysis(docs, tmp_path):
    first = Matcher(MatcherConfig(finnish="simplemma"), encoder=CountingEncoder(), cache_dir=tmp_path)
    assert first.index(docs).analysed == len(docs)
    second = Matcher(MatcherConfig(finnish="simplemma"), encoder=CountingEncoder(), cache_dir=tmp_path)
    stats = second.index(docs)
    assert stats.analysed == 0 and stats.encoded == 0
    assert first._state.analysed == second._state.analysed
    # another analyser (different stopwords) must not reuse these terms
    other = Matcher(
        MatcherConfig(finnish="simplemma", boilerplate_stopwords=True),
        encoder=CountingEncoder(),
        cache_dir=tmp_path,
    )
    assert other.index(docs).analysed == len(docs)


def test_an_edit_is_encoded_even_with_a_backlog(docs):
    enc = CountingEncoder()
    m = Matcher(MatcherConfig(finnish="simplemma"), encoder=enc)
    backlog = m.index(docs, encode_budget_s=0).pending
    assert enc.passages == [] and backlog > 0
    changed = replace(docs[2], summary={"fi": "Uusi tiivistelmä asunnottomille."})
    stats = m.update([changed], encode_budget_s=0)
    mine = {p.text for p in passages(changed, "fi")} | {p.text for p in passages(changed, "sv")[:1]}
    assert "Asunnottomien palveluohjaus. Uusi tiivistelmä asunnottomille." in enc.passages
    assert set(enc.passages) == mine  # only the edited service, nothing from the backlog
    assert stats.pending > 0
