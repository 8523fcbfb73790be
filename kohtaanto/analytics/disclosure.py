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

# The smallest count of persons published anywhere: the dashboard, the areas' comparison and
# the indicator export all hide counts under it.
THRESHOLD = 5
AUDIT_MAX_CELLS = 2500  # the LP audit is exact but quadratic; big tables rely on the line rule


def _lines(shape: tuple[int, int], rows: bool, cols: bool) -> list[list[tuple[int, int]]]:
    r, c = shape
    out: list[list[tuple[int, int]]] = []
    if rows and c > 1:
        out += [[(i, j) for j in range(c)] for i in range(r)]
    if cols and r > 1:
        out += [[(i, j) for i in range(r)] for j in range(c)]
    return out


def _need(M: np.ndarray, S: np.ndarray, axis: int, threshold: int) -> np.ndarray:
    """Per line (axis=1: rows, axis=0: columns): how many more hidden persons it needs
    (0 = safe: no hidden cell, or >= 2 hidden cells summing to >= threshold)."""
    k = S.sum(axis=axis)
    total = np.where(S, M, 0).sum(axis=axis).astype(float)
    need = np.maximum(0.0, threshold - total)
    need = np.where(k == 1, np.maximum(1.0, need), need)
    return np.where(k == 0, 0.0, need)


def _pick(values: np.ndarray, free: np.ndarray, crossing: np.ndarray, needed: float) -> int | None:
    """Cheapest extra cell in a line: one whose crossing line also needs a partner (fixes
    two lines at once), then non-zero, then big enough to reach the threshold, then smallest."""
    idx = np.flatnonzero(free)
    if len(idx) == 0:
        return None
    keys = np.lexsort((values[idx], values[idx] < needed, values[idx] == 0, ~crossing[idx]))
    return int(idx[keys[0]])


def _line_rule(M: np.ndarray, S: np.ndarray, rows: bool, cols: bool, threshold: int) -> None:
    """Until stable: every published line holds no hidden cell, or >= 2 summing to >= threshold."""
    r, c = M.shape
    use_rows, use_cols = rows and c > 1, cols and r > 1
    for _ in range(r * c + 1):
        changed = False
        if use_rows:
            need_r = _need(M, S, 1, threshold)
            for row in np.flatnonzero(need_r):
                cross = _need(M, S, 0, threshold) > 0 if use_cols else np.zeros(c, bool)
                col = _pick(M[row], ~S[row], cross, float(need_r[row]))
                if col is not None:
                    S[row, col] = changed = True
        if use_cols:
            need_c = _need(M, S, 0, threshold)
            for column in np.flatnonzero(need_c):
                cross = _need(M, S, 1, threshold) > 0 if use_rows else np.zeros(r, bool)
                partner = _pick(M[:, column], ~S[:, column], cross, float(need_c[column]))
                if partner is not None:
                    S[partner, column] = changed = True
        if not changed:
            return


def feasible_ranges(
    M: np.ndarray, S: np.ndarray, rows: bool = True, cols: bool = True, only: np.ndarray | None = None
) -> dict:
    """For each hidden cell (or each cell in `only`), the [min, max] an attacker can derive
    from the published cells and totals."""
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
        if only is not None and not only[c]:
            continue
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
    for _ in range(20):
        _line_rule(M, S, rows, cols, threshold)
        # With totals in one direction only the lines are independent and the line rule is
        # already exact (each hidden cell ranges over [0, its line's hidden sum]).
        if M.size > AUDIT_MAX_CELLS or not S.any() or not (rows and cols):
            break
        ranges = feasible_ranges(M, S, rows, cols, only=primary)
        weak = [cell for cell, (lo, hi) in ranges.items() if hi - lo < threshold - 1e-6]
        added = False
        for i, j in weak:
            if rows and M.shape[1] > 1:
                k = _pick(M[i], ~S[i], np.zeros(M.shape[1], bool), float(threshold))
                if k is not None:
                    S[i, k] = added = True
            if cols and M.shape[0] > 1:
                k = _pick(M[:, j], ~S[:, j], np.zeros(M.shape[0], bool), float(threshold))
                if k is not None:
                    S[k, j] = added = True
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
    row_totals: bool = True,
    col_totals: bool = True,
) -> pl.DataFrame:
    """`suppress` for long tables (one row per cell): pivot, suppress, and join the mask back."""
    by = by or []
    keys = [*by, *row_keys]
    wide = table.pivot(on=col_key, index=keys, values=count_col, aggregate_function="sum")
    cols = [c for c in wide.columns if c not in keys]
    masked = suppress(wide, cols, threshold, by=by or None, row_totals=row_totals, col_totals=col_totals)
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


def protect_complements(
    df: pl.DataFrame,
    by: list[str],
    hidden: str,
    size: str | None = None,
    threshold: int = THRESHOLD,
    margin: pl.Expr | None = None,
) -> pl.Series:
    """Complementary suppression for a published margin: the cells of each `by` group add
    up to a total that is shown (or derivable), so a hidden cell must not come back as the
    total minus the shown cells. Returns the new `hidden` mask (row order kept).

    Two ways, one rule: with `margin` (the rows holding the group's total, e.g. a provider's
    all-services row) the total is hidden wherever a cell of its group is (the provider
    dashboard); without it, more cells are hidden: while a group has hidden cells but only
    one, or hidden cells summing to under `threshold` persons (`size`, the raw count), the
    shown cell with the smallest `size` is hidden too (the indicator export, whose totals
    are rows of their own)."""
    mask = df[hidden].fill_null(False).to_list()
    is_margin = df.select(margin).to_series().fill_null(False).to_list() if margin is not None else None
    sizes = df[size].fill_null(0).to_list() if size is not None else [0] * df.height
    keys = df.select(by).rows()
    groups: dict[tuple, list[int]] = {}
    for i, k in enumerate(keys):
        groups.setdefault(k, []).append(i)
    for rows in groups.values():
        cells = [i for i in rows if not (is_margin and is_margin[i])]
        if is_margin is not None:
            if any(mask[i] for i in cells):
                for i in rows:
                    if is_margin[i]:
                        mask[i] = True
            continue
        while True:
            hid = [i for i in cells if mask[i]]
            shown = [i for i in cells if not mask[i]]
            if not hid or not shown or (len(hid) > 1 and sum(sizes[i] for i in hid) >= threshold):
                break
            mask[min(shown, key=lambda i: (sizes[i], i))] = True
    return pl.Series(hidden, mask, dtype=pl.Boolean)
