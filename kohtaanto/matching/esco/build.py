"""Build the default ESCO subset shipped in kohtaanto/data/esco from the official packages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .dense import encode_passages, save_embeddings
from .importer import import_packages, subset
from .model import EscoRelease
from .store import EscoStore
from .suggest import dense_file_name, dense_texts


@dataclass
class BuildResult:
    release: EscoRelease
    files: list[Path]


def build_default(
    esco_dir: str | Path,
    out_dir: str | Path,
    version: str | None = None,
    embed: tuple[str, ...] = ("occupation",),
) -> BuildResult:
    """Import every package under `esco_dir`, keep the Finnish-labelled occupations (with
    their Finnish and English labels), the skills they reference (English labels) and
    their essential/optional links, and write it with precomputed label embeddings.
    """
    full = import_packages([esco_dir], version=version)
    release = subset(full, occupation_langs=("fi",), keep_langs=("fi", "en"), skill_langs=("en",))
    store = EscoStore(out_dir)
    files = [store.save(release)]
    langs = tuple(lang for lang in ("fi", "en") if lang in release.languages)
    for kind in embed:
        concepts = list(release.occupations.values() if kind == "occupation" else release.skills.values())
        texts, _ = dense_texts(concepts, kind, langs)
        path = Path(out_dir) / dense_file_name(release.version, kind)
        save_embeddings(path, texts, encode_passages(texts))
        files.append(path)
    return BuildResult(release, files)
