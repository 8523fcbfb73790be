import json

import pytest

from kohtaanto.cli import main

CONTRACT = {
    "estimate",
    "ci_low",
    "ci_high",
    "method",
    "n_treated",
    "n_control",
    "balance",
    "overlap",
    "warnings",
}


@pytest.fixture
def data_files(tmp_path, make_confounded):
    df = make_confounded(n=1500, seed=21)
    csv, pq = tmp_path / "d.csv", tmp_path / "d.parquet"
    df.write_csv(csv)
    df.write_parquet(pq)
    return csv, pq


def run(capsys, *argv):
    code = main(["impact", "estimate", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("fmt", [0, 1])
def test_json_contract(capsys, data_files, fmt):
    code, out, _ = run(
        capsys,
        "--data",
        str(data_files[fmt]),
        "--treatment",
        "treated",
        "--outcome",
        "employed",
        "--covariates",
        "age,education,long_term",
        "--json",
        "--folds",
        "3",
    )
    assert code == 0
    res = json.loads(out)
    assert CONTRACT <= set(res)
    assert res["method"] == "aipw" and res["estimand"] == "att"
    assert res["ci_low"] <= res["estimate"] <= res["ci_high"]
    assert res["n_treated"] + res["n_control"] == 1500
    assert "smd_before" in res["balance"] and "ess" in res["overlap"]


def test_methods_and_estimands(capsys, data_files):
    for method in ("ipw", "matching"):
        code, out, _ = run(
            capsys,
            "--data",
            str(data_files[1]),
            "--treatment",
            "treated",
            "--outcome",
            "employed",
            "--covariates",
            "age,education",
            "--estimand",
            "ate",
            "--method",
            method,
            "--json",
        )
        assert code == 0
        assert json.loads(out)["method"] == method


def test_human_output(capsys, data_files):
    code, out, _ = run(
        capsys,
        "--data",
        str(data_files[1]),
        "--treatment",
        "treated",
        "--outcome",
        "employed",
        "--covariates",
        "age,education,long_term",
    )
    assert code == 0
    assert "AIPW estimate of the ATT" in out and "max |SMD|" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--treatment", "nope"], "not in data: nope"),
        (["--treatment", "education"], "must be binary"),
        (["--outcome", "education"], "must be numeric"),
    ],
)
def test_bad_columns_exit_2(capsys, data_files, args, message):
    base = {"--treatment": "treated", "--outcome": "employed"}
    base.update(dict(zip(args[::2], args[1::2], strict=True)))
    argv = ["--data", str(data_files[0]), "--covariates", "age,long_term", "--json"]
    for k, v in base.items():
        argv += [k, v]
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert message in err and out == ""
    assert "Traceback" not in err


def test_unreadable_and_missing_files_exit_2(capsys, tmp_path):
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"not parquet at all")
    for path, message in [
        (bad, "cannot read"),
        (tmp_path / "none.csv", "not found"),
        (tmp_path / "x.xlsx", "not found"),
    ]:
        code, _, err = run(
            capsys, "--data", str(path), "--treatment", "t", "--outcome", "y", "--covariates", "a"
        )
        assert code == 2, err
        assert message in err
    other = tmp_path / "x.json"
    other.write_text("{}")
    code, _, err = run(
        capsys, "--data", str(other), "--treatment", "t", "--outcome", "y", "--covariates", "a"
    )
    assert code == 2 and "unsupported file type" in err


def test_missing_values_error_then_drop(capsys, tmp_path):
    path = tmp_path / "m.csv"
    rows = ["t,y,a,g"] + [
        f"{i % 2},{(i // 2) % 2},{'' if i % 7 == 0 else i},{'x' if i % 3 else 'z'}" for i in range(200)
    ]
    path.write_text("\n".join(rows) + "\n")
    argv = ["--data", str(path), "--treatment", "t", "--outcome", "y", "--covariates", "a,g", "--json"]
    code, _, err = run(capsys, *argv)
    assert code == 2 and "missing values in: a" in err
    code, out, _ = run(capsys, *argv, "--missing", "drop", "--folds", "2")
    assert code == 0
    res = json.loads(out)
    assert res["n_treated"] + res["n_control"] == 200 - len(range(0, 200, 7))
    assert any("dropped" in w for w in res["warnings"])
