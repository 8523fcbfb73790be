"""Compound-aware lexical matching of analysed titles against ESCO labels.

A label matches when its head (the last compound part of its main segment, e.g.
"hoitaja" in "sairaanhoitaja") ends one of the title's words. The match is then scored
by how much of the label the title covers, whether it does so as one contiguous run of
parts ("sairaan|hoitaja", not "koti ... hoitaja"), and how much of the title's segment
the label explains. Words are weighted by inverse label frequency so that distinctive
parts ("varhais", "kasvatus") count more than generic ones ("opettaja").
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from .analysis import Analyzer, Word
from .model import Labels
from .text import STOPWORDS, segments

KIND_PREFERRED, KIND_ALT, KIND_HIDDEN = 0, 1, 2
UNKNOWN_WEIGHT = 1.0  # idf of parts seen in no label (typical label parts weigh 3-10)
_TOKEN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


FEATURES = (
    "contiguity",
    "recall",
    "label_cover",
    "precision",
    "coverage",
    "exact",
    "lemma",
    "inner",
    "later",
    "alt",
    "hidden",
    "rewritten",
)


@dataclass(frozen=True)
class Weights:
    """Weights of the lexical features (FEATURES order); tuned on half of the dev set."""

    contiguity: float = 0.30
    recall: float = 0.20
    label_cover: float = 0.15
    precision: float = 0.35  # 0.25 before head paraphrases; flat from 0.30 to 0.45 (docs/market.md)
    coverage: float = 0.10
    exact: float = 0.10
    lemma: float = 0.05  # the words themselves match, not only their parts ("kodinhoitaja" vs "kotihoitaja")
    inner: float = -0.08  # the matched head is not the segment's last word ("care" in "care home")
    later: float = -0.08  # the match is outside the title's first segment
    alt: float = -0.03
    hidden: float = -0.05
    rewritten: float = -0.10  # the title was read through a mined paraphrase (paraphrase.py)
    inverted: float = 0.6  # credit for modifiers found in another segment ("opettaja, matematiikka")
    proper_weight: float = 0.3  # weight of words read only as proper names (places, people)

    def vector(self) -> np.ndarray:
        return np.array([getattr(self, name) for name in FEATURES])


@dataclass(slots=True)
class LabelEntry:
    concept: int
    lang: str
    kind: int
    text: str
    main: tuple[str, ...]
    qual: tuple[str, ...]
    main_lemma: str = ""
    n_words: int = 1
    weights: dict[str, float] = field(default_factory=dict)  # part -> idf, filled at build
    main_total: float = 1.0
    all_total: float = 1.0


@dataclass
class QueryView:
    """A title analysed in one language, to be matched against labels of `label_lang`."""

    label_lang: str
    segments: list[list[Word]]
    rewritten: bool = False
    cost: float = 1.0  # how many times the `rewritten` penalty a rewritten reading pays
    # A rewritten reading only serves labels that contain the substituted parts; any other
    # label is matched at least as well by the plain reading.
    substituted: frozenset[str] = frozenset()

    @property
    def words(self) -> list[Word]:
        return [w for seg in self.segments for w in seg]


def split_label(text: str, lang: str) -> tuple[list[str], list[str]]:
    """Main and qualifier words of a label ("lastenhoitaja, päiväkoti", "head of unit")."""
    segs = segments(text)
    if not segs:
        return [], []
    return segs[0], [w for seg in segs[1:] for w in seg]


def analyse_query(text: str, analyzer: Analyzer, langs: Iterable[str] = ("fi", "en")) -> list[QueryView]:
    """The title read as Finnish, as English, and (when the lexicon covers it) as Swedish."""
    segs = segments(text)
    views = []
    for lang in langs:
        views.append(QueryView(lang, [[w for w in analyzer.words(seg, lang) if not w.noise] for seg in segs]))
    if "fi" in langs:
        translated = False
        sv_segs = []
        for seg in segs:
            out = []
            for surface in seg:
                fi = analyzer.translate_sv(surface)
                translated |= fi is not None
                out.append(fi if fi is not None else analyzer.word(surface, "fi"))
            sv_segs.append([w for w in out if not w.noise])
        if translated:
            views.append(QueryView("fi", sv_segs))
    return [v for v in views if any(v.segments)]


@dataclass
class LexicalIndex:
    """Inverted index from label head parts to labels, with part weights per language."""

    entries: list[LabelEntry] = field(default_factory=list)
    by_head: dict[tuple[str, str], list[int]] = field(default_factory=lambda: defaultdict(list))
    idf: dict[str, dict[str, float]] = field(default_factory=dict)
    context: dict[str, list[frozenset[str]]] = field(default_factory=dict)  # lang -> concept -> parts

    @classmethod
    def build(
        cls,
        labels: list[dict[str, Labels]],
        descriptions: list[dict[str, str]],
        analyzer: Analyzer,
        langs: Iterable[str] = ("fi", "en"),
        any_part: bool = False,
    ) -> LexicalIndex:
        """Index labels under their head part; with `any_part` under every part instead
        (skills are verb phrases, "operate forklift", whose last word is no head)."""
        index = cls()
        langs = tuple(langs)
        df: dict[str, dict[str, int]] = {lang: defaultdict(int) for lang in langs}
        bags: dict[str, list[set[str]]] = {lang: [set() for _ in labels] for lang in langs}
        for concept, per_lang in enumerate(labels):
            for lang in langs:
                lab = per_lang.get(lang)
                if lab is None:
                    continue
                kinds = [(lab.preferred, KIND_PREFERRED)] if lab.preferred else []
                kinds += [(t, KIND_ALT) for t in lab.alt] + [(t, KIND_HIDDEN) for t in lab.hidden]
                seen: set[str] = set()
                for text, kind in kinds:
                    if text.lower() in seen:
                        continue
                    seen.add(text.lower())
                    main_words, qual_words = split_label(text, lang)
                    analysed = [w for w in analyzer.words(main_words, lang) if not w.noise]
                    main = tuple(p for w in analysed for p in w.parts)
                    qual = tuple(p for w in analyzer.words(qual_words, lang) if not w.noise for p in w.parts)
                    if not main:
                        continue
                    entry_id = len(index.entries)
                    lemma = " ".join(w.lemma for w in analysed)
                    index.entries.append(
                        LabelEntry(concept, lang, kind, text, main, qual, lemma, len(analysed))
                    )
                    for part in dict.fromkeys(main if any_part else main[-1:]):
                        index.by_head[(lang, part)].append(entry_id)
                    for part in set(main) | set(qual):
                        df[lang][part] += 1
                    bags[lang][concept].update(main)
                    bags[lang][concept].update(qual)
                desc = descriptions[concept].get(lang, "") if concept < len(descriptions) else ""
                for token in set(_TOKEN.findall(desc[:600].lower())):
                    if len(token) > 2 and token not in STOPWORDS:
                        bags[lang][concept].update(analyzer.word(token, lang).parts)
        for lang in langs:
            n = max(1, sum(1 for e in index.entries if e.lang == lang))
            index.idf[lang] = {p: math.log(1 + n / c) for p, c in df[lang].items()}
            index.context[lang] = [frozenset(b) for b in bags[lang]]
        for e in index.entries:
            idf = index.idf[e.lang]
            e.weights = {p: idf[p] for p in (*e.main, *e.qual)}
            e.main_total = sum(idf[p] for p in set(e.main)) or 1.0
            e.all_total = sum(e.weights.values()) or 1.0
        index.by_head = dict(index.by_head)
        return index

    def weight(self, lang: str, part: str) -> float:
        """Inverse label frequency. A part no label uses can never be matched; it is most
        often a name or a place, so it gets a low weight instead of dominating the title."""
        value = self.idf.get(lang, {}).get(part)
        return value if value is not None else UNKNOWN_WEIGHT

    def match(self, views: list[QueryView], weights: Weights) -> dict[int, tuple[float, int]]:
        """Best lexical score per concept: {concept: (score, entry id)}."""
        vec = weights.vector()
        best: dict[int, tuple[float, int]] = {}
        for concept, entry_id, feats in self.features(views, weights):
            score = float(feats @ vec)
            if concept not in best or score > best[concept][0]:
                best[concept] = (score, entry_id)
        return best

    def features(self, views: list[QueryView], weights: Weights) -> list[tuple[int, int, np.ndarray]]:
        """(concept, entry id, FEATURES vector) for every label whose head the title contains."""
        out: list[tuple[int, int, np.ndarray]] = []
        for view in views:
            out.extend(self._features_view(view, weights))
        return out

    def context_cover(self, view: QueryView, concepts: Iterable[int]) -> dict[int, float]:
        """Weighted share of the title's parts found in each concept's labels or description."""
        bags = self.context.get(view.label_lang)
        weights = {p: self.weight(view.label_lang, p) for w in view.words for p in w.parts}
        total = sum(weights.values())
        if not bags or not total:
            return dict.fromkeys(concepts, 0.0)
        return {c: sum(v for p, v in weights.items() if p in bags[c]) / total for c in concepts}

    def _features_view(self, view: QueryView, wt: Weights) -> list[tuple[int, int, np.ndarray]]:
        lang = view.label_lang
        qweight: dict[str, float] = {}
        seg_of: dict[str, set[int]] = defaultdict(set)
        for s_idx, seg in enumerate(view.segments):
            for w in seg:
                for p in w.parts:
                    factor = wt.proper_weight if w.proper else 1.0
                    qweight[p] = max(qweight.get(p, 0.0), self.weight(lang, p) * factor)
                    seg_of[p].add(s_idx)
        total_q = sum(qweight.values()) or 1.0
        all_parts = tuple(p for seg in view.segments for w in seg for p in w.parts)
        out: list[tuple[int, int, np.ndarray]] = []
        seen: set[tuple[int, int]] = set()
        for s_idx, seg in enumerate(view.segments):
            seg_parts = tuple(p for w in seg for p in w.parts)
            seg_set = set(seg_parts)
            seg_total = sum(qweight[p] for p in seg_set) or 1.0
            end = 0
            lemmas = [w.lemma for w in seg]
            for w_idx, w in enumerate(seg):
                end += len(w.parts)
                if not w.parts:
                    continue
                prefix = seg_parts[:end]
                for entry_id in self.by_head.get((lang, prefix[-1]), ()):
                    if (entry_id, s_idx) in seen:
                        continue
                    seen.add((entry_id, s_idx))
                    e = self.entries[entry_id]
                    if view.substituted and view.substituted.isdisjoint(e.weights):
                        continue
                    feats = self._entry_features(
                        e, prefix, seg_parts, s_idx, seg_of, all_parts, wt.inverted, view.rewritten
                    )
                    feats[11] *= view.cost
                    feats[3] = sum(qweight[p] for p in seg_set if p in e.weights) / seg_total
                    feats[4] = sum(v for p, v in qweight.items() if p in e.weights) / total_q
                    words = lemmas[max(0, w_idx + 1 - e.n_words) : w_idx + 1]
                    feats[6] = feats[2] * (" ".join(words) == e.main_lemma)  # scaled by label_cover
                    feats[7] = float(w_idx < len(seg) - 1)
                    out.append((e.concept, entry_id, feats))
        return out

    def _entry_features(
        self,
        e: LabelEntry,
        prefix: tuple[str, ...],
        seg_parts: tuple[str, ...],
        s_idx: int,
        seg_of: dict[str, set[int]],
        all_parts: tuple[str, ...],
        inverted: float,
        rewritten: bool,
    ) -> np.ndarray:
        n = len(e.main)
        k = 0
        while k < n and k < len(prefix) and e.main[-1 - k] == prefix[-1 - k]:
            k += 1
        contiguity = k / n
        rest = e.main[: n - k]
        if rest and all(s_idx in seg_of.get(p, ()) for p in rest):
            # same segment, other order ("varhaiskasvatuksen erityisopettaja")
            contiguity += 0.8 * len(rest) / n
        elif rest and all(seg_of.get(p) for p in rest):
            contiguity += inverted * len(rest) / n  # modifiers in another segment ("opettaja, matematiikka")
        present = seg_of.keys()
        recall = sum(e.weights[p] for p in set(e.main) if p in present) / e.main_total
        cover = sum(v for p, v in e.weights.items() if p in present) / e.all_total
        # The segment (or whole title) says exactly what the label says, qualifiers included.
        exact = float(cover == 1.0 and (e.main == seg_parts or e.main + e.qual == all_parts))
        return np.array(
            [
                contiguity,
                recall,
                cover,
                0.0,
                0.0,
                exact,
                0.0,
                0.0,
                float(s_idx > 0),
                e.kind == KIND_ALT,
                e.kind == KIND_HIDDEN,
                float(rewritten),
            ],
            dtype=float,
        )
