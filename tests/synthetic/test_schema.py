"""The tables match docs/data-model.md: column names, types and enumerations."""

import polars as pl

S, D, B, INT = pl.String, pl.Date, pl.Boolean, pl.Int64

SCHEMA = {
    "clients": {
        "client_id": S, "hetu": S, "first_name": S, "last_name": S, "birth_date": D, "gender": S,
        "mother_tongue": S, "language_group": S, "finnish_level": S, "swedish_level": S,
        "education_level": S, "municipality": S, "postal_code": S, "registration_date": D,
        "arrival_date": D, "needs_multiprofessional": B, "long_term_unemployed": B,
        "service_unit": S, "team": S, "responsible_worker": S, "office": S,
        "job_search_status": S, "end_date": D, "end_reason": S,
    },
    "staff": {
        "staff_id": S, "first_name": S, "last_name": S, "role": S, "service_unit": S, "team": S,
        "office": S, "languages": pl.List(S),
    },
    "meetings": {
        "meeting_id": S, "client_id": S, "staff_id": S, "kind": S, "due_date": D,
        "planned_date": D, "held_date": D, "status": S, "channel": S,
    },
    "events": {"event_id": S, "client_id": S, "date": D, "kind": S, "service_id": S, "reason": S},
    "services": {
        "service_id": S, "kind": S, "name_fi": S, "name_sv": S, "name_en": S, "provider": S,
        "wait_days": INT, "duration_days": INT, "capacity": INT,
    },
    "referrals": {
        "referral_id": S, "client_id": S, "service_id": S, "referred_date": D, "status": S,
        "start_date": D, "end_date": D,
    },
    # Procured and joint services (issue 17): the same schema as the app's extract
    # (insights/export_joint.py; tests/procurement checks they agree).
    "contracts": {"contract_id": S, "provider": S, "start": D, "end": D, "price_model": S,
                  "randomised": B, "capacity": INT},
    "contract_services": {"contract_id": S, "service_id": S},
    "contract_members": {"contract_id": S, "client_id": S, "start": D, "arm": S},
    "contract_bonuses": {"contract_id": S, "client_id": S, "outcome": S, "event_date": D, "amount_cents": INT},
    "typ_cases": {"case_id": S, "client_id": S, "basis": S, "mapping_start": D, "mapping_latest_end": D,
                  "plan_date": D, "ended_on": D, "exit_outcome": S},
    "typ_team": {"case_id": S, "client_id": S, "staff_id": S, "party": S},
    "ohjaamo_visits": {"month": D, "service_unit": S, "age_group": S, "topic": S, "transition": S,
                       "identified": B, "visits": INT},
}  # fmt: skip

LEVELS = {"none", "A1", "A2", "B1", "B2", "C1", "C2", "native"}
ENUMS = {
    ("clients", "gender"): {"F", "M"},
    ("clients", "language_group"): {"fi", "sv", "foreign"},
    ("clients", "finnish_level"): LEVELS,
    ("clients", "swedish_level"): LEVELS,
    ("clients", "education_level"): {"none", "basic", "upper_secondary", "tertiary"},
    ("clients", "service_unit"): {"OSU", "TKP", "KOTO"},
    ("clients", "job_search_status"): {"active", "ended"},
    ("clients", "end_reason"): {"employed", "subsidised", "entrepreneur", "education", "moved", "other", None},
    ("staff", "role"): {
        "case_worker", "psychologist", "social_worker", "employer_coordinator", "team_leader",
        "service_manager", "startup_grant_expert", "pay_subsidy_expert",
    },
    ("meetings", "kind"): {"initial_interview", "job_search_conversation", "supplementary"},
    ("meetings", "status"): {"held", "no_show", "cancelled", "planned"},
    ("meetings", "channel"): {"in_person", "phone", "video"},
    ("events", "kind"): {
        "registration", "meeting", "service_start", "service_end", "employment",
        "education_start", "job_search_ended",
    },
    ("events", "reason"): {
        "employed", "subsidised", "entrepreneur", "education", "moved", "other", "completed", "interrupted", None,
    },  # fmt: skip
    ("referrals", "status"): {"referred", "declined", "cancelled", "started", "completed", "interrupted"},
    ("typ_team", "party"): {"employment", "social", "kela"},
    ("typ_cases", "exit_outcome"): {"employed", "education", "moved", "other", None},
    ("ohjaamo_visits", "age_group"): {"under_18", "18_24", "25_29", "30_plus", "unknown"},
}  # fmt: skip

ID_PATTERNS = {
    ("clients", "client_id"): r"^K\d{7}$",
    ("staff", "staff_id"): r"^S\d{4}$",
    ("meetings", "meeting_id"): r"^M\d{8}$",
    ("events", "event_id"): r"^E\d{9}$",
    ("services", "service_id"): r"^P\d{3}$",
    ("referrals", "referral_id"): r"^R\d{7}$",
}


def test_columns_and_types(data):
    assert list(data) == list(SCHEMA)
    for table, columns in SCHEMA.items():
        assert dict(data[table].schema) == columns, table


def test_enumerations(data):
    for (table, column), allowed in ENUMS.items():
        seen = set(data[table][column].unique().to_list())
        assert seen <= allowed, (table, column, seen - allowed)
    # Every documented status of a referral and a meeting actually occurs.
    assert set(data["meetings"]["status"].unique()) == ENUMS[("meetings", "status")]
    assert set(data["events"]["kind"].unique()) == ENUMS[("events", "kind")]


def test_identifiers_are_unique_and_well_formed(data):
    for (table, column), pattern in ID_PATTERNS.items():
        col = data[table][column]
        assert col.is_unique().all(), (table, column)
        assert col.str.contains(pattern).all(), (table, column)


def test_services_catalogue(data):
    services = data["services"]
    assert 15 <= services.height <= 25
    assert services["kind"].n_unique() >= 12
    assert (services["capacity"] >= 5).all()
    assert (
        services.select(pl.col("name_fi", "name_sv", "name_en", "provider").str.len_chars().min()).row(0)
        > (0,) * 4
    )


def test_mother_tongue_and_language_group_agree(data):
    c = data["clients"]
    expected = (
        pl.when(pl.col("mother_tongue").is_in(["fi", "sv"]))
        .then(pl.col("mother_tongue"))
        .otherwise(pl.lit("foreign"))
    )
    assert c.select((pl.col("language_group") == expected).all()).item()
    assert c.filter(pl.col("mother_tongue") == "fi")["finnish_level"].unique().to_list() == ["native"]
    assert c.filter(pl.col("mother_tongue") == "sv")["swedish_level"].unique().to_list() == ["native"]
    assert (
        c.filter(pl.col("language_group") != "foreign")["arrival_date"].null_count()
        == c.filter(pl.col("language_group") != "foreign").height
    )
    assert (c["municipality"] == "091").all()
