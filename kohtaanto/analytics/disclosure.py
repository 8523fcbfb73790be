"""Statistical disclosure control for aggregate tables that leave the system.

Primary suppression hides cells counting fewer than `threshold` persons (1..4 by default).
Secondary suppression hides further cells so that the published row and column totals
cannot be used to re-derive a hidden cell: every row and column holds either no hidden cell
or at least two whose sum is at least `threshold`. An exact linear-programming audit then
computes, for every hidden cell, the interval an attacker can derive from all published
cells and totals; a small cell whose interval is narrower than `threshold` persons (or any
hidden cell with a single feasible value) gets more partners hidden. Zeros are published (a
zero is not a person) unless `suppress_zeros`. Totals are treated as public; a total that
is itself below the threshold is a small cell of the coarser table and must be handled
there.
"""

from __future__ import annotations

import numpy as np
import polars as pl

AUDIT_MAX_CELLS = 4000  # the LP audit is exact but quadratic; big tables rely on the line rule


def _lines(shape: tuple[int, int], rows: bool, cols: bool) -> list[list[tuple[int, int]]]:
    r, c = shape
    out: list[list[tuple[int, int]]] = []
    if rows and c > 1:
        out += [[(i, j) for j in range(c)] for i in range(r)]
    if cols and r > 1:
        out += [[(i, j) for i in range(r)] for j in range(c)]
    return out


def _pick_partner(
    M: np.ndarray, S: np.ndarray, line: list[tuple[int, int]], crossing: dict, needed: float
) -> tuple[int, int] | None:
    """Cheapest extra cell to hide in `line`.

    Preference: a cell whose crossing line also needs a partner (one cell fixes two
    lines), then a non-zero cell large enough to lift the hidden sum to the threshold,
    then the smallest such count (least information lost).
    """
    best, best_key = None, None
    for cell in line:
        if S[cell]:
            continue
        v = M[cell]
        key = (crossing.get(cell, False) is False, v == 0, v < needed, v)
        if best_key is None or key < best_key:
            best, best_key = cell, key
    return best


def _needs_partner(M: np.ndarray, S: np.ndarray, line: list[tuple[int, int]], threshold: int) -> float:
    """0 if the line is safe, else how many more hidden persons it needs."""
    hidden = [c for c in line if S[c]]
    if not hidden:
        return 0.0
    total = float(sum(M[c] for c in hidden))
    if len(hidden) == 1:
        return max(1.0, threshold - total)
    return max(0.0, threshold - total)


def _line_rule(M: np.ndarray, S: np.ndarray, lines: list[list[tuple[int, int]]], threshold: int) -> None:
    """Until stable: every line holds no hidden cell, or >= 2 hidden cells summing to >= threshold."""
    changed = True
    while changed:
        changed = False
        for line in lines:
            needed = _needs_partner(M, S, line, threshold)
            if not needed:
                continue
            members = set(line)
            crossing = {}
            for other in lines:
                if other is line:
                    continue
                if _needs_partner(M, S, other, threshold):
                    for c in other:
                        if c in members:
                            crossing[c] = True
            cell = _pick_partner(M, S, line, crossing, needed)
            if cell is not None:
                S[cell] = True
                changed = True


def feasible_ranges(M: np.ndarray, S: np.ndarray, rows: bool = True, cols: bool = True) -> dict:
    """For each hidden cell, the [min, max] an attacker can derive from published cells and totals."""
    from scipy.optimize import linprog

    cells = list(zip(*np.nonzero(S), strict=True))
    if not cells:
        return {}
    index = {c: k for k, c in enumerate(cells)}
    A, b = [], []
    for line in _lines(M.shape, rows, cols):
        hidden = [c for c in line if S[c]]
        if not hidden:
            continue
        row = np.zeros(len(cells))
        for c in hidden:
            row[index[c]] = 1.0
        A.append(row)
        b.append(float(sum(M[c] for c in hidden)))
    out = {}
    for c in cells:
        if not A:
            out[c] = (0.0, float("inf"))
            continue
        obj = np.zeros(len(cells))
        obj[index[c]] = 1.0
        lo = linprog(obj, A_eq=np.array(A), b_eq=b, bounds=(0, None), method="highs")
        hi = linprog(-obj, A_eq=np.array(A), b_eq=b, bounds=(0, None), method="highs")
        upper = -hi.fun if hi.status == 0 else float("inf")
        out[c] = (float(lo.fun), float(upper))
    return out


def suppression_mask(
    M: np.ndarray, threshold: int = 5, rows: bool = True, cols: bool = True, suppress_zeros: bool = False
) -> np.ndarray:
    """Boolean mask of cells to hide in a 2-D count matrix whose row/column totals are published."""
    M = np.asarray(M)
    S = (M < threshold) if suppress_zeros else ((M > 0) & (M < threshold))
    primary = S.copy()
    lines = _lines(M.shape, rows, cols)
    for _ in range(50):
        _line_rule(M, S, lines, threshold)
        if M.size > AUDIT_MAX_CELLS or not S.any():
            break
        ranges = feasible_ranges(M, S, rows, cols)
        weak = [c for c, (lo, hi) in ranges.items() if (hi - lo) < (threshold if primary[c] else 1) - 1e-6]
        added = False
        for c in weak:
            for line in lines:
                if c in line:
                    cell = _pick_partner(M, S, line, {}, float(threshold))
                    if cell is not None:
                        S[cell] = True
                        added = True
        if not added:
            break
    return S


def suppress(
    table: pl.DataFrame,
    count_cols: list[str],
    threshold: int = 5,
    *,
    by: list[str] | None = None,
    row_totals: bool = True,
    col_totals: bool = True,
    suppress_zeros: bool = False,
) -> pl.DataFrame:
    """Return `table` with small counts and their protecting cells set to null.

    Rows are the table's rows (within each `by` group), columns are `count_cols`; the
    totals over rows and over columns are assumed public (the safe assumption). Counts must
    be person counts. Anything derived from a hidden count (a share, a mean) must be hidden
    too: see `suppress_rates`.
    """
    missing = [c for c in count_cols if c not in table.columns]
    if missing:
        raise ValueError(f"count columns not in table: {missing}")
    if table.height == 0:
        return table
    groups = [table.with_row_index("__row")]
    if by:
        groups = table.with_row_index("__row").partition_by(by, maintain_order=True)
    masks = []
    for g in groups:
        M = g.select(count_cols).fill_null(0).to_numpy().astype(np.int64)
        S = suppression_mask(M, threshold, row_totals, col_totals, suppress_zeros)
        masks.append(
            pl.DataFrame({"__row": g["__row"], **{f"__s_{c}": S[:, j] for j, c in enumerate(count_cols)}})
        )
    mask = pl.concat(masks)
    out = table.with_row_index("__row").join(mask, on="__row", how="left").sort("__row")
    out = out.with_columns(
        [pl.when(pl.col(f"__s_{c}")).then(None).otherwise(pl.col(c)).alias(c) for c in count_cols]
    )
    return out.drop(["__row", *[f"__s_{c}" for c in count_cols]])


def suppress_long(
    table: pl.DataFrame,
    row_keys: list[str],
    col_key: str,
    count_col: str,
    threshold: int = 5,
    by: list[str] | None = None,
) -> pl.DataFrame:
    """`suppress` for long tables (one row per cell): pivot, suppress, and join the mask back."""
    by = by or []
    keys = [*by, *row_keys]
    wide = table.pivot(on=col_key, index=keys, values=count_col, aggregate_function="sum")
    cols = [c for c in wide.columns if c not in keys]
    masked = suppress(wide, cols, threshold, by=by or None)
    hidden = masked.unpivot(index=keys, on=cols, variable_name="__col", value_name="__v").filter(
        pl.col("__v").is_null()
    )
    hidden = hidden.select([*keys, pl.col("__col")]).with_columns(pl.lit(True).alias("__hide"))
    t = table.with_columns(pl.col(col_key).cast(pl.String).alias("__col"))
    t = t.join(hidden, on=[*keys, "__col"], how="left", nulls_equal=True)
    return t.with_columns(
        pl.when(pl.col("__hide")).then(None).otherwise(pl.col(count_col)).alias(count_col)
    ).drop(["__col", "__hide"])


def suppress_rates(
    table: pl.DataFrame,
    denominator: str,
    value_cols: list[str],
    threshold: int = 5,
    numerator: str | None = None,
) -> pl.DataFrame:
    """Hide shares/means computed from fewer than `threshold` persons (or with a small numerator)."""
    small = pl.col(denominator).fill_null(0) < threshold
    if numerator is not None:
        num = pl.col(numerator).fill_null(0)
        rest = pl.col(denominator).fill_null(0) - num
        small = small | ((num > 0) & (num < threshold)) | ((rest > 0) & (rest < threshold))
    return table.with_columns([pl.when(small).then(None).otherwise(pl.col(c)).alias(c) for c in value_cols])
