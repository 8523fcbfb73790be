"""TOL 2008 sections from employers' industry codes, with names in three languages."""

from __future__ import annotations

import datetime as dt

import pytest

from kohtaanto.domain.tol import section_name, section_of, sections
from kohtaanto.domain.unemployment import is_long_term


@pytest.mark.parametrize(
    ("code", "letter"),
    [("01", "A"), ("03220", "A"), ("09", "B"), ("10", "C"), ("33", "C"), ("35", "D"), ("47111", "G"),
     ("68", "L"), ("87100", "Q"), ("99", "U"), ("04", "X"), ("", "X"), (None, "X"), ("4", "X"), ("AB", "X")],
)  # fmt: skip
def test_section_of_a_code(code, letter):
    assert section_of(code) == letter


def test_every_division_has_one_section_and_three_names():
    table = sections()
    assert list(table) == [*"ABCDEFGHIJKLMNOPQRSTU", "X"]
    for s in table.values():
        assert all(s.names[lang] for lang in ("fi", "sv", "en"))
    assert section_name("Q", "fi") == "Terveys- ja sosiaalipalvelut"
    assert section_name("Q", "sv") == "Vård och omsorg; sociala tjänster"
    assert section_name("Q", "en-gb") == "Human health and social work activities"
    assert section_name("?", "de") == "Toimiala tuntematon"


def test_long_term_unemployed_after_365_days():
    start = dt.date(2025, 3, 1)
    assert not is_long_term(start, start + dt.timedelta(days=364))
    assert is_long_term(start, start + dt.timedelta(days=365))
