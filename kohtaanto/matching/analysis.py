"""Text analysis for Finnish, Swedish and English: tokens, lemmas, compound parts.

Finnish is agglutinative and compounds freely ("päihdeongelmaisten" = päihde + ongelmainen,
in the plural genitive), so a need and a description rarely share surface forms. Every
word is reduced to its lemma and, for compounds, to the lemmas of its parts, so that
"päihdeongelma" in a need meets "päihteiden" and "ongelma" in a description.

Finnish uses Voikko (morphological analyser with compound structure) when the native
library and dictionary are installed, otherwise simplemma with a vocabulary-based
compound splitter. Swedish and English use simplemma plus the same splitter. The
backends and their bounded caches live in morphology.py, shared with the ESCO suggester.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from .morphology import BoundedCache, finnish_backend, sm_known, sm_lemma, voikko
from .stopwords import stopwords

LANGS = ("fi", "sv", "en")
# Bump when analysis output changes, so saved word caches from older code are ignored.
ANALYSIS_VERSION = 1

_WORD = re.compile(r"[^\W_]+(?:[-‐][^\W_]+)*-?")
# Coordinating words after which "sosiaali- ja terveyspalvelut" shares the last part.
_COORD = frozenset({"ja", "tai", "sekä", "eli", "och", "eller", "samt", "and", "or"})


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a text: where it is, its lemma and compound-part lemmas."""

    surface: str
    lemma: str
    parts: tuple[str, ...]
    start: int
    end: int
    alternatives: tuple[str, ...] = ()

    def terms(self) -> tuple[str, ...]:
        """Index terms for this word: lemma, alternative lemmas, then compound parts."""
        seen = [self.lemma]
        for t in (*self.alternatives, *self.parts):
            if t not in seen:
                seen.append(t)
        return tuple(seen)


# (lemma, alternative lemmas of an ambiguous form, compound-part lemmas)
WordAnalysis = tuple[str, tuple[str, ...], tuple[str, ...]]


class Lemmatizer(Protocol):
    """Maps a lower-case word to its lemma, alternative lemmas and compound parts."""

    name: str

    def lemma(self, word: str, lang: str) -> WordAnalysis: ...


class SimplemmaLemmatizer:
    """Dictionary lemmatiser for fi/sv/en with a vocabulary-based compound splitter.

    The splitter accepts a split only when both halves are words simplemma knows, which
    is crude but language-independent and needs no extra data.
    """

    name = "simplemma"

    def _is_known(self, word: str, lang: str) -> bool:
        return len(word) >= 3 and sm_known(word, lang)

    def _lemmatize(self, word: str, lang: str) -> str:
        return sm_lemma(word, lang)

    def split(self, lemma: str, lang: str) -> tuple[str, ...]:
        """Split a lemma into (modifier, head), or return () if not a compound.

        The longest known head wins; a Swedish linking "s" is dropped from the modifier
        first. One split only: the modifier is itself a known word.
        """
        if len(lemma) < 7 or not lemma.isalpha():
            return ()
        for i in range(3, len(lemma) - 3):  # shortest modifier = longest head first
            head = lemma[i:]
            if not self._is_known(head, lang):
                continue
            left = lemma[:i]
            candidates = [left[:-1], left] if lang == "sv" and left.endswith("s") else [left]
            for cand in candidates:
                if not self._is_known(cand, lang):
                    continue
                # A Finnish modifier is an inflected word ("mielen-"), a Swedish or
                # English one a bare stem ("missbruk-"), which the lemmatiser would
                # turn into a verb.
                modifier = self._lemmatize(cand, lang) if lang == "fi" else cand
                return (modifier, self._lemmatize(head, lang))
        return ()

    def lemma(self, word: str, lang: str) -> WordAnalysis:
        if lang not in LANGS:
            return word, (), ()
        lem = self._lemmatize(word, lang)
        return lem, (), self.split(lem, lang)


class VoikkoLemmatizer:
    """Finnish lemmas and compound parts from Voikko's morphological analysis."""

    name = "voikko"

    def __init__(self) -> None:
        shared = voikko()
        if shared is None:
            raise RuntimeError("libvoikko or its Finnish dictionary is missing")
        self._analyze = shared.analyze  # cached and locked in morphology.py
        self._fallback: SimplemmaLemmatizer | None = None

    def _base(self, word: str) -> str | None:
        analyses = self._analyze(word)
        return analyses[0]["BASEFORM"].lower() if analyses else None

    def lemma(self, word: str, lang: str) -> WordAnalysis:
        if lang != "fi":
            raise ValueError("VoikkoLemmatizer handles Finnish only")
        analyses = self._analyze(word)
        if not analyses:
            # Unknown to Voikko (colloquial spelling, typos, new words).
            if self._fallback is None:
                self._fallback = SimplemmaLemmatizer()
            return self._fallback.lemma(word, "fi")
        first = analyses[0]
        lemma = first["BASEFORM"].lower()
        # Ambiguous forms ("velkoja": creditor, or debts) keep every reading; BM25's
        # idf and the dense side sort out which one the text meant.
        alts = tuple(b for b in dict.fromkeys(a["BASEFORM"].lower() for a in analyses[1:3]) if b != lemma)
        return lemma, alts, self._parts(word, lemma, first.get("STRUCTURE", ""))

    def _parts(self, word: str, lemma: str, structure: str) -> tuple[str, ...]:
        """Compound parts from Voikko's STRUCTURE, whose '=' marks part boundaries."""
        if structure.count("=") < 2:
            return ()
        surfaces: list[str] = []
        pos = 0
        for chunk in structure.split("=")[1:]:
            width = len(chunk)
            surfaces.append(word[pos : pos + width])
            pos += width
        surfaces = [s.strip("-") for s in surfaces]
        if len(surfaces) < 2 or any(not s for s in surfaces):
            return ()
        prefix = "".join(surfaces[:-1])
        parts = []
        for s in surfaces[:-1]:
            parts.append(self._base(s) or s)
        compact = lemma.replace("-", "")
        head = compact[len(prefix) :] if compact.startswith(prefix) else None
        parts.append(head or self._base(surfaces[-1]) or surfaces[-1])
        return tuple(p for p in parts if len(p) >= 2)


def voikko_available() -> bool:
    """True when libvoikko and a Finnish dictionary can be loaded."""
    return voikko() is not None


class TextAnalyzer:
    """Tokenises and lemmatises fi/sv/en text; results are cached per (lang, word), bounded."""

    def __init__(self, finnish: str = "auto", boilerplate_stopwords: bool = False) -> None:
        """finnish: "voikko", "simplemma" or "auto" (Voikko when installed)."""
        self._simplemma = SimplemmaLemmatizer()
        self._fi: Lemmatizer = self._simplemma
        if finnish_backend(finnish) == "voikko":
            self._fi = VoikkoLemmatizer()
        self.boilerplate_stopwords = boilerplate_stopwords
        self._cache: BoundedCache[tuple[str, str], WordAnalysis] = BoundedCache()
        self._terms_cache: BoundedCache[tuple[str, str], tuple[str, ...]] = BoundedCache()
        self._tokens_lru: BoundedCache[tuple[str, str], list[Token]] = BoundedCache(2048)
        self._stop = {lang: stopwords(lang, boilerplate_stopwords) for lang in LANGS}

    @property
    def name(self) -> str:
        return f"v{ANALYSIS_VERSION};fi={self._fi.name}"

    @property
    def cache_tag(self) -> str:
        """Identifies everything that determines `terms` output, for persisted caches."""
        return f"{self.name};boilerplate={int(self.boilerplate_stopwords)}"

    @property
    def finnish_backend(self) -> str:
        return self._fi.name

    def _lemma(self, word: str, lang: str) -> WordAnalysis:
        key = (lang, word)
        hit = self._cache.get(key)
        if hit is None:
            if word.isdigit():
                hit = (word, (), ())
            elif lang == "fi":
                hit = self._fi.lemma(word, lang)
            else:
                hit = self._simplemma.lemma(word, lang)
            self._cache[key] = hit
        return hit

    def tokens_cached(self, text: str, lang: str, size: int = 2048) -> list[Token]:
        """`tokens` through a small bounded cache (explanations show the same passages often)."""
        key = (lang, text)
        hit = self._tokens_lru.get(key)
        if hit is None:
            self._tokens_lru.maxsize = max(1, size)
            hit = self._tokens_lru[key] = self.tokens(text, lang)
        return hit

    def tokens(self, text: str, lang: str) -> list[Token]:
        """All words of a text with lemmas and parts, stopwords included."""
        raw = [(m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(text)]
        out: list[Token] = []
        for i, (word, start, end) in enumerate(raw):
            if word.endswith("-") and len(word) > 1:
                # "sosiaali- ja terveyspalvelut": borrow the head of the next compound.
                lemma = word.rstrip("-")
                parts: tuple[str, ...] = ()
                if i + 2 < len(raw) and raw[i + 1][0] in _COORD:
                    nparts = self._lemma(raw[i + 2][0], lang)[2]
                    if nparts:
                        base = self._lemma(lemma, lang)[0]
                        parts = (base, nparts[-1])
                        lemma = base + nparts[-1]
                out.append(Token(word, lemma, parts, start, end))
                continue
            lemma, alts, parts = self._lemma(word, lang)
            out.append(Token(word, lemma, parts, start, end, alts))
        return out

    def save_cache(self, path: str | os.PathLike[str]) -> None:
        """Persist the word analyses so a new process need not ask Voikko again."""
        words: dict[str, dict[str, list]] = {}
        for (lang, word), (lemma, alts, parts) in self._cache.items():
            words.setdefault(lang, {})[word] = [lemma, list(alts), list(parts)]
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".words-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"analyser": self.name, "words": words}, fh, ensure_ascii=False)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def load_cache(self, path: str | os.PathLike[str]) -> int:
        """Load word analyses saved by the same analyser; returns how many were loaded."""
        try:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
        except (OSError, ValueError):
            return 0
        if not isinstance(data, dict) or data.get("analyser") != self.name:
            return 0
        n = 0
        for lang, words in (data.get("words") or {}).items():
            for word, (lemma, alts, parts) in words.items():
                self._cache[(lang, word)] = (lemma, tuple(alts), tuple(parts))
                n += 1
        return n

    def is_stop(self, lemma: str, lang: str) -> bool:
        return lemma in self._stop.get(lang, ())

    def _word_terms(self, word: str, lang: str) -> tuple[str, ...]:
        key = (lang, word)
        hit = self._terms_cache.get(key)
        if hit is None:
            lemma, alts, parts = self._lemma(word, lang)
            stop = self._stop.get(lang, frozenset())
            tok = Token(word, lemma, parts, 0, 0, alts)
            hit = tuple(t for t in tok.terms() if t not in stop and len(t) > 1)
            self._terms_cache[key] = hit
        return hit

    def terms(self, text: str, lang: str) -> list[str]:
        """Index terms (lemmas and compound parts) without stopwords.

        The hot path of indexing: a dictionary lookup per word; only the rare
        "sosiaali- ja ..." construction goes through `tokens`.
        """
        low = text.lower()
        if "- " in low:
            stop = self._stop.get(lang, frozenset())
            return [t for tok in self.tokens(text, lang) for t in tok.terms() if t not in stop and len(t) > 1]
        out: list[str] = []
        for word in _WORD.findall(low):
            out.extend(self._word_terms(word, lang))
        return out


def detect_language(text: str, default: str = "fi") -> str:
    """Best guess among fi/sv/en for a query whose language was not given."""
    import simplemma

    try:
        ranked = simplemma.langdetect(text, lang=LANGS, low_memory=True)
    except Exception:  # noqa: BLE001 - detection is a convenience, never fatal
        return default
    best, score = ranked[0]
    return best if best in LANGS and score > 0 else default
