import datetime as dt

import pytest

from kohtaanto.domain.segmentation import DEFAULT_RULES, RuleError, facts_for, segment, validate_rules

REG = dt.date(2026, 3, 1)


def facts(age=40, tongue="fi", edu="upper_secondary", mp=False, arrived_years_ago=None):
    arrival = REG - dt.timedelta(days=int(arrived_years_ago * 365)) if arrived_years_ago is not None else None
    return facts_for(
        birth_date=dt.date(REG.year - age, 1, 1),
        mother_tongue=tongue,
        education_level=edu,
        needs_multiprofessional=mp,
        arrival_date=arrival,
        registration_date=REG,
    )


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"age": 24}, "youth"),
        ({"age": 24, "mp": True}, "multiprofessional_youth"),
        ({"age": 24, "tongue": "so", "arrived_years_ago": 1}, "youth"),
        ({"tongue": "so", "arrived_years_ago": 1}, "integration_career"),
        ({"tongue": "so", "arrived_years_ago": 1, "mp": True}, "integration_rehab"),
        ({"tongue": "so", "arrived_years_ago": 5}, "adult_upper_secondary"),
        ({"tongue": "sv", "arrived_years_ago": 1}, "adult_upper_secondary"),
        ({"mp": True}, "multiprofessional"),
        ({"edu": "tertiary"}, "adult_tertiary"),
        ({"edu": "basic"}, "adult_basic"),
        ({"edu": "none"}, "adult_basic"),
    ],
)
def test_default_rules(kwargs, expected):
    assert segment(facts(**kwargs))[0] == expected


def test_age_is_counted_at_registration_not_today():
    f = facts_for(
        birth_date=dt.date(1996, 3, 2),
        mother_tongue="fi",
        education_level="basic",
        needs_multiprofessional=False,
        arrival_date=None,
        registration_date=dt.date(2026, 3, 1),
    )
    assert f.age == 29 and segment(f)[0] == "youth"


def test_edited_rules_apply():
    rules = [
        {"name": "young", "if": {"age_lt": 25}, "segment": "youth"},
        {"name": "rest", "segment": "adult_basic"},
    ]
    assert segment(facts(age=27), validate_rules(rules))[0] == "adult_basic"


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ([], "non-empty"),
        ([{"segment": "youth", "if": {"age_lt": "30"}}, {"segment": "x"}], "rule 1, field if.age_lt"),
        ([{"segment": "youth", "if": {"shoe_size": 3}}, {"segment": "x"}], "unknown condition"),
        ([{"if": {}}], "field segment"),
        ([{"segment": "youth", "if": {"age_lt": 30}}], "last rule"),
        ([{"segment": "pirates"}], "no team serves"),
    ],
)
def test_bad_rules_are_rejected_with_place(rules, message):
    with pytest.raises(RuleError, match=message):
        validate_rules(rules, segments={"youth", "x", "adult_basic"})


def test_default_rules_validate():
    segments = {r["segment"] for r in DEFAULT_RULES}
    assert validate_rules(DEFAULT_RULES, segments) is DEFAULT_RULES
