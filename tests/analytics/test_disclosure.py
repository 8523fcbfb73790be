import numpy as np
import polars as pl
import pytest

from kohtaanto.analytics.disclosure import suppress, suppress_long, suppress_rates, suppression_mask


def _compositions(total: int, parts: int, caps: list[int]):
    if parts == 0:
        if total == 0:
            yield ()
        return
    for v in range(min(total, caps[0]) + 1):
        for rest in _compositions(total - v, parts - 1, caps[1:]):
            yield (v, *rest)


def attacker_solutions(M: np.ndarray, S: np.ndarray) -> list[dict]:
    """Brute force, independent of the LP audit in the module: every non-negative integer
    filling of the hidden cells that reproduces all published row and column totals."""
    row_res = [int(M[i][S[i]].sum()) for i in range(M.shape[0])]
    col_res = [int(M[:, j][S[:, j]].sum()) for j in range(M.shape[1])]
    sols: list[dict] = []

    def fill(i: int, cols_left: list[int], acc: dict) -> None:
        if i == M.shape[0]:
            if all(c == 0 for c in cols_left):
                sols.append(dict(acc))
            return
        js = [j for j in range(M.shape[1]) if S[i, j]]
        for values in _compositions(row_res[i], len(js), [cols_left[j] for j in js]):
            left = list(cols_left)
            for j, v in zip(js, values, strict=True):
                left[j] -= v
                acc[(i, j)] = v
            fill(i + 1, left, acc)

    fill(0, col_res, {})
    return sols


TABLES = [
    np.array([[3, 10, 20], [12, 15, 30], [40, 8, 9]]),
    np.array([[2, 9, 6, 7], [1, 0, 8, 6], [6, 7, 5, 9]]),
    np.array([[1, 1, 1, 12], [9, 8, 7, 6], [5, 6, 2, 8]]),
    np.array([[4, 6], [7, 9]]),
]


@pytest.mark.parametrize("M", TABLES)
def test_hidden_cells_cannot_be_rederived_from_totals(M):
    S = suppression_mask(M, threshold=5)
    primary = (M > 0) & (M < 5)
    assert (S | ~primary).all(), "every small non-zero cell is hidden"
    for line in [*S, *S.T]:
        assert line.sum() != 1, "a row or column with one hidden cell gives it away by subtraction"
    sols = attacker_solutions(M, S)
    assert sols, "the true table is always a solution"
    for cell in zip(*np.nonzero(primary), strict=True):
        values = {s[cell] for s in sols}
        assert len(values) > 1, f"cell {cell} has a single feasible value"
        assert max(values) - min(values) >= 5 or max(values) >= 5, f"cell {cell} pinned to {sorted(values)}"


def test_primary_only_when_no_totals_published():
    M = np.array([[3, 10], [12, 0]])
    S = suppression_mask(M, rows=False, cols=False)
    assert S.tolist() == [[True, False], [False, False]]


def test_zeros_published_unless_asked():
    M = np.array([[0, 10, 20], [12, 15, 30]])
    assert not suppression_mask(M).any()
    assert suppression_mask(M, suppress_zeros=True)[0, 0]


def test_suppress_dataframe_with_groups():
    df = pl.DataFrame(
        {
            "unit": ["A", "A", "A", "B", "B"],
            "team": ["a1", "a2", "a3", "b1", "b2"],
            "employed": [3, 40, 22, 30, 31],
            "not_employed": [50, 41, 17, 20, 21],
        }
    )
    out = suppress(df, ["employed", "not_employed"], by=["unit"])
    assert out.columns == df.columns
    a = out.filter(pl.col("unit") == "A")
    assert a["employed"].null_count() >= 2 and a["employed"][0] is None
    assert a["not_employed"][0] is None  # row partner for the hidden 3
    assert out.filter(pl.col("unit") == "B")["employed"].null_count() == 0


def test_one_dimensional_table_with_published_total():
    df = pl.DataFrame({"segment": ["youth", "adult", "koto"], "n": [3, 50, 60]})
    out = suppress(df, ["n"])
    assert out["n"].null_count() == 2
    assert out["n"][0] is None


def test_suppress_long_matches_wide():
    wide = pl.DataFrame({"team": ["a", "b", "c"], "jan": [3, 12, 40], "feb": [10, 15, 8], "mar": [20, 30, 9]})
    long = wide.unpivot(index="team", variable_name="month", value_name="n")
    out = suppress_long(long, ["team"], "month", "n")
    back = out.pivot(on="month", index="team", values="n").sort("team")
    expected = suppress(wide, ["jan", "feb", "mar"]).sort("team")
    assert back.select(expected.columns).equals(expected)


def test_suppress_rates():
    df = pl.DataFrame({"n": [3, 100, 100], "on_time": [3, 97, 50], "share": [1.0, 0.97, 0.5]})
    assert suppress_rates(df, "n", ["share"])["share"].to_list() == [None, 0.97, 0.5]
    assert suppress_rates(df, "n", ["share"], numerator="on_time")["share"].to_list() == [None, None, 0.5]


def test_missing_count_column_rejected():
    with pytest.raises(ValueError, match="not in table"):
        suppress(pl.DataFrame({"n": [1]}), ["m"])


def test_protect_complements_hides_a_partner_or_the_margin():
    from kohtaanto.analytics.disclosure import protect_complements

    df = pl.DataFrame(
        {
            "g": ["a"] * 4 + ["b"] * 3,
            "size": [2, 9, 7, 30, 3, 1, 40],
            "h": [True, False, False, False, True, True, False],
        }
    )
    mask = protect_complements(df, ["g"], "h", "size").to_list()
    # a: one hidden (2) -> the smallest shown (7) joins it; b: two hidden summing to 4 < 5 -> 40 too
    assert mask == [True, False, True, False, True, True, True]
    totals = df.with_columns(total=pl.Series([False, False, False, True, False, False, False]))
    mask = protect_complements(totals, ["g"], "h", margin=pl.col("total")).to_list()
    assert mask == [True, False, False, True, True, True, False]
