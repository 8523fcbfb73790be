"""ESCO CSV import, versioned storage and the shipped default subset."""

from __future__ import annotations

import shutil
import zipfile

import pytest

from kohtaanto.matching.esco import EscoImportError, EscoStore, import_packages, subset
from kohtaanto.matching.esco.store import default_dir

OCC = "http://data.europa.eu/esco/occupation/"
SKILL = "http://data.europa.eu/esco/skill/"


def test_import_folder_reads_labels_relations_and_version(tiny_release):
    r = tiny_release
    assert r.version == "9.9.0"  # from the package folder name
    assert len(r.occupations) == 9 and len(r.skills) == 5
    nurse = r.occupations[OCC + "nurse"]
    assert nurse.isco_group == "2221" and nurse.code == "2221.1"
    assert nurse.labels["en"].preferred == "nurse responsible for general care"
    assert nurse.labels["en"].alt == ("registered nurse", "general nurse")
    assert nurse.labels["fi"].preferred == "sairaanhoitaja"
    assert r.occupations[OCC + "dev"].labels["fi"].hidden == ("koodari",)
    assert r.isco_groups["2221"] == {"en": "Nursing professionals"}
    assert r.skills_of(OCC + "nurse") == [(SKILL + "care", "essential")]
    assert sorted(r.occupations_with(SKILL + "care")) == [
        (OCC + "hca", "optional"),
        (OCC + "nurse", "essential"),
    ]
    assert r.summary()["relations"] == 6 and r.summary()["essential"] == 5
    # Provenance of every file read, with its own version (None for the bare Finnish file).
    assert {(s["file"], s["version"]) for s in r.sources} >= {("occupations_fi.csv", None)}


def test_import_zip_equals_folder(tmp_path, fixture_dir, tiny_release):
    archive = tmp_path / "esco_v9.9.0_classification_en_csv.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in (fixture_dir / "esco_v9.9.0_classification_en_csv").iterdir():
            zf.write(path, path.name)
    shutil.copytree(fixture_dir / "esco_v9.9.0_relations", tmp_path / "esco_v9.9.0_relations")
    shutil.copy(fixture_dir / "occupations_fi.csv", tmp_path)
    r = import_packages([tmp_path])
    assert r.summary() == tiny_release.summary()
    assert r.occupations[OCC + "cook"].labels == tiny_release.occupations[OCC + "cook"].labels


def test_language_filter_and_version_override(fixture_dir):
    r = import_packages([fixture_dir], version="1.0.0", languages=["fi"])
    assert r.version == "1.0.0"
    assert r.languages == ("fi",)


def test_missing_version_and_columns_are_clean_errors(tmp_path, fixture_dir):
    shutil.copy(fixture_dir / "occupations_fi.csv", tmp_path)
    with pytest.raises(EscoImportError, match="version"):
        import_packages([tmp_path])
    (tmp_path / "skills_en.csv").write_text("conceptUri,label\nx,y\n", encoding="utf-8")
    with pytest.raises(EscoImportError, match="skills_en.csv: missing column"):
        import_packages([tmp_path], version="1.0")
    with pytest.raises(EscoImportError, match="no such file"):
        import_packages([tmp_path / "nope"])


def test_subset_keeps_finnish_occupations_and_their_skills(tiny_release):
    s = subset(tiny_release)
    # Every Finnish occupation, including the one without English labels.
    assert set(s.occupations) == set(tiny_release.occupations)
    assert "en" not in s.occupations[OCC + "mathsec"].labels
    # Only referenced skills, English labels only; relations preserved.
    assert SKILL + "unused" not in s.skills
    assert len(s.skills) == 4 and s.summary()["relations"] == 6
    assert s.skills_of(OCC + "cook") == [(SKILL + "food", "essential")]


def test_store_versions_coexist(tmp_path, fixture_dir, tiny_release):
    store = EscoStore(tmp_path)
    store.save(tiny_release)
    store.save(import_packages([fixture_dir], version="9.8.0"))
    assert store.versions() == ["9.8.0", "9.9.0"]
    assert store.load().version == "9.9.0"
    loaded = store.load("9.8.0")
    assert loaded.version == "9.8.0" and loaded.summary()["occupations"] == 9
    assert loaded.occupations[OCC + "nurse"].labels == tiny_release.occupations[OCC + "nurse"].labels
    assert loaded.skills_of(OCC + "dev") == tiny_release.skills_of(OCC + "dev")
    with pytest.raises(FileNotFoundError, match="have: 9.8.0, 9.9.0"):
        store.load("1.0")


def test_save_is_deterministic(tmp_path, tiny_release):
    a = EscoStore(tmp_path / "a").save(tiny_release).read_bytes()
    b = EscoStore(tmp_path / "b").save(tiny_release).read_bytes()
    assert a == b


def test_shipped_default_has_all_finnish_occupations():
    path = default_dir() / "esco-1.1.1.json.gz"
    assert path.stat().st_size < 4_000_000
    r = EscoStore().load("1.1.1")
    assert len(r.occupations) == 3008
    assert all(o.labels["fi"].preferred for o in r.occupations.values())
    assert sum("en" in o.labels for o in r.occupations.values()) == 3007
    assert len(r.skills) == 13125 and all("en" in s.labels for s in r.skills.values())
    assert r.summary()["relations"] == 123855
    nurse = r.occupations[OCC + "8d3e8aaa-791b-4c75-a465-f3f827028f50"]
    assert nurse.labels["fi"].preferred == "sairaanhoitaja"
    assert any(rel == "essential" for _, rel in r.skills_of(nurse.uri))


def test_library_never_imports_django():
    import subprocess
    import sys

    code = (
        "import sys; import kohtaanto.matching.esco as e; import kohtaanto.market.cli;"
        "from kohtaanto.matching.esco import suggest, build, dense, paraphrase;"
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules), 'django imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
