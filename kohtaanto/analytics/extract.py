"""The pseudonymised analytics extract: the same Parquet schema, without direct identifiers.

Identifiers are replaced by keyed HMAC-SHA256 pseudonyms: stable across refreshes (so
trends and incremental loads work) but not reversible or re-computable without the secret
key, which stays with the controller, outside the extract. Names and identity codes are
dropped; the birth date is coarsened to the first day of its month. The tables of the
procured and joint services (`data.OPTIONAL_TABLES`) are pseudonymised when present. Refresh is incremental
per table: a table whose source file is unchanged (size, mtime) under the same key is not
rewritten.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path

import polars as pl

from kohtaanto.analytics.data import OPTIONAL_TABLES, TABLES

# Columns identifying people, per table, and the pseudonym prefix of each kind of id.
ID_COLUMNS = {
    "clients": {"client_id": "C", "responsible_worker": "W"},
    "staff": {"staff_id": "W"},
    "meetings": {"client_id": "C", "staff_id": "W"},
    "events": {"client_id": "C"},
    "referrals": {"client_id": "C"},
    "services": {},
    # Procured and joint services (issue 17): the same client and staff pseudonyms, so they
    # join the register tables; TYP case ids are pseudonymised alike in cases and teams.
    # Contracts are not about people (their ids stay); Ohjaamo visits arrive as counts.
    "contract_members": {"client_id": "C"},
    "contract_bonuses": {"client_id": "C"},
    "typ_cases": {"case_id": "T", "client_id": "C"},
    "typ_team": {"case_id": "T", "client_id": "C", "staff_id": "W"},
}
# Row identifiers: the analytics never join on them, so each extract numbers the rows afresh
# (by client pseudonym, then the old id) instead of hashing millions of them: nothing in the
# extract then points back to a database row, and a refresh of 150,000 clients saves ~10 s.
ROW_IDS = {"meetings": ("meeting_id", "M"), "events": ("event_id", "E"), "referrals": ("referral_id", "R")}
DROP_COLUMNS = {"clients": ["hetu", "first_name", "last_name"], "staff": ["first_name", "last_name"]}
MANIFEST = "_extract_manifest.json"


class ExtractError(ValueError):
    """The extract cannot be written (missing input, unusable key)."""


def pseudonym(value: str, key: bytes, prefix: str = "") -> str:
    """Keyed pseudonym: prefix + the first 16 hex digits (64 bits) of HMAC-SHA256(key, value)."""
    return prefix + hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()[:16]


def pseudonymise_column(s: pl.Series, key: bytes, prefix: str) -> pl.Series:
    """Pseudonymise via the distinct values (ids repeat a lot in events and meetings)."""
    uniq = s.drop_nulls().unique()
    mapping = pl.DataFrame(
        {"__v": uniq, "__p": [pseudonym(v, key, prefix) for v in uniq.to_list()]},
        schema={"__v": pl.String, "__p": pl.String},
    )
    return s.to_frame("__v").join(mapping, on="__v", how="left", maintain_order="left")["__p"].alias(s.name)


def pseudonymise_table(name: str, df: pl.DataFrame, key: bytes) -> pl.DataFrame:
    """One table in the data-model schema, pseudonymised."""
    df = df.drop([c for c in DROP_COLUMNS.get(name, []) if c in df.columns])
    for col, prefix in ID_COLUMNS.get(name, {}).items():
        if col in df.columns:
            df = df.with_columns(pseudonymise_column(df[col], key, prefix))
    if name in ROW_IDS and ROW_IDS[name][0] in df.columns:
        col, prefix = ROW_IDS[name]
        rank = df.select(pl.struct("client_id", col).rank("ordinal") - 1).to_series()
        df = df.with_columns((pl.lit(prefix) + rank.cast(pl.String).str.zfill(9)).alias(col))
    if "birth_date" in df.columns:
        df = df.with_columns(pl.col("birth_date").dt.truncate("1mo"))
    return df


def _key_fingerprint(key: bytes) -> str:
    # Lets the manifest tell whether the key changed without storing anything key-derived
    # that could be used to compute pseudonyms.
    return hashlib.sha256(b"kohtaanto-extract-key-check:" + hashlib.sha256(key).digest()).hexdigest()[:16]


def pseudonymise_extract(data_dir: str | Path, out_dir: str | Path, key: bytes) -> dict:
    """Write the extract; returns {table: "written" | "unchanged"}."""
    if len(key) < 16:
        raise ExtractError("the pseudonymisation key must be at least 16 bytes")
    src, out = Path(data_dir), Path(out_dir)
    if not src.is_dir():
        raise ExtractError(f"data folder not found: {src}")
    out.mkdir(parents=True, exist_ok=True)
    manifest_path = out / MANIFEST
    old = json.loads(manifest_path.read_text()) if manifest_path.is_file() else {}
    fp = _key_fingerprint(key)
    new: dict = {"key": fp, "tables": {}}
    result = {}
    present = [n for n in OPTIONAL_TABLES if (src / f"{n}.parquet").is_file()]
    for name in OPTIONAL_TABLES:  # gone from the source: gone from the extract
        if name not in present:
            (out / f"{name}.parquet").unlink(missing_ok=True)
    for name in (*TABLES, *present):
        path = src / f"{name}.parquet"
        if not path.is_file():
            raise ExtractError(f"missing table {path}")
        st = path.stat()
        stamp = {"size": st.st_size, "mtime_ns": st.st_mtime_ns}
        target = out / f"{name}.parquet"
        if old.get("key") == fp and old.get("tables", {}).get(name) == stamp and target.is_file():
            result[name] = "unchanged"
        else:
            pseudonymise_table(name, pl.read_parquet(path), key).write_parquet(target, compression="zstd")
            result[name] = "written"
        new["tables"][name] = stamp
    manifest_path.write_text(json.dumps(new, indent=2))
    return result
