import hashlib

from kohtaanto.synthetic import JOINT_TABLES, TABLES, generate, write


def _digests(path):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(path.iterdir())}


def test_same_seed_gives_the_same_bytes(tmp_path):
    a = write(tmp_path / "a", generate(1500, 7))
    b = write(tmp_path / "b", generate(1500, 7))
    assert [p.name for p in a] == [f"{t}.parquet" for t in (*TABLES, *JOINT_TABLES)] + [
        "ground_truth.json",
        "snapshot.json",
    ]
    assert [p.name for p in a] == [p.name for p in b]
    assert _digests(tmp_path / "a") == _digests(tmp_path / "b")


def test_another_seed_gives_other_people(tmp_path):
    a = generate(500, 1)["clients"]
    b = generate(500, 2)["clients"]
    assert a["hetu"].to_list() != b["hetu"].to_list()
    assert a["registration_date"].to_list() != b["registration_date"].to_list()
