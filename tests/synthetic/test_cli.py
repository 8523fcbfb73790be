import json

import polars as pl

from kohtaanto.cli import main


def test_generate_command_writes_the_files(tmp_path, capsys):
    out = tmp_path / "data"
    assert (
        main(["generate", "--clients", "300", "--seed", "4", "--out", str(out), "--as-of", "2025-12-31"]) == 0
    )
    captured = capsys.readouterr()
    assert "clients.parquet" in captured.out
    assert "generate 300 clients" in captured.err  # progress on stderr
    clients = pl.read_parquet(out / "clients.parquet")
    assert clients.height == 300
    assert clients["registration_date"].max().isoformat() <= "2025-12-31"
    assert json.loads((out / "ground_truth.json").read_text())["as_of"] == "2025-12-31"
    staff = pl.read_parquet(out / "staff.parquet")
    assert staff.schema["languages"] == pl.List(pl.String)


def test_user_errors_exit_with_status_2(tmp_path, capsys):
    assert main(["generate", "--clients", "0", "--out", str(tmp_path)]) == 2
    assert main(["generate", "--clients", "5", "--as-of", "31.10.2026", "--out", str(tmp_path)]) == 2
    assert (
        main(["generate", "--clients", "5", "--org", str(tmp_path / "missing.json"), "--out", str(tmp_path)])
        == 2
    )
    err = capsys.readouterr().err
    assert "--as-of" in err and "--clients" in err and "--org" in err
