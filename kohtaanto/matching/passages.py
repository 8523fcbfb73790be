"""Splitting a service description into passages for the dense encoder.

A description covers several things (who it is for, what happens, how to apply); one
embedding of the whole text blurs them, and the encoder's cost grows with length.
Each language version becomes a *head* passage ("name. summary") plus description
chunks of a few sentences, the description chunked as written. (Dropping description
sentences that repeat the summary saves a little encoder time but cost 0.017 nDCG@10 on
the development set: the summary is the provider's own statement of what the service
is, and repeating it weights it in the service's mean vector.)
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .types import ServiceDocument

# Sentence end: . ! ? : ; followed by space and an upper-case letter, digit, quote or bullet.
_SENT_END = re.compile(r"(?<=[.!?:;])\s+(?=[A-ZÅÄÖÜ0-9\"“”•\-–])")
_BULLET = re.compile(r"^\s*[•\-–*]\s*")


@dataclass(frozen=True, slots=True)
class Passage:
    """A piece of one language version of a service, as encoded and shown to users."""

    lang: str
    kind: str  # "head" or "description"
    text: str
    # What the passage is made of: (name, summary) for a head, the sentences of a
    # description chunk. With sentence units (the default) each part is encoded on its
    # own and the passage's vector is derived from them (see dense.py).
    parts: tuple[str, ...] = ()


def sentences(text: str) -> list[str]:
    """Split a text into sentences, treating line breaks and bullets as boundaries."""
    out: list[str] = []
    for para in re.split(r"\n+", text):
        para = _BULLET.sub("", para).strip()
        if not para:
            continue
        out.extend(s.strip() for s in _SENT_END.split(para) if s.strip())
    return out


def chunk_sentences(sents: list[str], max_words: int = 60) -> list[str]:
    """Greedy chunks of whole sentences, at most max_words words unless one is longer."""
    return [" ".join(g) for g in chunk_groups(sents, max_words)]


def head_text(doc: ServiceDocument, lang: str) -> str:
    name = doc.name.get(lang, "").strip()
    summary = doc.summary.get(lang, "").strip()
    if name and summary:
        sep = " " if name.endswith((".", "!", "?", ":")) else ". "
        return f"{name}{sep}{summary}"
    return name or summary


def _grouped(paragraphs: list[list[str]], max_words: int, min_words: float) -> list[list[str]]:
    """Greedy groups of whole sentences of at most max_words words (unless one sentence
    is longer); a paragraph break also ends a group that has min_words words."""
    groups: list[list[str]] = []
    current: list[str] = []
    words = 0
    for para in paragraphs:
        if current and words >= min_words:
            groups.append(current)
            current, words = [], 0
        for s in para:
            n = len(s.split())
            if current and words + n > max_words:
                groups.append(current)
                current, words = [], 0
            current.append(s)
            words += n
    if current:
        groups.append(current)
    return groups


def chunk_groups(sents: list[str], max_words: int = 60) -> list[list[str]]:
    """`chunk_sentences`, but each chunk as its list of sentences."""
    return _grouped([sents], max_words, math.inf)


def paragraph_groups(text: str, max_words: int = 60, min_words: int = 0) -> list[list[str]]:
    """Chunks as `chunk_groups`, also ended by a line break once they have `min_words`."""
    return _grouped([sentences(para) for para in re.split(r"\n+", text)], max_words, min_words)


def passages(
    doc: ServiceDocument, lang: str, max_words: int = 60, paragraph_words: int | None = None
) -> list[Passage]:
    """Head passage first, then description chunks, for one language version.

    With `paragraph_words` (an int), a line break also ends a chunk that has at least
    that many words (0: every line break): a local paragraph added to a shared general
    description is then a chunk of its own and the general text's chunks stay as they
    were (encoded once for all the services that use it).
    """
    out: list[Passage] = []
    head = head_text(doc, lang)
    if head:
        name = doc.name.get(lang, "").strip()
        summary = doc.summary.get(lang, "").strip()
        out.append(Passage(lang, "head", head, tuple(t for t in (name, summary) if t)))
    text = doc.description.get(lang, "")
    groups = (
        chunk_groups(sentences(text), max_words)
        if paragraph_words is None
        else paragraph_groups(text, max_words, paragraph_words)
    )
    out.extend(Passage(lang, "description", " ".join(g), tuple(g)) for g in groups)
    return out
