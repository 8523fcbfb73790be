"""Lemmatisation and compound splitting for Finnish, Swedish and English title words.

Finnish occupation names are compounds that inflect only at the end and are written
both closed and open ("lastentarhanopettajat", "lastentarhan opettaja"). We reduce
every word to the lemmas of its compound parts (lapsi + tarha + opettaja), so either
spelling and any case or number of it compare equal. Voikko gives exact analyses;
without it (no libvoikko or no Finnish dictionary) simplemma lemmatises and a
dictionary-driven splitter finds the parts. Either backend serves both labels and
queries, so they stay consistent with each other. The backends are the matcher's own
(..morphology: one Voikko handle, one simplemma, bounded caches); this module adds only
what titles need (part-of-speech preference, gender-neutral heads, Swedish → Finnish).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..morphology import BoundedCache, finnish_backend, sm_known, sm_lemma, voikko
from .swedish import SV_GENDER, SV_TO_FI
from .text import is_noise_lemma

_PROPER = {"paikannimi", "sukunimi", "etunimi", "nimi"}
_CLASS_RANK = {"nimisana": 0, "nimisana_laatusana": 1, "laatusana": 2, "teonsana": 4}
# Gendered forms that mean the same occupation.
_FI_PART_GENDER = {"mies": "henkilö", "nainen": "henkilö", "hlö": "henkilö"}
_EN_GENDER = (("woman", "person"), ("man", "person"), ("women", "person"), ("men", "person"))
_EN_FEMININE = {
    "waitress": "waiter",
    "actress": "actor",
    "stewardess": "steward",
    "hostess": "host",
    "seamstress": "tailor",
    "headmistress": "headteacher",
    "masseuse": "masseur",
    "policewoman": "police officer",
    "policeman": "police officer",
    "fireman": "firefighter",
}


@dataclass(frozen=True, slots=True)
class Word:
    surface: str
    lemma: str
    parts: tuple[str, ...]  # lemmas of the compound parts, the head last
    proper: bool = False  # only a proper-noun reading (place, surname): probably not the occupation
    noise: bool = False  # a contract term ("sijaisuus"): ignore


class Analyzer:
    """Word analyser with bounded per-instance caches; `backend` is "voikko", "simplemma" or "auto"."""

    def __init__(self, backend: str = "auto") -> None:
        self.backend = finnish_backend(backend)
        self._voikko = voikko() if self.backend == "voikko" else None
        self._cache: BoundedCache[tuple[str, str], Word | None] = BoundedCache()
        self._part_cache: BoundedCache[str, str] = BoundedCache()
        self._split_cache: BoundedCache[str, tuple[str, ...] | None] = BoundedCache()

    # -- public -------------------------------------------------------------------
    def word(self, surface: str, lang: str) -> Word:
        key = (surface, lang)
        hit = self._cache.get(key)
        if hit is None:
            if lang == "fi":
                hit = self._fi(surface)
            elif lang == "sv":
                hit = self._sv(surface)
            else:
                hit = self._en(surface)
            self._cache[key] = hit
        return hit

    def words(self, surfaces: list[str], lang: str) -> list[Word]:
        return [self.word(s, lang) for s in surfaces]

    def translate_sv(self, surface: str) -> Word | None:
        """The Finnish reading of a Swedish word, or None when the lexicon does not cover it.

        A split compound becomes one Finnish word whose parts are the translated parts
        ("handikappservice" -> vammais + palvelu, like "vammaispalvelu").
        """
        key = (surface, "sv>fi")
        if key in self._cache:
            return self._cache[key]
        result = None
        for form in _sv_forms(surface.strip("-").lower()):
            fi = self._sv_lookup(form)
            if fi is not None:
                pieces = [self.word(w, "fi") for w in fi]
                parts = tuple(
                    p
                    for i, w in enumerate(pieces)
                    # a non-final piece is a compound prefix ("vammais"), lemmatised as one
                    for p in (
                        (self._fi_part(fi[i]),)
                        if i < len(pieces) - 1 and self._voikko is not None and len(w.parts) == 1
                        else w.parts
                    )
                )
                result = Word(surface, "".join(w.lemma for w in pieces), parts)
                break
        self._cache[key] = result
        return result

    # -- Finnish --------------------------------------------------------------------
    def _fi(self, surface: str) -> Word:
        bare = surface.strip("-'")
        if "-" in bare and (self._voikko is None or not self._voikko.analyze(bare)):
            pieces = [self._fi(p) for p in bare.split("-") if p]
            parts = tuple(p for w in pieces for p in w.parts)
            lemma = "-".join(w.lemma for w in pieces)
            return Word(surface, lemma, parts, all(w.proper for w in pieces), is_noise_lemma(lemma, parts))
        if self._voikko is not None:
            analyses = self._voikko.analyze(bare)
            if analyses:
                return self._fi_from_voikko(surface, bare, analyses)
            lemma = bare.lower()  # unknown to Voikko: an acronym, a name or a foreign word
            return Word(surface, lemma, (lemma,), False, is_noise_lemma(lemma, (lemma,)))
        lemma = sm_lemma(bare, "fi")
        parts = self._split_fi(lemma)
        return Word(surface, lemma, parts, False, is_noise_lemma(lemma, parts))

    def _fi_from_voikko(self, surface: str, bare: str, analyses: Sequence[dict]) -> Word:
        proper = all(a.get("CLASS") in _PROPER for a in analyses)
        common = [a for a in analyses if a.get("CLASS") not in _PROPER] or analyses
        best = min(common, key=lambda a: _CLASS_RANK.get(a.get("CLASS", ""), 3))
        lemma = best.get("BASEFORM", bare).lower()
        surface_parts = _split_structure(bare.lower(), best.get("STRUCTURE", ""))
        parts: list[str] = []
        if len(surface_parts) > 1:
            prefix = "".join(surface_parts[:-1])
            flat = lemma.replace("-", "")
            last = flat[len(prefix) :] if flat.startswith(prefix) else ""
            if last:
                parts = [self._fi_part(p) for p in surface_parts[:-1]] + [last]
        if not parts:
            parts = [lemma.replace("-", "")]
        parts = [_FI_PART_GENDER.get(p, p) for p in parts]
        parts[-1] = self._fi_feminine(parts[-1])
        return Word(surface, lemma, tuple(parts), proper, is_noise_lemma(lemma, tuple(parts)))

    def _fi_part(self, part: str) -> str:
        """Lemma of a non-final compound part ("sairaan" -> "sairas", "lasten" -> "lapsi")."""
        hit = self._part_cache.get(part)
        if hit is None:
            hit = part
            if self._voikko is not None:
                analyses = [a for a in self._voikko.analyze(part) if a.get("CLASS") not in _PROPER]
                if any(a.get("BASEFORM", "").lower() == part for a in analyses):
                    analyses = []  # already a base form ("vapaa", "koti")
                if analyses:
                    best = min(analyses, key=lambda a: _CLASS_RANK.get(a.get("CLASS", ""), 3))
                    hit = best.get("BASEFORM", part).lower()
            self._part_cache[part] = hit
        return hit

    def _fi_feminine(self, head: str) -> str:
        # "opettajatar" -> "opettaja", "myyjätär" -> "myyjä"
        if len(head) > 6 and head[-3:] in {"tar", "tär"} and head[-4] in "aä":
            return head[:-3]
        return head

    def _split_fi(self, lemma: str) -> tuple[str, ...]:
        """Dictionary-driven compound split for the simplemma backend."""
        parts = self._split(lemma.replace("-", ""), depth=0)
        parts = parts or (lemma.replace("-", ""),)
        return tuple(_FI_PART_GENDER.get(p, p) for p in parts[:-1]) + (self._fi_feminine(parts[-1]),)

    def _split(self, word: str, depth: int) -> tuple[str, ...] | None:
        if word in self._split_cache:
            return self._split_cache.get(word)
        result: tuple[str, ...] | None = None
        known = sm_known(word, "fi")
        if (len(word) >= 10 or (len(word) >= 7 and not known)) and depth < 4:
            # Longest known head first, with a prefix that is itself a word or splits;
            # parts are split again so that open and closed spellings agree.
            for i in range(3, len(word) - 3):
                head, prefix = word[i:], word[:i]
                if not sm_known(head, "fi"):
                    continue
                head_parts = self._split(head, depth + 1) if len(head) >= 10 else None
                head_parts = head_parts or (head,)
                if sm_known(prefix, "fi"):
                    pre = sm_lemma(prefix, "fi")
                    result = (self._split(pre, depth + 1) or (pre,)) + head_parts
                    break
                rest = self._split(prefix, depth + 1)
                if rest:
                    result = rest + head_parts
                    break
        if result is None and depth > 0 and known:
            result = (sm_lemma(word, "fi"),)
        self._split_cache[word] = result
        return result

    # -- Swedish and English ----------------------------------------------------------
    def _sv(self, surface: str) -> Word:
        lemma = surface.strip("-").lower()
        return Word(surface, lemma, (lemma,), False, is_noise_lemma(lemma, (lemma,)))

    def _sv_lookup(self, form: str) -> list[str] | None:
        if form in SV_TO_FI:
            return [SV_TO_FI[form]]
        for suffix, neutral in SV_GENDER:
            if form.endswith(suffix) and form[: -len(suffix)] + neutral in SV_TO_FI:
                return [SV_TO_FI[form[: -len(suffix)] + neutral]]
        # Compound: the longest listed head, with a listed (or splittable) prefix;
        # Swedish joins parts with an optional linking "s".
        for i in range(2, len(form) - 2):
            head, prefix = form[i:], form[:i]
            fi_head = SV_TO_FI.get(head)
            if fi_head is None:
                continue
            for pre in (prefix, prefix[:-1] if prefix.endswith("s") else None):
                if not pre:
                    continue
                fi_pre = SV_TO_FI.get(pre) or (self._sv_lookup(pre) if len(pre) > 3 else None)
                if fi_pre:
                    fi_pre = [fi_pre] if isinstance(fi_pre, str) else fi_pre
                    return [*fi_pre, fi_head]
        return None

    def _en(self, surface: str) -> Word:
        bare = surface.strip("-'").replace("'s", "")
        pieces = [p for p in bare.split("-") if p]
        lemma = " ".join(_en_gender(_en_lemma(p)) for p in pieces) or bare
        parts = tuple(lemma.split())
        return Word(surface, lemma, parts, False, is_noise_lemma(lemma, parts))


_EN_IRREGULAR = {"men": "man", "women": "woman", "people": "person", "children": "child", "staff": "staff"}
_EN_KEEP = ("ss", "us", "is", "ics", "ous", "ys")


def _en_lemma(word: str) -> str:
    """Singular of an English noun by suffix rules; applied to labels and titles alike,
    so it need not be perfect, only consistent (and it avoids loading a dictionary)."""
    if word in _EN_IRREGULAR:
        return _EN_IRREGULAR[word]
    if len(word) <= 3 or word.endswith(_EN_KEEP):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes", "zes")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


def _en_gender(lemma: str) -> str:
    if lemma in _EN_FEMININE:
        return _EN_FEMININE[lemma]
    for suffix, neutral in _EN_GENDER:
        stem = lemma[: -len(suffix)]
        if lemma.endswith(suffix) and len(stem) >= 4 and not stem.endswith("wo"):
            return stem + neutral
    return lemma


_SV_ENDINGS = tuple("ornas arnas ernas orna arna erna ens ets or ar er na en et n s".split())


def _sv_forms(word: str) -> list[str]:
    """The word and its forms without Swedish plural/definite endings ("sjukskötarna")."""
    forms = [word]
    for ending in _SV_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            stem = word[: -len(ending)]
            forms += [stem, stem + "e", stem + "a"]
    return list(dict.fromkeys(forms))


def _split_structure(word: str, structure: str) -> list[str]:
    """Surface compound parts from a Voikko STRUCTURE string ("=ppppppp=pppppppp")."""
    parts: list[str] = []
    current: list[str] = []
    chars = iter(word)
    for code in structure:
        if code == "=":
            if current:
                parts.append("".join(current))
                current = []
            continue
        ch = next(chars, "")
        if ch == "-" or code == "-":
            if current:
                parts.append("".join(current))
                current = []
            continue
        current.append(ch)
    if current:
        parts.append("".join(current))
    return parts if "".join(parts) == word.replace("-", "") else [word]
