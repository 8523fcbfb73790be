"""Character n-gram similarity between a title and labels (TF-IDF over 3-5-grams).

This catches what word analysis misses: spelling variants, unknown compounds and
words the lemmatiser does not know ("koulunkäyntiavustaja" vs "koulunkäynninohjaaja",
"ict-arkkitehti" vs "ICT-järjestelmäarkkitehti"). It runs on lemmatised text so
that inflection does not dilute the grams.
"""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer


class NgramIndex:
    """Label strings of each concept as sparse TF-IDF rows; similarity is the best row per concept."""

    def __init__(self, texts: list[str], owners: list[int], n_concepts: int) -> None:
        pairs = list(dict.fromkeys(zip(texts, owners, strict=True)))  # many labels repeat
        self.vectorizer = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, dtype=np.float32
        )
        self.matrix = self.vectorizer.fit_transform([t for t, _ in pairs]).T.tocsr()
        self.owners = np.asarray([o for _, o in pairs], dtype=np.int32)
        self.n_concepts = n_concepts

    def similarity(self, queries: list[str]) -> np.ndarray:
        """Best cosine per concept over its labels and over the query strings (n_concepts,)."""
        out = np.zeros(self.n_concepts, dtype=np.float32)
        if not queries:
            return out
        sims = (self.vectorizer.transform(queries) @ self.matrix).toarray().max(axis=0)
        np.maximum.at(out, self.owners, sims.astype(np.float32))
        return out
