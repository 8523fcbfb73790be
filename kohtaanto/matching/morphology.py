"""The one Finnish morphological analyser: Voikko when installed, else simplemma.

Both the service matcher (analysis.py: search terms) and the ESCO suggester
(esco/analysis.py: occupation and skill titles) read words through this module, so the
backend is chosen in one place, one Voikko handle serves the process, and every cache
is bounded: a long-running web process sees an open-ended vocabulary (typos, names),
and an unbounded dictionary per analyser would only ever grow.
"""

from __future__ import annotations

import logging
import threading
from functools import lru_cache
from typing import Any, Generic, TypeVar

log = logging.getLogger(__name__)

BACKENDS = ("auto", "voikko", "simplemma")
# Word-level caches: the Finnish vocabulary of the PTV catalogue plus ESCO is ~60,000
# word forms; this bound keeps the hot set and caps memory at a few tens of MB.
WORD_CACHE_SIZE = 131_072

K = TypeVar("K")
V = TypeVar("V")


class BoundedCache(Generic[K, V]):
    """A dict with a size bound: when full, the oldest entries go (first in, first out).

    Reads stay a plain `dict.get` (the indexing hot path); eviction drops the oldest
    eighth at once so that it is rare.
    """

    __slots__ = ("_data", "maxsize")

    def __init__(self, maxsize: int = WORD_CACHE_SIZE) -> None:
        if maxsize < 1:
            raise ValueError("maxsize must be positive")
        self.maxsize = maxsize
        self._data: dict[K, V] = {}

    def get(self, key: K) -> V | None:
        return self._data.get(key)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __setitem__(self, key: K, value: V) -> None:
        data = self._data
        if len(data) >= self.maxsize and key not in data:
            drop = max(1, self.maxsize // 8)
            for old in list(data)[:drop]:
                del data[old]
        data[key] = value

    def __len__(self) -> int:
        return len(self._data)

    def items(self):  # noqa: ANN201 - a dict items view
        return self._data.items()

    def clear(self) -> None:
        self._data.clear()


# -- simplemma (always available) -------------------------------------------------------
@lru_cache(maxsize=WORD_CACHE_SIZE)
def sm_lemma(word: str, lang: str) -> str:
    """simplemma's lemma, lower-cased; the word itself for an unsupported language."""
    import simplemma

    try:
        # low_memory: the Finnish dictionary alone is ~340 MB resident otherwise.
        return simplemma.lemmatize(word, lang=lang, low_memory=True).lower()
    except ValueError:
        return word


@lru_cache(maxsize=WORD_CACHE_SIZE)
def sm_known(word: str, lang: str) -> bool:
    """True when simplemma's dictionary lists the word (any form)."""
    import simplemma

    try:
        return bool(simplemma.is_known(word, lang, low_memory=True))
    except ValueError:
        return False


# -- Voikko (Debian's libvoikko1 + voikko-fi, when installed) -------------------------------
class Voikko:
    """The process-wide Voikko handle behind a lock (a handle is not thread-safe)."""

    def __init__(self) -> None:
        import libvoikko

        self._handle = libvoikko.Voikko("fi")
        self._lock = threading.Lock()
        self.analyze = lru_cache(maxsize=WORD_CACHE_SIZE)(self._analyze)

    def _analyze(self, word: str) -> tuple[dict[str, Any], ...]:
        with self._lock:
            return tuple(self._handle.analyze(word))


_VOIKKO_LOCK = threading.Lock()
_voikko: Voikko | None = None
_voikko_failed = False


def voikko() -> Voikko | None:
    """The shared Voikko analyser, or None when libvoikko or its dictionary is missing."""
    global _voikko, _voikko_failed
    with _VOIKKO_LOCK:
        if _voikko is None and not _voikko_failed:
            try:
                _voikko = Voikko()
            except Exception as exc:  # noqa: BLE001 - OSError, ImportError, missing dictionary
                log.info("Voikko not available (%s); using simplemma", exc)
                _voikko_failed = True
        return _voikko


def finnish_backend(choice: str = "auto") -> str:
    """Resolve "auto" / "voikko" / "simplemma" to the backend actually used."""
    if choice not in BACKENDS:
        raise ValueError(f"unknown Finnish analyser {choice!r}")
    if choice == "simplemma":
        return "simplemma"
    if voikko() is not None:
        return "voikko"
    if choice == "voikko":
        raise RuntimeError("Voikko requested but libvoikko or its Finnish dictionary is missing")
    return "simplemma"
