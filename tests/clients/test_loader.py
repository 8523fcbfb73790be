"""Loading generated register data: all or nothing, errors name file, row and field."""

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from kohtaanto.cli import main
from kohtaanto.clients.loader import LoadError, load_folder
from kohtaanto.clients.models import Client, ClientEvent, Meeting
from kohtaanto.domain.organisation import HELSINKI
from kohtaanto.organisation.services import organisation_install
from kohtaanto.synthetic import generate, write

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    folder = tmp_path_factory.mktemp("register")
    data = generate(600, seed=7)
    write(folder, data)
    return folder, data


@pytest.fixture
def org():
    organisation_install(org=HELSINKI)


def _copy(src, dst):
    for f in src.iterdir():
        (dst / f.name).write_bytes(f.read_bytes())


def test_load_counts_and_deadlines(dataset, org):
    folder, data = dataset
    counts = load_folder(folder)
    assert counts["clients"] == Client.objects.count() == data["clients"].height
    assert Meeting.objects.count() == data["meetings"].height
    assert ClientEvent.objects.count() == data["events"].height
    active = Client.objects.filter(job_search_status="active")
    assert active.exists() and not active.filter(next_due_date__isnull=True).exists()
    assert not Client.objects.filter(job_search_status="ended", next_due_date__isnull=False).exists()
    c = Client.objects.first()
    from kohtaanto.clients import identity

    hetu = data["clients"].filter(data["clients"]["client_id"] == c.external_id)["hetu"][0]
    assert identity.decrypt(c.hetu_encrypted) == hetu and hetu not in c.hetu_hash


def _corrupt(folder, table: str, column: str, row: int, value):
    path = folder / f"{table}.parquet"
    t = pq.read_table(path)
    values = t.column(column).to_pylist()
    values[row] = value
    t = t.set_column(t.column_names.index(column), column, pa.array(values, type=t.schema.field(column).type))
    pq.write_table(t, path)


@pytest.mark.parametrize(
    ("table", "column", "row", "value", "message"),
    [
        ("clients", "hetu", 9, "010190-9000", "clients.parquet: row 10, field hetu"),
        ("clients", "team", 3, "NOPE", "row 4, field team"),
        ("meetings", "status", 0, "lost", "meetings.parquet: row 1, field status"),
        ("events", "client_id", 5, "K9999999", "events.parquet: row 6, field client_id"),
    ],
)
def test_broken_file_loads_nothing(dataset, org, tmp_path, table, column, row, value, message):
    _copy(dataset[0], tmp_path)
    _corrupt(tmp_path, table, column, row, value)
    with pytest.raises(LoadError, match=message.replace(".", r"\.")):
        load_folder(tmp_path)
    assert not Client.objects.exists() and not Meeting.objects.exists()


def test_missing_file_and_column(dataset, org, tmp_path):
    _copy(dataset[0], tmp_path)
    (tmp_path / "events.parquet").unlink()
    with pytest.raises(LoadError, match="events.parquet: file is missing"):
        load_folder(tmp_path)
    _copy(dataset[0], tmp_path)
    t = pq.read_table(tmp_path / "clients.parquet").drop_columns(["birth_date"])
    pq.write_table(t, tmp_path / "clients.parquet")
    with pytest.raises(LoadError, match="missing column.*birth_date"):
        load_folder(tmp_path)
    (tmp_path / "staff.parquet").write_bytes(b"not parquet")
    with pytest.raises(LoadError, match="staff.parquet: not a readable Parquet file"):
        load_folder(tmp_path)


def test_load_command_reports_error_and_exit_code(dataset, org, tmp_path, capsys):
    _copy(dataset[0], tmp_path)
    _corrupt(tmp_path, "clients", "hetu", 0, "garbage")
    assert main(["load", str(tmp_path)]) == 2
    assert "nothing was loaded" in capsys.readouterr().err
    assert not Client.objects.exists()
