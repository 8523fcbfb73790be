"""Clients and staff are plausible people: valid codes, fitting names, the team the rules give."""

import polars as pl

from kohtaanto.domain.hetu import validate_hetu
from kohtaanto.domain.segmentation import facts_for, segment
from kohtaanto.synthetic.names import NAMES


def test_hetu_valid_unique_and_consistent(data):
    c = data["clients"]
    assert c["hetu"].is_unique().all()
    for hetu, birth, gender in c.select("hetu", "birth_date", "gender").iter_rows():
        info = validate_hetu(hetu)
        assert info.birth_date == birth
        assert info.gender == gender
        assert 900 <= info.individual_number <= 999


def test_some_codes_use_the_new_century_signs(data):
    signs = set(data["clients"]["hetu"].str.slice(6, 1).unique())
    assert "-" in signs
    assert signs & set("YXWVUBCDEF")


def test_names_fit_mother_tongue_and_gender(data):
    for first, last, tongue, gender in (
        data["clients"].select("first_name", "last_name", "mother_tongue", "gender").iter_rows()
    ):
        f_first, m_first, f_last, m_last = NAMES[tongue]
        assert first in (f_first if gender == "F" else m_first)
        assert last in (f_last if gender == "F" else m_last)


def test_mother_tongues_are_varied(data):
    foreign = data["clients"].filter(pl.col("language_group") == "foreign")
    assert foreign["mother_tongue"].n_unique() >= 10
    assert (data["clients"]["mother_tongue"] == "sv").mean() > 0.02


def test_segmentation_rules_give_the_team(data):
    from kohtaanto.domain.organisation import HELSINKI

    team_segment = {t.code: t.segment for _, t in HELSINKI.teams()}
    adult = {"adult_basic", "adult_upper_secondary", "adult_tertiary"}
    for row in data["clients"].iter_rows(named=True):
        facts = facts_for(
            birth_date=row["birth_date"],
            mother_tongue=row["mother_tongue"],
            education_level=row["education_level"],
            needs_multiprofessional=row["needs_multiprofessional"],
            arrival_date=row["arrival_date"],
            registration_date=row["registration_date"],
        )
        expected, _ = segment(facts)
        actual = team_segment[row["team"]]
        if actual == "light":  # the light-service teams take a share of adult clients
            assert expected in adult
        else:
            assert expected == actual, row["client_id"]


def test_staff_from_the_organisation(data):
    from kohtaanto.domain.organisation import HELSINKI

    staff = data["staff"]
    roles = dict(staff["role"].value_counts().iter_rows())
    teams = HELSINKI.teams()
    assert roles["team_leader"] == len(teams)
    assert roles["service_manager"] == len(HELSINKI.units)
    assert roles["case_worker"] >= len(teams)  # every team keeps at least one expert
    assert roles["social_worker"] >= sum(1 for _, t in teams if t.social_workers)
    assert roles["psychologist"] >= 1
    assert all("fi" in langs for langs in staff["languages"].to_list())
    koto = staff.filter(pl.col("service_unit") == "KOTO")
    assert koto.select(pl.col("languages").list.len().mean()).item() > 2


def test_staff_are_scaled_to_the_clients(data, active):
    """A small data set still gives realistic caseloads (the norm is 136), not a few clients
    per worker spread over Helsinki's full staff."""
    workers = data["staff"].filter(pl.col("role") == "case_worker")["staff_id"]
    per_worker = active.group_by("responsible_worker").len()["len"]
    assert per_worker.len() == workers.len()
    assert 60 <= per_worker.median() <= 200


def test_crowded_birth_dates_keep_their_date_and_take_the_new_signs():
    """More than 50 same-sex clients born on one day (national sizes): the 900-999 range
    runs out, the 2023 century signs add codes, and nobody's birth date moves (it used to
    move the overflow a day per pass: hours at 2,000,000 clients)."""
    import datetime as dt

    import numpy as np

    from kohtaanto.synthetic.population import make_hetus
    from kohtaanto.synthetic.vdates import to_day

    n = 320
    day = to_day(dt.date(1990, 5, 17))
    birth = np.full(n, day, dtype=np.int32)
    birth[:20] = to_day(dt.date(2004, 1, 2))
    gender = np.array(["F", "M"] * (n // 2))
    codes, births = make_hetus(np.random.default_rng(0), birth, gender, np.full(n, -1, np.int32))
    assert (births == birth).all() and len(set(codes)) == n
    for code, g in zip(codes, gender, strict=True):
        info = validate_hetu(code)
        assert info.gender == g and 900 <= info.individual_number <= 999
    assert {c[6] for c in codes} >= {"-", "Y", "X"}
