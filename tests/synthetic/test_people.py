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
