"""Query understanding: language, lexical terms, and the text the dense encoder sees.

Case notes share a frame ("Asiakas tarvitsee ...", "Klienten behöver ...", "The client
needs ...") that says nothing about *which* service fits. For the lexical side BM25's idf
already discounts it; for the dense side it dominates a short sentence's embedding, so
the encoder gets the need without function words and that frame. On the development set
this lifted the dense model's nDCG@10 by about 0.03; it uses only the generic stopword
lists, nothing specific to any query or service.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .analysis import LANGS, TextAnalyzer, Token, detect_language
from .stopwords import stopwords


class NeedError(ValueError):
    """A need the matcher cannot rank for (empty); the message is for the user."""


def bounded_need(need: str, max_chars: int) -> tuple[str, int]:
    """(the need stripped and cut to `max_chars` at a word boundary, its original length).

    A 100 kB paste would cost seconds of analysis for nothing: the encoder reads only its
    first few hundred tokens anyway. An empty need is refused rather than answered with
    an arbitrary ranking.
    """
    text = need.strip() if isinstance(need, str) else ""
    if not text:
        raise NeedError("the need is empty: describe the client's situation in a few words")
    if len(text) <= max_chars:
        return text, len(text)
    cut = text[:max_chars]
    space = cut.rfind(" ")
    return (cut[:space] if space > max_chars // 2 else cut).rstrip(), len(text)


@dataclass(slots=True)
class Query:
    text: str
    lang: str
    lang_detected: bool
    tokens: list[Token]
    terms: list[str]  # BM25 terms: lemmas and compound parts, function words removed
    dense_text: str
    term_words: dict[str, list[str]] = field(default_factory=dict)  # term -> need words


def analyse_query(text: str, analyzer: TextAnalyzer, lang: str | None = None) -> Query:
    """Analyse a need; `lang` None or unknown means detect among fi/sv/en."""
    detected = lang not in LANGS
    qlang = detect_language(text) if detected else str(lang)
    tokens = analyzer.tokens(text, qlang)
    terms: list[str] = []
    term_words: dict[str, list[str]] = {}
    for tok in tokens:
        for term in tok.terms():
            if analyzer.is_stop(term, qlang) or len(term) < 2:
                continue
            terms.append(term)
            words = term_words.setdefault(term, [])
            if tok.surface not in words:
                words.append(tok.surface)
    frame = stopwords(qlang, boilerplate=True)
    content = [text[t.start : t.end] for t in tokens if t.lemma not in frame and t.surface not in frame]
    dense_text = " ".join(content) if content else text
    return Query(text, qlang, detected, tokens, terms, dense_text, term_words)


def need_phrases(query: Query, matched_terms: set[str], analyzer: TextAnalyzer) -> list[dict]:
    """Spans of the need whose words matched, joining runs across function words."""
    spans: list[list[int]] = []
    open_run = False
    prev_end = 0
    for tok in query.tokens:
        if query.text[prev_end : tok.start].strip():
            open_run = False  # punctuation ends a phrase
        prev_end = tok.end
        if any(t in matched_terms for t in tok.terms()):
            if open_run:
                spans[-1][1] = tok.end
            else:
                spans.append([tok.start, tok.end])
            open_run = True
        elif not (open_run and analyzer.is_stop(tok.lemma, query.lang)):
            open_run = False  # a function word inside a run keeps it open
    return [{"text": query.text[a:b], "start": a, "end": b} for a, b in spans]
