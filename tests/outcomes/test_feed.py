"""The incremental register feed (issue 12): a later snapshot of the same population is
applied as an update, idempotently, all or nothing, and the status command follows it."""

import datetime as dt
import json
import shutil

import polars as pl
import pytest

from kohtaanto.clients.loader import LoadError, load_folder
from kohtaanto.clients.models import Client, ClientEvent, Meeting, RegisterLoad
from kohtaanto.domain.organisation import HELSINKI
from kohtaanto.insights.status import insights_status
from kohtaanto.organisation.services import organisation_install
from kohtaanto.outcomes.feed import load_incremental
from kohtaanto.outcomes.models import JobSearchPeriod
from kohtaanto.outcomes.services import periods_backfill
from kohtaanto.synthetic import generate, write

from ..clients.test_loader import _corrupt

pytestmark = pytest.mark.django_db
BASE, LATER = dt.date(2026, 10, 31), dt.date(2026, 11, 30)


@pytest.fixture(scope="module")
def snapshots(tmp_path_factory):
    root = tmp_path_factory.mktemp("feed")
    base, later = generate(900, 3, BASE), generate(900, 3, LATER, population_date=BASE)
    write(root / "base", base)
    write(root / "later", later)
    write(root / "other", generate(900, 4, LATER, population_date=BASE))
    return root, base, later


@pytest.fixture
def loaded(snapshots):
    organisation_install(org=HELSINKI)
    load_folder(snapshots[0] / "base")
    periods_backfill()
    return snapshots


def _copy(root, name, tmp_path):
    dst = tmp_path / name
    shutil.copytree(root / name, dst)
    return dst


def _state():
    return (
        Client.objects.count(),
        Meeting.objects.count(),
        ClientEvent.objects.count(),
        JobSearchPeriod.objects.filter(end__isnull=True).count(),
        sorted(Meeting.objects.values_list("external_id", "status")),
    )


def test_later_snapshot_twice_gives_its_counts(loaded):
    root, _base, later = loaded
    first = load_incremental(root / "later")
    assert first["clients_added"] > 0 and first["periods_ended"] > 0 and first["events_added"] > 0
    before = _state()
    again = load_incremental(root / "later")
    assert set(again.values()) == {0}
    assert _state() == before
    status = insights_status()
    c = later["clients"]
    assert status["as_of"] == LATER.isoformat()
    assert status["clients"]["active"] == (c["job_search_status"] == "active").sum()
    assert status["clients"]["ended"] == (c["job_search_status"] == "ended").sum()
    expected = dict(c.filter(pl.col("end_reason").is_not_null())["end_reason"].value_counts().iter_rows())
    assert status["ended_by_reason"] == expected
    assert (
        Meeting.objects.count()
        == later["meetings"].height
        + Meeting.objects.filter(status="cancelled", external_id__in=_dropped(loaded)).count()
    )
    assert ClientEvent.objects.count() == later["events"].height
    # every client has exactly one period, ended when the client is ended
    assert JobSearchPeriod.objects.count() == Client.objects.count()
    assert JobSearchPeriod.objects.filter(end__isnull=True).count() == status["clients"]["active"]
    assert RegisterLoad.objects.first().as_of == LATER


def _dropped(snapshots):
    _root, base, later = snapshots
    return base["meetings"].join(later["meetings"], on="meeting_id", how="anti")["meeting_id"].to_list()


def test_a_settled_meeting_moves_the_worklist_deadline(loaded):
    root, base, later = loaded
    held = (
        base["meetings"]
        .filter(pl.col("status") == "planned")
        .join(later["meetings"].filter(pl.col("status") == "held"), on="meeting_id")
        .join(later["clients"].filter(pl.col("job_search_status") == "active"), on="client_id")
    )
    mid, cid = held["meeting_id"][0], held["client_id"][0]
    due_before = Client.objects.get(external_id=cid).next_due_date
    load_incremental(root / "later")
    assert Meeting.objects.get(external_id=mid).status == "held"
    assert Client.objects.get(external_id=cid).next_due_date != due_before


def test_a_snapshot_of_another_population_is_refused(loaded):
    root = loaded[0]
    before = _state()
    with pytest.raises(LoadError, match="another population"):
        load_incremental(root / "other")
    assert _state() == before


def test_another_population_without_a_description_is_caught_by_identity(loaded, tmp_path):
    folder = _copy(loaded[0], "other", tmp_path)
    (folder / "snapshot.json").unlink()
    before = _state()
    with pytest.raises(LoadError, match=r"clients.parquet: row 1, field hetu: .*another population"):
        load_incremental(folder)
    assert _state() == before


def test_an_end_date_before_registration_is_refused(loaded, tmp_path):
    folder = _copy(loaded[0], "later", tmp_path)
    c = pl.read_parquet(folder / "clients.parquet")
    row = c.with_row_index().filter(pl.col("job_search_status") == "ended")["index"][0]
    _corrupt(folder, "clients", "end_date", row, dt.date(1990, 1, 1))
    before = _state()
    with pytest.raises(
        LoadError, match=rf"clients.parquet: row {row + 1}, field end_date: .* before the registration"
    ):
        load_incremental(folder)
    assert _state() == before


def test_a_bad_enumeration_names_the_row(loaded, tmp_path):
    folder = _copy(loaded[0], "later", tmp_path)
    _corrupt(folder, "meetings", "status", 4, "maybe")
    with pytest.raises(LoadError, match=r"meetings.parquet: row 5, field status: 'maybe' is not one of"):
        load_incremental(folder)


def test_an_older_snapshot_is_refused(loaded, tmp_path):
    root = loaded[0]
    load_incremental(root / "later")
    with pytest.raises(LoadError, match="older than the loaded snapshot"):
        load_incremental(root / "base")


def test_incremental_needs_a_base_and_a_base_needs_an_empty_database(snapshots):
    root = snapshots[0]
    organisation_install(org=HELSINKI)
    with pytest.raises(LoadError, match="without --incremental"):
        load_incremental(root / "later")
    load_folder(root / "base")
    with pytest.raises(LoadError, match="already holds 900 clients"):
        load_folder(root / "later")
    assert json.loads((root / "later" / "snapshot.json").read_text())["as_of"] == LATER.isoformat()


@pytest.mark.django_db(transaction=True)
def test_the_commands_and_the_status_json(snapshots, capsys):
    """What an operator runs: load, then load --incremental twice, then the status."""
    from kohtaanto.cli import main

    root, _base, later = snapshots
    assert main(["org", "install"]) == 0
    assert main(["load", str(root / "base")]) == 0
    assert main(["load", str(root / "later"), "--incremental"]) == 0
    assert main(["load", str(root / "later"), "--incremental"]) == 0
    assert "clients_added: 0" in capsys.readouterr().out.splitlines()[-1]
    assert main(["load", str(root / "base")]) != 0  # a base load into a non-empty database
    assert "--incremental" in capsys.readouterr().err
    assert main(["insights", "status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    c = later["clients"]
    assert status["as_of"] == LATER.isoformat()
    assert status["clients"] == {
        "active": (c["job_search_status"] == "active").sum(),
        "ended": (c["job_search_status"] == "ended").sum(),
    }
    assert sum(status["ended_by_reason"].values()) == status["clients"]["ended"]


@pytest.mark.django_db(transaction=True)  # the worker closes stale connections between rounds
def test_the_worker_loads_a_queued_snapshot_and_a_bad_one_fails_once(loaded, tmp_path):
    """`kohtaanto load DIR --incremental --queue`: the worker applies it; a snapshot of
    another population fails with its reason, changes nothing and is not retried."""
    from django_tasks_db.models import DBTaskResult

    from kohtaanto.jobs.models import ScheduledJob
    from kohtaanto.jobs.tasks import register_load
    from kohtaanto.jobs.worker import run_worker

    root, _base, later = loaded
    ScheduledJob.objects.update(enabled=False)
    before = _state()
    register_load.enqueue(str(root / "other"))
    run_worker(once=True)
    failed = DBTaskResult.objects.get(task_path__endswith="register_load")
    assert failed.status == "FAILED" and "another population" in str(failed.exception_class_path) + str(
        failed.traceback
    )
    assert _state() == before
    register_load.enqueue(str(root / "later"))
    run_worker(once=True)
    ok = DBTaskResult.objects.filter(task_path__endswith="register_load", status="SUCCESSFUL").get()
    assert ok.return_value["clients_added"] > 0
    assert DBTaskResult.objects.filter(task_path__endswith="register_load").count() == 2  # no retry
    assert Client.objects.count() == later["clients"].height


def test_a_later_registration_opens_a_new_period(loaded, tmp_path):
    """The generator never re-registers anyone, but a real register does: a client ended in
    the database and active again with a later registration date gets a second period."""
    root, base, _later = loaded
    folder = _copy(root, "later", tmp_path)
    c = pl.read_parquet(folder / "clients.parquet").with_row_index()
    row = c.join(base["clients"].filter(pl.col("job_search_status") == "ended"), on="client_id").row(
        0, named=True
    )
    again = LATER - dt.timedelta(days=3)
    c = c.with_columns(
        pl.when(pl.col("index") == row["index"])
        .then(pl.lit("active"))
        .otherwise(pl.col("job_search_status"))
        .alias("job_search_status"),
        pl.when(pl.col("index") == row["index"])
        .then(pl.lit(again))
        .otherwise(pl.col("registration_date"))
        .alias("registration_date"),
        pl.when(pl.col("index") == row["index"]).then(None).otherwise(pl.col("end_date")).alias("end_date"),
        pl.when(pl.col("index") == row["index"])
        .then(None)
        .otherwise(pl.col("end_reason"))
        .alias("end_reason"),
    ).drop("index")
    c.write_parquet(folder / "clients.parquet")
    load_incremental(folder)
    client = Client.objects.get(external_id=row["client_id"])
    assert client.job_search_status == "active" and client.registration_date == again
    periods = list(JobSearchPeriod.objects.filter(client=client).order_by("start"))
    assert (
        len(periods) == 2
        and periods[0].end is not None
        and periods[1].start == again
        and periods[1].end is None
    )
