"""Modifier paraphrases mined from ESCO's own alternative labels.

ESCO often names one occupation with the same head and different modifiers:
"lastentarhan johtaja" = "varhaiskasvatuksen johtaja", "henkilöstöjohtaja" =
"HR-johtaja". Each such pair says the two modifiers are interchangeable (lastentarha ~
varhaiskasvatus). Applying these rewrites to a title lets "varhaiskasvatuksen
opettaja" reach "lastentarhan opettaja" although no label spells it so. The rules come
from the loaded ESCO release, not from any job-ad data, and rewritten readings are
scored with a penalty so that a direct match always wins.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from .analysis import Word
from .lexical import LabelEntry, QueryView

Parts = tuple[str, ...]


Rules = dict[tuple[str, Parts], list[Parts]]
MIN_SHARE = 0.2


def _ranked(counter: Counter, min_support: int = 1, min_share: float = MIN_SHARE) -> list[Parts]:
    """Equivalents, most supported first. One with under `min_share` of the best one's
    support is dropped: "ict" ~ "it" recurs in 28 concepts, "ict" ~ "verkko" once, and
    reading "ict-arkkitehti" as "verkkoarkkitehti" would invent a specialisation."""
    top = sorted(counter.items(), key=lambda item: (-item[1], item[0]))  # ties by name: no hash order
    best = top[0][1] if top else 1
    return [rhs for rhs, n in top if n >= min_support and n / best >= min_share]


def mine_rules(entries: Iterable[LabelEntry], max_len: int = 3) -> Rules:
    """{(lang, modifier): [equivalent modifiers, most supported first]}."""
    groups: dict[tuple[int, str], set[Parts]] = defaultdict(set)
    for e in entries:
        groups[(e.concept, e.lang)].add(e.main)
    support: dict[tuple[str, Parts], Counter] = defaultdict(Counter)
    for (_, lang), mains in groups.items():
        for a in mains:
            for b in mains:
                if a == b:
                    continue
                k = 0  # common suffix, the shared head
                while k < min(len(a), len(b)) and a[-1 - k] == b[-1 - k]:
                    k += 1
                left, right = a[: len(a) - k], b[: len(b) - k]
                j = 0  # and the common prefix: "hankinta|osasto|johtaja" ~ "hankinta|yksikkö|johtaja"
                while j < min(len(left), len(right)) - 1 and left[j] == right[j]:
                    j += 1
                left, right = left[j:], right[j:]
                if k and left and right and len(left) <= max_len and len(right) <= max_len:
                    if not set(left) & set(right):
                        support[(lang, left)][right] += 1
    return {key: _ranked(counter) for key, counter in support.items()}


def mine_head_rules(entries: Iterable[LabelEntry], max_len: int = 2, min_support: int = 2) -> Rules:
    """{(lang, head): [equivalent heads, most supported first]} from labels of one concept
    that share their modifier and differ in the head ("sopimusasiantuntija" =
    "sopimusvastaava", "hankintapäällikkö" = "hankintajohtaja"). A pair must recur in at
    least `min_support` concepts, so one odd label does not make a rule."""
    groups: dict[tuple[int, str], set[Parts]] = defaultdict(set)
    for e in entries:
        groups[(e.concept, e.lang)].add(e.main)
    support: dict[tuple[str, Parts], Counter] = defaultdict(Counter)
    for (_, lang), mains in groups.items():
        pairs: set[tuple[Parts, Parts]] = set()
        for a in mains:
            for b in mains:
                k = 0  # common prefix, the shared modifier
                while k < min(len(a), len(b)) - 1 and a[k] == b[k]:
                    k += 1
                head_a, head_b = a[k:], b[k:]
                if k and len(head_a) <= max_len and len(head_b) <= max_len and not set(head_a) & set(head_b):
                    pairs.add((head_a, head_b))
        for head_a, head_b in pairs:
            support[(lang, head_a)][head_b] += 1
    rules = {key: _ranked(counter, min_support) for key, counter in support.items()}
    return {key: value for key, value in rules.items() if value}


def rewrite_heads(view: QueryView, rules: Rules, per_head: int = 8, cost: float = 2.0) -> list[QueryView]:
    """Readings of a title with the head of a compound replaced by a mined equivalent
    ("hr-asiantuntija" -> "hr-vastaava", which ESCO lists for HR officers). Only heads
    with a modifier inside the same word, so that the modifier still anchors the reading;
    such a reading pays `cost` times the rewrite penalty, as a head carries more meaning."""
    out: list[QueryView] = []
    lang = view.label_lang
    for s_idx, seg in enumerate(view.segments):
        for w_idx, word in enumerate(seg):
            parts = word.parts
            for n in (2, 1):
                if len(parts) <= n:
                    continue
                for rhs in rules.get((lang, parts[-n:]), ())[:per_head]:
                    new = Word(word.surface, word.lemma, parts[:-n] + rhs, word.proper)
                    out.append(_replace(view, s_idx, w_idx, w_idx + 1, new, cost))
    return out


def rewrite(view: QueryView, rules: Rules, limit: int = 24) -> list[QueryView]:
    """Alternative readings of a title, each with one modifier replaced by a mined equivalent."""
    out: list[QueryView] = []
    lang = view.label_lang
    for s_idx, seg in enumerate(view.segments):
        for w_idx, word in enumerate(seg):
            parts = word.parts
            # Runs inside one word, never its last part ("varhais|kasvatus|opettaja").
            for i in range(len(parts) - 1):
                for j in range(i + 1, min(len(parts) - 1, i + 3) + 1):
                    for rhs in rules.get((lang, parts[i:j]), ())[:3]:
                        new = Word(word.surface, word.lemma, parts[:i] + rhs + parts[j:], word.proper)
                        out.append(_replace(view, s_idx, w_idx, w_idx + 1, new, 1.0))
                        if len(out) >= limit:
                            return out
            # Whole modifier words: before the last word of the first segment ("lastentarhan
            # opettaja"), or anywhere in a qualifier segment ("lärare, småbarnspedagogik").
            if (w_idx < len(seg) - 1 or s_idx > 0) and len(parts) <= 3:
                for rhs in rules.get((lang, parts), ())[:3]:
                    new = Word(word.surface, word.lemma, rhs, word.proper)
                    out.append(_replace(view, s_idx, w_idx, w_idx + 1, new, 1.0))
                    if len(out) >= limit:
                        return out
    return out


def _replace(view: QueryView, s_idx: int, start: int, stop: int, word: Word, cost: float) -> QueryView:
    segs = [list(seg) for seg in view.segments]
    old = {p for w in segs[s_idx][start:stop] for p in w.parts}
    segs[s_idx][start:stop] = [word]
    return QueryView(
        view.label_lang, segs, rewritten=True, cost=cost, substituted=frozenset(word.parts) - old
    )
