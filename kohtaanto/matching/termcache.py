"""Analysed terms per text, persisted, so a restarted process re-indexes in seconds.

Analysing 10,000 services word by word costs ~10 s of Python even with every word's
analysis cached; loading their term lists from this file costs ~1 s. Stored as one
.npz: a vocabulary, 16-byte text keys, offsets and int32 term ids.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import numpy as np


class TermCache:
    def __init__(self, path: str | os.PathLike[str] | None = None, tag: str = "") -> None:
        self.path = Path(path) if path is not None else None
        self.tag = tag  # analyser name and version: entries of another analyser are ignored
        self._vocab: list[str] = []
        self._ids = np.zeros(0, np.int32)
        self._loaded: dict[bytes, tuple[int, int]] = {}
        self._new: dict[bytes, list[str]] = {}
        self.used: set[bytes] = set()
        if self.path is not None and self.path.exists():
            self._load()

    def key(self, lang: str, text: str) -> bytes:
        return hashlib.sha256(f"{self.tag}\0{lang}\0{text}".encode()).digest()[:16]

    def _load(self) -> None:
        assert self.path is not None
        try:
            with np.load(self.path, allow_pickle=False) as data:
                if str(data["tag"]) != self.tag:
                    return
                vocab = data["vocab"].tolist()
                keys = np.ascontiguousarray(data["keys"], dtype=np.uint8).tobytes()
                offsets = data["offsets"]
                ids = data["ids"]
        except (OSError, ValueError, KeyError):
            return
        n = len(offsets) - 1
        if len(keys) != 16 * n:
            return
        self._vocab, self._ids = vocab, ids
        self._loaded = {keys[16 * i : 16 * i + 16]: (int(offsets[i]), int(offsets[i + 1])) for i in range(n)}

    def get(self, key: bytes) -> list[str] | None:
        hit = self._new.get(key)
        if hit is not None:
            self.used.add(key)
            return hit
        span = self._loaded.get(key)
        if span is None:
            return None
        self.used.add(key)
        vocab = self._vocab
        return [vocab[i] for i in self._ids[span[0] : span[1]].tolist()]

    def put(self, key: bytes, terms: list[str]) -> None:
        self._new[key] = terms
        self.used.add(key)

    @property
    def dirty(self) -> bool:
        return bool(self._new) or len(self.used) < len(self._loaded)

    def save(self) -> None:
        """Write the entries used since loading (old texts are dropped).

        Loaded entries are copied as id slices and old term ids are kept, so saving
        after a small change costs little more than writing the file.
        """
        if self.path is None:
            return
        index: dict[str, int] = {t: i for i, t in enumerate(self._vocab)}
        keys: list[bytes] = []
        offsets = [0]
        chunks: list[np.ndarray] = []
        for key in self.used:
            terms = self._new.get(key)
            if terms is not None:
                chunk = np.fromiter(
                    (index.setdefault(t, len(index)) for t in terms), dtype=np.int32, count=len(terms)
                )
            elif key in self._loaded:
                a, b = self._loaded[key]
                chunk = self._ids[a:b]
            else:
                continue
            chunks.append(chunk)
            keys.append(key)
            offsets.append(offsets[-1] + len(chunk))
        vocab = np.array(list(index), dtype=str) if index else np.zeros(0, dtype="<U1")
        key_arr = np.frombuffer(b"".join(keys), dtype=np.uint8).reshape(len(keys), 16)
        ids = np.concatenate(chunks) if chunks else np.zeros(0, np.int32)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".terms-", suffix=".npz")
        try:
            with os.fdopen(fd, "wb") as fh:
                np.savez(
                    fh,
                    tag=np.array(self.tag),
                    vocab=vocab,
                    keys=key_arr,
                    offsets=np.asarray(offsets),
                    ids=ids,
                )
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self._vocab, self._ids, self._new = list(index), ids, {}
        self._loaded = {k: (offsets[i], offsets[i + 1]) for i, k in enumerate(keys)}
