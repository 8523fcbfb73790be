"""Record validation, hard filters and soft preferences."""

import pytest

from kohtaanto.matching.filters import check_filters, haversine_km, passes, preferences
from kohtaanto.matching.types import ClientContext, DocumentError, ServiceDocument


def doc(**fields):
    return ServiceDocument.from_dict({"id": "s", "name": {"fi": "Palvelu"}, **fields})


def states(d, client):
    return {x.name: x.state for x in check_filters(d, client)}


def test_unknown_fields_are_ignored_and_texts_read():
    d = ServiceDocument.from_dict({"id": 7, "name": {"fi": "A"}, "kind": "workshop", "price": {"fi": "0 €"}})
    assert d.id == "7" and d.name == {"fi": "A"} and d.summary == {}


@pytest.mark.parametrize(
    ("record", "field"),
    [
        ({"name": {"fi": "A"}}, "id"),
        ({"id": "x"}, "name"),
        ({"id": "x", "name": ["A"]}, "name"),
        ({"id": "x", "name": {"fi": "A"}, "status": "live"}, "status"),
        ({"id": "x", "name": {"fi": "A"}, "min_age": "18"}, "min_age"),
        ({"id": "x", "name": {"fi": "A"}, "required_finnish_level": "B9"}, "required_finnish_level"),
        ({"id": "x", "name": {"fi": "A"}, "channels": ["fax"]}, "channels"),
        ({"id": "x", "name": {"fi": "A"}, "locations": [{"lat": 95, "lon": 0}]}, "locations[0]"),
        ({"id": "x", "name": {"fi": "A"}, "municipalities": "091"}, "municipalities"),
    ],
)
def test_invalid_records_name_the_field(record, field):
    with pytest.raises(DocumentError) as err:
        ServiceDocument.from_dict(record)
    assert err.value.field == field


def test_text_hash_changes_only_with_text():
    a = doc(summary={"fi": "x"})
    assert a.text_hash() == doc(summary={"fi": "x"}, min_age=3).text_hash()
    assert a.text_hash() != doc(summary={"fi": "y"}).text_hash()


def test_every_filter_is_inactive_without_data():
    s = states(doc(), ClientContext(age=30, municipality="091"))
    assert set(s.values()) == {"inactive"}
    assert passes(check_filters(doc(min_age=18), None))


@pytest.mark.parametrize(
    ("fields", "client", "name"),
    [
        ({"min_age": 16, "max_age": 29}, ClientContext(age=35), "age"),
        ({"min_age": 30}, ClientContext(age=29), "age"),
        ({"municipalities": ["091", "049"]}, ClientContext(municipality="092"), "municipality"),
        ({"required_finnish_level": "B1"}, ClientContext(language_levels={"fi": "A2"}), "finnish_level"),
        ({"required_swedish_level": "A1"}, ClientContext(language_levels={"sv": "none"}), "swedish_level"),
        ({"target_groups": ["youth"]}, ClientContext(target_groups=("immigrants",)), "target_group"),
        ({"target_groups": ["youth"]}, ClientContext(target_groups=()), "target_group"),
        ({"available_places": 0}, None, "capacity"),
        ({"status": "draft"}, None, "status"),
        ({"status": "archived"}, None, "status"),
    ],
)
def test_ineligible_services_fail_the_right_filter(fields, client, name):
    decisions = check_filters(doc(**fields), client)
    assert not passes(decisions)
    assert [d.name for d in decisions if d.state == "failed"] == [name]


@pytest.mark.parametrize(
    ("fields", "client", "name"),
    [
        ({"min_age": 16, "max_age": 29}, ClientContext(age=29), "age"),
        ({"municipalities": ["091"]}, ClientContext(municipality="091"), "municipality"),
        ({"required_finnish_level": "B1"}, ClientContext(language_levels={"fi": "native"}), "finnish_level"),
        ({"target_groups": ["youth"]}, ClientContext(target_groups=("youth", "immigrants")), "target_group"),
        ({"available_places": 2}, None, "capacity"),
        ({"status": "published"}, None, "status"),
    ],
)
def test_eligible_services_pass(fields, client, name):
    assert states(doc(**fields), client)[name] == "passed"


def test_status_filter_can_be_switched_off():
    decisions = check_filters(doc(status="draft"), None, require_published=False)
    assert passes(decisions)


def test_haversine_helsinki_tampere():
    assert haversine_km((60.1699, 24.9384), (61.4978, 23.7610)) == pytest.approx(160, abs=3)
    assert haversine_km((60.0, 25.0), (60.0, 25.0)) == 0.0


def test_nearer_location_gets_a_larger_bonus_and_is_explained():
    near = doc(locations=[{"name": "Kamppi", "lat": 60.168, "lon": 24.931}])
    far = doc(locations=[{"name": "Tampere", "lat": 61.4978, "lon": 23.761}])
    client = ClientContext(home=(60.17, 24.94))
    b_near, items = preferences(near, client)
    b_far, _ = preferences(far, client)
    assert b_near > b_far > 0
    assert items[0]["name"] == "distance" and items[0]["location"] == "Kamppi" and items[0]["km"] < 2


def test_channel_and_language_preferences():
    d = doc(channels=["online"], languages=["fi", "sv"])
    bonus, items = preferences(d, ClientContext(preferred_channel="online", preferred_language="sv"))
    assert bonus > 0 and {i["name"] for i in items} == {"channel", "language"}
    none, _ = preferences(d, ClientContext(preferred_channel="phone", preferred_language="en"))
    assert none == 0
    assert preferences(d, None) == (0.0, [])


def test_client_context_from_dict_validates():
    c = ClientContext.from_dict(
        {"age": 25, "language_levels": {"fi": "b1"}, "home": {"lat": 60.2, "lon": 24.9}}
    )
    assert c.home == (60.2, 24.9) and c.language_levels == {"fi": "b1"}
    with pytest.raises(DocumentError) as err:
        ClientContext.from_dict({"language_levels": {"fi": "fluent"}})
    assert err.value.field == "language_levels"


JOB_SEEKER = ClientContext(age=23, target_groups=("unemployed", "youth"))


@pytest.mark.parametrize(
    "groups",
    [["unemployed", "employers"], ["employers"], ["students", "youth"], ["students"]],
)
def test_services_for_employers_or_pupils_are_not_client_services(groups):
    """Pay subsidy and Helsinki-lisä (applied for by the employer) and school services were
    suggested for a client's debt need: their target groups rule them out."""
    decisions = check_filters(doc(target_groups=groups), JOB_SEEKER)
    assert not passes(decisions)
    assert "client_service" in [d.name for d in decisions if d.state == "failed"]


@pytest.mark.parametrize("groups", [["unemployed"], ["youth"], ["youth", "immigrants"], []])
def test_job_seekers_services_stay(groups):
    assert states(doc(target_groups=groups), JOB_SEEKER).get("client_service", "passed") != "failed"


def test_without_a_client_the_employer_services_are_searchable():
    assert passes(check_filters(doc(target_groups=["employers"]), None))
