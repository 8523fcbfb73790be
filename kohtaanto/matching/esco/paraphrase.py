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


def mine_rules(entries: Iterable[LabelEntry], max_len: int = 3) -> dict[tuple[str, Parts], list[Parts]]:
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
                if k and left and right and len(left) <= max_len and len(right) <= max_len:
                    if not set(left) & set(right):
                        support[(lang, left)][right] += 1
    return {key: [rhs for rhs, _ in counter.most_common()] for key, counter in support.items()}


def rewrite(view: QueryView, rules: dict[tuple[str, Parts], list[Parts]], limit: int = 24) -> list[QueryView]:
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
                        out.append(_replace(view, s_idx, w_idx, w_idx + 1, new))
                        if len(out) >= limit:
                            return out
            # Whole modifier words: before the last word of the first segment ("lastentarhan
            # opettaja"), or anywhere in a qualifier segment ("lärare, småbarnspedagogik").
            if (w_idx < len(seg) - 1 or s_idx > 0) and len(parts) <= 3:
                for rhs in rules.get((lang, parts), ())[:3]:
                    new = Word(word.surface, word.lemma, rhs, word.proper)
                    out.append(_replace(view, s_idx, w_idx, w_idx + 1, new))
                    if len(out) >= limit:
                        return out
    return out


def _replace(view: QueryView, s_idx: int, start: int, stop: int, word: Word) -> QueryView:
    segs = [list(seg) for seg in view.segments]
    segs[s_idx][start:stop] = [word]
    return QueryView(view.label_lang, segs, rewritten=True)
