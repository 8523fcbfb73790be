"""Dense retrieval over passages, with an on-disk embedding cache keyed by content hash.

Every language version of a service is split into passages (see passages.py) and each
passage is encoded once: the cache key is a hash of the encoder name and the passage
text, so re-indexing after an edit encodes only the passages whose text changed, and a
paragraph shared by many services (a common general description) is encoded once.

A service's dense score for a need combines, for its version in the need's language
(Finnish if that version is missing): the head passage, the mean of its passages and the
best single passage (max-sim); plus, with a smaller weight, the same averaged over all
its language versions, since each translation is another view of the same service.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse

from .analysis import LANGS
from .encoders import Encoder
from .passages import Passage, passages
from .types import ServiceDocument


class EmbeddingCache:
    """Passage vectors by content hash; optionally persisted as one .npz file.

    The file holds `keys` (16-byte digests, uint8) and `vectors`; it is replaced atomically,
    so a crash never leaves a half-written cache behind.
    """

    def __init__(self, encoder: Encoder, path: str | os.PathLike[str] | None = None) -> None:
        self.encoder = encoder
        self.path = Path(path) if path is not None else None
        self._index: dict[bytes, int] = {}
        self._vectors = np.zeros((0, encoder.dim), dtype=np.float32)
        self._count = 0
        self.encoded = 0  # passages encoded by this instance (cache misses)
        self.hits = 0
        self.on_disk = 0  # entries in the file as last loaded or saved
        if self.path is not None and self.path.exists():
            self._load()

    def key(self, text: str) -> bytes:
        return hashlib.sha256(f"{self.encoder.name}\0{text}".encode()).digest()[:16]

    def __len__(self) -> int:
        return self._count

    def has(self, key: bytes) -> bool:
        return key in self._index

    def _load(self) -> None:
        assert self.path is not None
        try:
            with np.load(self.path, allow_pickle=False) as data:
                keys = data["keys"]
                vectors = np.asarray(data["vectors"], dtype=np.float32)
        except (OSError, ValueError, KeyError):
            return  # unreadable cache: start empty, it is only a cache
        if vectors.ndim != 2 or vectors.shape[1] != self.encoder.dim or keys.shape != (len(vectors), 16):
            return
        raw = np.ascontiguousarray(keys, dtype=np.uint8).tobytes()
        self._vectors = vectors
        self._count = self.on_disk = len(vectors)
        self._index = {raw[i * 16 : (i + 1) * 16]: i for i in range(len(vectors))}

    def _append(self, vectors: np.ndarray) -> None:
        need = self._count + len(vectors)
        if need > len(self._vectors):
            grown = np.zeros((max(need, int(len(self._vectors) * 1.5) + 1024), self.encoder.dim), np.float32)
            grown[: self._count] = self._vectors[: self._count]
            self._vectors = grown
        self._vectors[self._count : need] = vectors
        self._count = need

    def put(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Store vectors computed elsewhere (e.g. another cache) under their texts."""
        fresh = [(self.key(t), v) for t, v in zip(texts, vectors, strict=True)]
        fresh = [(k, v) for k, v in dict(fresh).items() if k not in self._index]
        if fresh:
            start = self._count
            self._append(np.asarray([v for _, v in fresh], dtype=np.float32))
            for i, (k, _) in enumerate(fresh):
                self._index[k] = start + i

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for passages, encoding (in one batch) only those not cached."""
        keys = [self.key(t) for t in texts]
        missing: dict[bytes, str] = {}
        for k, t in zip(keys, texts, strict=True):
            if k not in self._index and k not in missing:
                missing[k] = t
        self.hits += len(texts) - len(missing)
        if missing:
            vecs = np.asarray(self.encoder.encode_passages(list(missing.values())), dtype=np.float32)
            start = self._count
            self._append(vecs)
            for i, k in enumerate(missing):
                self._index[k] = start + i
            self.encoded += len(missing)
        rows = np.fromiter((self._index[k] for k in keys), dtype=np.int64, count=len(keys))
        return self._vectors[rows]

    def compact(self, keys: Sequence[bytes]) -> np.ndarray:
        """Keep only `keys` (all cached), stored in that order; returns their vectors.

        The returned array is a view of the cache's storage, valid until the next
        change to the cache.
        """
        rows = np.fromiter((self._index[k] for k in keys), dtype=np.int64, count=len(keys))
        self._vectors = np.ascontiguousarray(self._vectors[rows])
        self._count = len(keys)
        self._index = {k: i for i, k in enumerate(keys)}
        return self._vectors[: self._count]

    def save(self, keep: set[bytes] | None = None) -> None:
        """Write the cache (only entries in `keep`, if given) atomically to its path."""
        if self.path is None:
            return
        items = [(k, i) for k, i in self._index.items() if keep is None or k in keep]
        # Raw digest bytes as uint8 rows (numpy "S" strings would drop trailing NULs).
        keys = np.frombuffer(b"".join(k for k, _ in items), dtype=np.uint8).reshape(len(items), 16)
        vectors = (
            self._vectors[[i for _, i in items]] if items else np.zeros((0, self.encoder.dim), np.float32)
        )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".emb-", suffix=".npz")
        try:
            with os.fdopen(fd, "wb") as fh:
                np.savez(fh, keys=keys, vectors=vectors)
            os.replace(tmp, self.path)
            self.on_disk = len(items)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def _row_norms(m: sparse.csr_matrix, vectors: np.ndarray, block: int = 4096) -> np.ndarray:
    """Euclidean norms of the rows of `m @ vectors`, without materialising it all."""
    out = np.empty(m.shape[0], np.float32)
    for start in range(0, m.shape[0], block):
        part = np.asarray(m[start : start + block] @ vectors)
        out[start : start + block] = np.sqrt(np.einsum("ij,ij->i", part, part))
    return out


def _row_normalised(m: sparse.csr_matrix, vectors: np.ndarray) -> sparse.csr_matrix:
    """`m` with each row scaled so that its row of `m @ vectors` has unit length.

    Rows with a single entry are left alone (the cached vectors are unit length).
    """
    m = m.tocsr().astype(np.float32)
    multi = np.flatnonzero(np.diff(m.indptr) > 1)
    if len(multi):
        norms = _row_norms(m[multi], vectors)
        scale = np.ones(m.shape[0], np.float32)
        scale[multi] = 1.0 / np.maximum(norms, 1e-12)
        m = sparse.diags(scale) @ m
    return sparse.csr_matrix(m, dtype=np.float32)


@dataclass(frozen=True, slots=True)
class DenseBuild:
    keys: set[bytes]  # cache keys of every text the catalogue's passages are made of
    encoded: int  # texts sent to the encoder in this build
    pending: int  # texts still without a vector (only with an encoding budget)
    passages: int = 0  # distinct passages


@dataclass(frozen=True, slots=True)
class DenseWeights:
    """Weights of the dense components (see the module docstring)."""

    head: float = 0.0  # the head is one of the passages already; extra weight did not help
    mean: float = 1.0
    max: float = 1.0
    other_languages: float = 0.5


class DenseIndex:
    """Passage vectors grouped by (service, language) with vectorised scoring.

    With `units="passage"` (the default) every passage is encoded whole. With
    `units="sentence"` what is encoded and cached is each part of a
    passage: the name, the summary, each description sentence. A passage's vector is
    the word-weighted mean of its parts' vectors, normalised (the encoder mean-pools
    over tokens, so this approximates encoding the passage whole). A sentence shared by
    many services, e.g. of a national general description that local services
    instantiate, is then encoded once however the services around it differ; but
    the derived vectors lose the context the encoder sees in a whole passage (nDCG@10
    0.712 instead of 0.813 on the development set), so it is not the default.
    `description_langs` / `head_langs` limit which language versions' description
    chunks / head passages are encoded (None = all).
    """

    encode_batch = 64

    def __init__(
        self,
        weights: DenseWeights | None = None,
        max_words: int = 60,
        units: str = "passage",
        description_langs: tuple[str, ...] | None = None,
        head_langs: tuple[str, ...] | None = None,
        paragraph_words: int | None = None,
        description_chunks: int | None = None,
    ) -> None:
        if units not in ("sentence", "passage"):
            raise ValueError(f"units must be 'sentence' or 'passage', not {units!r}")
        self.weights = weights or DenseWeights()
        self.max_words = max_words
        self.units = units
        self.description_langs = description_langs
        self.head_langs = head_langs
        self.paragraph_words = paragraph_words
        self.description_chunks = description_chunks  # the first n chunks only (None: all)
        self.size = 0
        self._U = np.zeros((0, 0), np.float32)
        self._M = sparse.csr_matrix((0, 0), dtype=np.float32)

    def split(self, doc: ServiceDocument) -> list[tuple[int, int, tuple[str, ...]]]:
        """(language code, position, texts to encode) for each passage of a service."""
        out = []
        langs = doc.languages_with_text()
        # A service with no version in the chosen languages is encoded in all of its own.
        heads, descs = (
            (set(langs) if chosen is None or not set(chosen) & set(langs) else set(chosen))
            for chosen in (self.head_langs, self.description_langs)
        )
        for lang in langs:
            code = LANGS.index(lang) if lang in LANGS else len(LANGS)
            for pos, p in enumerate(passages(doc, lang, self.max_words, self.paragraph_words)):
                if lang not in (descs if pos else heads):
                    continue
                if pos and self.description_chunks is not None and pos > self.description_chunks:
                    break
                out.append((code, pos, p.parts if self.units == "sentence" else (p.text,)))
        return out

    def build(
        self,
        docs: Sequence[ServiceDocument],
        cache: EmbeddingCache,
        budget_s: float | None = None,
        memo: dict[str, list[tuple[int, int, tuple[str, ...]]]] | None = None,
        urgent: set[int] | None = None,
    ) -> DenseBuild:
        """Encode (through the cache) and index the passages of every service.

        With `budget_s`, encoding stops after the batch that crosses that many seconds
        (0 encodes nothing) and the texts not yet encoded stay *pending*: the index works
        without the passages that need them (a service's score uses the passages it
        has) and a later build encodes more. Texts are encoded in order of usefulness,
        so a short budget still gives every service a vector: Finnish heads, other
        heads, Finnish description chunks, the rest.
        `memo` (text hash -> split) spares re-splitting unchanged services. Texts of the
        services in `urgent` (positions; e.g. the ones just edited) are encoded first
        and regardless of the budget, so an edit is never stuck behind a backlog.
        """
        p_doc: list[int] = []
        p_code: list[int] = []
        p_pos: list[int] = []
        p_units: list[tuple[str, ...]] = []
        for d, doc in enumerate(docs):
            h = doc.text_hash() if memo is not None else ""
            split = memo.get(h) if memo is not None else None
            if split is None:
                split = self.split(doc)
                if memo is not None:
                    memo[h] = split
            for code, pos, units in split:
                p_doc.append(d)
                p_code.append(code)
                p_pos.append(pos)
                p_units.append(units)
        p_keys = [tuple(cache.key(t) for t in units) for units in p_units]
        before = cache.encoded
        missing: dict[bytes, tuple[tuple[bool, bool, int], str]] = {}
        for d, code, pos, units, ks in zip(p_doc, p_code, p_pos, p_units, p_keys, strict=True):
            prio = (pos > 0, code != 0, d)
            for k, t in zip(ks, units, strict=True):
                if k in missing:
                    if prio < missing[k][0]:
                        missing[k] = (prio, t)
                elif not cache.has(k):
                    missing[k] = (prio, t)
        urgent = urgent or set()
        now = [text for (_, _, d), text in missing.values() if d in urgent]
        if now:
            cache.vectors(now)
        backlog = [item for item in missing.values() if item[0][2] not in urgent]
        if backlog and (budget_s is None or budget_s > 0):
            order = sorted(backlog, key=lambda item: item[0])
            deadline = None if budget_s is None else time.monotonic() + budget_s
            for start in range(0, len(order), self.encode_batch):
                cache.vectors([text for _, text in order[start : start + self.encode_batch]])
                if deadline is not None and time.monotonic() >= deadline:
                    break
        keep = [i for i, ks in enumerate(p_keys) if all(cache.has(k) for k in ks)]
        self.size = len(docs)
        dim = cache.encoder.dim
        # The cache is compacted to exactly the catalogue's distinct texts, and the index
        # scores against a view of it: one copy of the vectors in memory, and a text
        # shared by many services is stored and multiplied once. Passages are rows of a
        # sparse (passage x text) matrix whose weights make each row a unit vector.
        unique = list(dict.fromkeys(k for i in keep for k in p_keys[i]))
        self._U = cache.compact(unique) if unique else np.zeros((0, dim), np.float32)
        slot = {k: j for j, k in enumerate(unique)}
        indptr = np.zeros(len(keep) + 1, dtype=np.int64)
        cols: list[int] = []
        vals: list[float] = []
        for r, i in enumerate(keep):
            units = p_units[i]
            for k, t in zip(p_keys[i], units, strict=True):
                cols.append(slot[k])
                vals.append(float(max(len(t.split()), 1)) if len(units) > 1 else 1.0)
            indptr[r + 1] = len(cols)
        raw = sparse.csr_matrix(
            (np.asarray(vals, np.float32), np.asarray(cols, np.int64), indptr), shape=(len(keep), len(unique))
        )
        self._M = _row_normalised(raw, self._U)
        self._p_pos = np.asarray([p_pos[i] for i in keep], dtype=np.int32)
        g_doc: list[int] = []
        g_lang: list[int] = []
        g_start: list[int] = []
        prev = None
        for row, i in enumerate(keep):
            group = (p_doc[i], p_code[i])
            if group != prev:
                g_doc.append(group[0])
                g_lang.append(group[1])
                g_start.append(row)
                prev = group
        self._g_doc = np.asarray(g_doc, dtype=np.int64)
        self._g_lang = np.asarray(g_lang, dtype=np.int64)
        self._g_start = np.asarray(g_start, dtype=np.int64)
        self._g_end = np.append(self._g_start[1:], len(keep)).astype(np.int64)
        # Cosine with a group's mean vector = (sum of the passages' cosines) / |sum of
        # the passage vectors|, so only the norms are kept and scoring reuses the passage
        # similarities (no second matrix product per query).
        if len(self._g_start):
            member = sparse.csr_matrix(
                (np.ones(len(keep), np.float32), np.arange(len(keep)), np.append(self._g_start, len(keep))),
                shape=(len(self._g_start), len(keep)),
            )
            sums = _row_norms(member @ self._M, self._U)
            self._inv_norm = (1.0 / np.maximum(sums, 1e-12)).astype(np.float32)
        else:
            self._inv_norm = np.zeros(0, np.float32)
        self._groups_per_doc = np.maximum(np.bincount(self._g_doc, minlength=len(docs)), 1)
        # For each language, the group to use per document: that language, else Finnish,
        # else whatever the document has.
        self._own: dict[str, np.ndarray] = {}
        first = np.full(len(docs), -1, dtype=np.int64)
        for g in range(len(g_doc) - 1, -1, -1):
            first[g_doc[g]] = g
        by_lang = {}
        for li, lang in enumerate(LANGS):
            arr = np.full(len(docs), -1, dtype=np.int64)
            sel = np.flatnonzero(self._g_lang == li)
            arr[self._g_doc[sel]] = sel
            by_lang[lang] = arr
        for lang in LANGS:
            own = by_lang[lang].copy()
            own = np.where(own >= 0, own, by_lang["fi"])
            self._own[lang] = np.where(own >= 0, own, first)
        self._has_text = first >= 0
        all_keys = {k for ks in p_keys for k in ks}
        return DenseBuild(
            keys=all_keys,
            encoded=cache.encoded - before,
            pending=len(all_keys) - len(unique),
            passages=len(set(p_keys)),
        )

    @property
    def texts(self) -> int:
        """Distinct encoded texts the index scores against."""
        return len(self._U)

    def own_groups(self, lang: str) -> np.ndarray:
        return self._own.get(lang, self._own["fi"])

    def scores(self, qvec: np.ndarray, lang: str) -> tuple[np.ndarray, np.ndarray]:
        """(dense score per service, passage similarities) for a query vector."""
        if not len(self._g_start):
            return np.zeros(self.size, np.float32), np.zeros(0, np.float32)
        w = self.weights
        # einsum, not BLAS: OpenBLAS's threaded sgemv was 2-3x slower than this
        # single-threaded loop on the shared 2-core machine (its threads spin against
        # other processes); the product is memory-bound either way.
        s = self._M @ np.einsum("ij,j->i", self._U, np.asarray(qvec, dtype=np.float32))
        comp = w.max * np.maximum.reduceat(s, self._g_start)
        if w.mean:
            comp = comp + w.mean * np.add.reduceat(s, self._g_start) * self._inv_norm
        if w.head:
            comp = comp + w.head * s[self._g_start]
        own = self.own_groups(lang)
        out = np.where(own >= 0, comp[np.maximum(own, 0)], 0.0)
        if w.other_languages:
            cross = np.bincount(self._g_doc, weights=comp, minlength=self.size) / self._groups_per_doc
            out = out + w.other_languages * cross
        out = np.where(self._has_text, out, np.nan)
        return out.astype(np.float32), s

    def best_passage(
        self, doc: ServiceDocument, doc_index: int, lang: str, passage_sims: np.ndarray
    ) -> tuple[Passage, float] | None:
        """The passage of the service (in the need's language) most similar to the need."""
        g = int(self.own_groups(lang)[doc_index])
        if g < 0 or not len(passage_sims):
            return None
        start, end = int(self._g_start[g]), int(self._g_end[g])
        j = start + int(np.argmax(passage_sims[start:end]))
        plang = LANGS[int(self._g_lang[g])] if self._g_lang[g] < len(LANGS) else lang
        ps = passages(doc, plang, self.max_words, self.paragraph_words)
        pos = int(self._p_pos[j])
        if pos >= len(ps):
            return None
        return ps[pos], float(passage_sims[j])
