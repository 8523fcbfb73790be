"""The demo's synthetic employers and their vacancies from real ads (pure, no database)."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

from kohtaanto.domain.ytunnus import is_valid_business_id
from kohtaanto.synthetic.employer_vacancies import STAGES, generate_vacancies
from kohtaanto.synthetic.employer_words import INDUSTRIES, STREETS
from kohtaanto.synthetic.employers import generate_employers
from kohtaanto.synthetic.jobads import job_period, load_ads, rekry_rows

TODAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 2, 10, 0)


def test_three_hundred_employers_with_valid_unique_business_ids_and_contacts():
    employers = generate_employers(300, seed=5, today=TODAY, coordinators=2)
    ids = [e.business_id for e in employers]
    assert len(set(ids)) == 300 and all(is_valid_business_id(i) for i in ids)
    assert all(i.startswith("9") for i in ids)  # a range no real firm has yet
    assert len({e.name for e in employers}) == 300
    assert all(1 <= len(e.contacts) <= 3 for e in employers)
    assert all(c["email"].endswith(".example") for e in employers for c in e.contacts)
    industries = {i.code for i in INDUSTRIES}
    assert {e.industry for e in employers} <= industries
    postal = {code for _, code, _ in STREETS}
    assert all(loc["postal_code"] in postal for e in employers for loc in e.locations)
    slots = Counter(e.coordinator for e in employers)
    assert slots[0] > slots[1] > 0 and slots[None] > 0  # the demo coordinator has the most
    # Every coordinator's employer has a contact history; its last contact is not in the future.
    assigned = [e for e in employers if e.coordinator is not None]
    assert all(e.interactions and e.interactions[-1].date <= TODAY for e in assigned)
    assert sum(bool(e.interactions[-1].next_action) for e in assigned) > len(assigned) / 2


def test_the_same_seed_gives_the_same_employers():
    first = generate_employers(50, seed=9, today=TODAY)
    assert first == generate_employers(50, seed=9, today=TODAY)
    assert first != generate_employers(50, seed=10, today=TODAY)


def test_vacancies_come_from_the_ads_in_every_stage_with_an_ordered_history():
    ads = load_ads()
    by_uuid = {a.uuid: a for a in ads}
    employers = generate_employers(300, seed=5, today=TODAY)
    vacancies = generate_vacancies(employers, ads, n=255, seed=5, now=NOW)
    assert 150 <= len(vacancies) <= 400
    assert {v.stage for v in vacancies} == set(STAGES)
    for v in vacancies:
        ad = by_uuid[v.ad]
        assert v.title.lower() == ad.title.lower()
        assert v.contract == ("permanent" if ad.permanent else "fixed_term")
        assert (v.end_date is None) == ad.permanent
        times = [at for _, at in v.stages]
        assert v.stages[0][0] == "new" and times == sorted(times) and times[-1] <= NOW
        assert v.apply_by <= v.start_date
        if v.stage in ("new", "searching", "proposed", "interviews"):
            assert v.apply_by >= TODAY  # open: its posting is still in job matching
    # Every ad is used; a care ad goes to a care or staffing employer.
    assert {v.ad for v in vacancies} == set(by_uuid)
    nurse = [v for v in vacancies if v.title.lower().startswith("lähihoitaja")]
    assert nurse and {employers[v.employer].industry[:2] for v in nurse} <= {"87", "88", "78"}


def test_the_shipped_ads_are_the_fixture_without_translations():
    ads = load_ads()
    assert len(ads) == len({a.uuid for a in ads}) == 98
    assert Counter(a.language for a in ads)["sv"] == 2  # Swedish-only ads stay
    raw = [
        {
            "hits": {
                "hits": [
                    {
                        "_source": {
                            "uuid": ["u1"],
                            "_language": "sv",
                            "title": ["sjukskötare"],
                            "unpublish_on": [0],
                            "field_publication_starts": [0],
                        }
                    },
                    {
                        "_source": {
                            "uuid": ["u1"],
                            "_language": "fi",
                            "title": ["sairaanhoitaja"],
                            "unpublish_on": [0],
                            "field_publication_starts": [0],
                        }
                    },
                    {"_source": {"name": ["Lähihoitajat"], "vid": ["task_area"]}},
                ]
            }
        }
    ]
    rows = rekry_rows(raw)
    assert [(r["uuid"], r["title"]) for r in rows] == [("u1", "sairaanhoitaja")]


def test_job_period_reads_the_ads_ways_of_writing_dates():
    assert job_period("1.2.2023 - 11.5.2023") == (date(2023, 2, 1), date(2023, 5, 11))
    assert job_period("1.2.-30.4.2023") == (date(2023, 2, 1), date(2023, 4, 30))
    assert job_period("02.01.2023 -27.08.2023") == (date(2023, 1, 2), date(2023, 8, 27))
    assert job_period("16.1.2023 tai sopimuksen mukaan") == (date(2023, 1, 16), None)
    assert job_period("Sopimuksen mukaan") == (None, None)
