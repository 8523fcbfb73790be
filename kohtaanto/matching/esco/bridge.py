"""Finnish text → ESCO skills through the Finnish occupations that need them.

ESCO skills carry English labels only, so Finnish words ("kassatyö") never meet them
lexically, and e5 alone confuses short Finnish phrases with unrelated English ones. The
occupations, though, have Finnish labels and descriptions ("Kassanhoitajat käsittelevät
kassakoneita ..."), and ESCO links each occupation to its essential and optional skills.
A Finnish phrase is matched (TF-IDF over lemmas and compound parts) against the Finnish
occupation labels and descriptions; the skills of the best occupations then get evidence
in proportion to how well their occupations matched. It is a prior over the skills, which
the dense and lexical signals then order, not a ranking on its own.

The same occupations give a Finnish → English word lexicon: each Finnish description is a
translation of the English one, so a Finnish word's English counterparts are the English
words that occur in the same occupations' texts far more often than chance (Dice). A
Finnish phrase becomes weighted English words ("kassatyö" → cash, register, ...), matched
against the skills' English labels.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from ..analysis import TextAnalyzer
from .model import EscoRelease

LABEL_WEIGHT = 3  # label terms count as this many description mentions
OPTIONAL_WEIGHT = 0.3  # an optional skill says less about the occupation than an essential one


class OccupationBridge:
    """Skill evidence for a Finnish text from the occupations its words describe."""

    def __init__(self, release: EscoRelease, analyzer: TextAnalyzer, top: int = 8) -> None:
        self.analyzer, self.top = analyzer, top
        docs: list[list[str]] = []
        for uri in release.occupation_uris:
            occ = release.occupations[uri]
            labels = occ.labels.get("fi")
            terms: list[str] = []
            if labels is not None:
                for text in (labels.preferred, *labels.alt):
                    terms += analyzer.terms(text, "fi") * LABEL_WEIGHT
            terms += analyzer.terms(occ.description.get("fi", ""), "fi")
            docs.append(terms)
        self._vectorizer = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, min_df=1)
        self._occupations = self._vectorizer.fit_transform(docs).tocsr()
        weights = np.where(release.rel_essential, 1.0, OPTIONAL_WEIGHT).astype(np.float32)
        self._links = sparse.csr_matrix(
            (weights, (release.rel_occupation, release.rel_skill)),
            shape=(len(release.occupations), len(release.skills)),
        )
        self.n_skills = len(release.skills)
        self._lexicon = Lexicon(release, analyzer)
        skill_docs: list[list[str]] = []
        for uri in release.skill_uris:
            en = release.skills[uri].labels.get("en")
            texts = (en.preferred, *en.alt) if en is not None else ()
            skill_docs.append([t for text in texts for t in analyzer.terms(text, "en")])
        self._skill_vectorizer = TfidfVectorizer(analyzer=_identity, sublinear_tf=True)
        self._skills = self._skill_vectorizer.fit_transform(skill_docs).tocsr()
        specificity = np.bincount(release.rel_skill, minlength=self.n_skills).astype(np.float32)
        # A skill listed by hundreds of occupations ("work in teams") is weak evidence.
        self._specificity = 1.0 / np.sqrt(1.0 + np.log1p(specificity))

    def translated_scores(self, text: str) -> np.ndarray:
        """Cosine of the text's mined English counterparts to every skill's English labels."""
        weights = self._lexicon.translate(self.analyzer.terms(text, "fi"))
        out = np.zeros(self.n_skills, dtype=np.float32)
        vocab = self._skill_vectorizer.vocabulary_
        cols = [(vocab[w], v) for w, v in weights.items() if w in vocab]
        if not cols:
            return out
        query = sparse.csr_matrix(
            ([v for _, v in cols], ([0] * len(cols), [c for c, _ in cols])), shape=(1, len(vocab))
        )
        query = query.multiply(self._skill_vectorizer.idf_.reshape(1, -1)).tocsr()
        norm = float(np.sqrt(query.multiply(query).sum())) or 1.0
        return np.asarray((self._skills @ query.T).todense()).ravel().astype(np.float32) / norm

    def occupation_scores(self, text: str) -> np.ndarray:
        """Cosine of the text to every occupation's Finnish labels and description."""
        terms = self.analyzer.terms(text, "fi")
        if not terms:
            return np.zeros(self._occupations.shape[0], dtype=np.float32)
        query = self._vectorizer.transform([terms])
        return np.asarray((self._occupations @ query.T).todense()).ravel().astype(np.float32)

    def skill_scores(self, text: str) -> np.ndarray:
        """Per skill, in [0, 1]: the match-weighted share of the best occupations that list it."""
        occ = self.occupation_scores(text)
        out = np.zeros(self.n_skills, dtype=np.float32)
        best = np.argsort(-occ)[: self.top]
        best = best[occ[best] > 0]
        if not len(best):
            return out
        weights = occ[best]
        out += np.asarray(self._links[best].T @ weights).ravel()
        out *= self._specificity
        top = float(out.max())
        return out / top if top > 0 else out


class Lexicon:
    """Finnish term → English terms, mined from the aligned fi/en occupation texts."""

    def __init__(self, release: EscoRelease, analyzer: TextAnalyzer, per_term: int = 4) -> None:
        fi_docs, en_docs = [], []
        for occ in release.occupations.values():
            if "fi" not in occ.labels or "en" not in occ.labels:
                continue
            fi, en = occ.labels["fi"], occ.labels["en"]
            fi_docs.append(
                set(analyzer.terms(" ".join((fi.preferred, *fi.alt, occ.description.get("fi", ""))), "fi"))
            )
            en_docs.append(
                set(analyzer.terms(" ".join((en.preferred, *en.alt, occ.description.get("en", ""))), "en"))
            )
        self._fi_vocab = {t: i for i, t in enumerate(sorted(set().union(*fi_docs)))}
        self._en_terms = sorted(set().union(*en_docs))
        en_vocab = {t: i for i, t in enumerate(self._en_terms)}
        self._fi = _binary(fi_docs, self._fi_vocab).tocsc()
        self._en = _binary(en_docs, en_vocab).tocsr()
        self._en_df = np.asarray(self._en.sum(axis=0)).ravel()
        self.per_term = per_term

    def english(self, term: str) -> list[tuple[str, float]]:
        """The English terms that co-occur with a Finnish term, with their Dice coefficient."""
        col = self._fi_vocab.get(term)
        if col is None:
            return []
        docs = self._fi[:, col].nonzero()[0]
        if len(docs) < 2:
            return []
        together = np.asarray(self._en[docs].sum(axis=0)).ravel()
        dice = 2 * together / (len(docs) + self._en_df)
        best = np.argsort(-dice)[: self.per_term]
        return [(self._en_terms[i], float(dice[i])) for i in best if together[i] >= 2 and dice[i] >= 0.15]

    def translate(self, terms: list[str]) -> dict[str, float]:
        out: dict[str, float] = {}
        for term in terms:
            for en, weight in self.english(term):
                out[en] = max(out.get(en, 0.0), weight)
        return out


def _binary(docs: list[set[str]], vocab: dict[str, int]) -> sparse.csr_matrix:
    rows = [i for i, doc in enumerate(docs) for _ in doc]
    cols = [vocab[t] for doc in docs for t in doc]
    return sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(docs), len(vocab))
    )


def _identity(terms: list[str]) -> list[str]:
    return terms
