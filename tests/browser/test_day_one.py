"""Issue 18 in the browser, in Finnish, Swedish and English: only the client's team writes
timetable meetings (defect 1), every edit form saved unchanged stores the same record, so
dates survive every language (defect 2), and meeting notes are shown, kept and versioned
(defect 3)."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import login

pytestmark = pytest.mark.browser

LOCALES = {"fi": "fi-FI", "sv": "sv-SE", "en": "en-GB"}
NO_ACCESS = {"fi": "Ei käyttöoikeutta", "sv": "Ingen åtkomst", "en": "No access"}
SHOTS = Path(os.environ.get("KOHTAANTO_SCREENSHOTS", "var/screenshots"))


def _shot(page, name: str) -> None:
    """Screenshots of the main screens, for a reviewer to read through."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _save(page) -> None:
    page.locator("main form button[type=submit].primary").click()
    page.wait_for_load_state()


@pytest.fixture
def notes_world(casework):
    from kohtaanto.accounts.models import Role
    from kohtaanto.clients.models import Meeting, MeetingNoteVersion
    from tests.portal.factories import network_member

    w = casework
    psychologist, _ = network_member(w["own"], Role.PSYCHOLOGIST, username="pia", first_name="Pia")
    held = w["held"]
    Meeting.objects.filter(pk=held.pk).update(notes="Kartoitettiin tilanne.", staff=w["worker"])
    MeetingNoteVersion.objects.create(
        meeting=held, version=1, text="Kartoitettiin tilanne.", created_by=w["worker"]
    )
    planned = Meeting.objects.create(
        client=w["own"],
        staff=w["worker"],
        kind="job_search_conversation",
        status="planned",
        due_date=dt.date.today() + dt.timedelta(days=9),
        planned_date=dt.date.today() + dt.timedelta(days=5),
        channel="phone",
        notes="Ota CV mukaan.",
    )
    return {**w, "psychologist": psychologist, "planned": planned}


@pytest.mark.parametrize("lang", list(LOCALES))
def test_network_professional_sees_no_meeting_buttons_and_is_refused(new_page, notes_world, lang):
    from kohtaanto.clients.models import Meeting

    w = notes_world
    c = w["own"]
    before = list(Meeting.objects.filter(client=c).order_by("pk").values())
    page = new_page(LOCALES[lang])
    login(page, "pia")
    page.goto(f"/clients/{c.pk}/")
    expect(page.locator("section[aria-labelledby=h-meetings]")).to_be_visible()
    expect(page.locator(f"a[href='/clients/{c.pk}/meetings/new/']")).to_have_count(0)
    expect(page.locator(f"a[href^='/clients/{c.pk}/meetings/']")).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text("Kartoitettiin tilanne.")
    _shot(page, f"client-page-psychologist-{lang}")
    page.goto(f"/clients/{c.pk}/meetings/{w['planned'].pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(NO_ACCESS[lang])
    _shot(page, f"403-{lang}")
    assert list(Meeting.objects.filter(client=c).order_by("pk").values()) == before


@pytest.mark.parametrize("lang", list(LOCALES))
def test_meeting_notes_are_shown_kept_and_versioned(new_page, notes_world, lang):
    from kohtaanto.clients.models import Meeting, MeetingNoteVersion

    w = notes_world
    c, held, planned = w["own"], w["held"], w["planned"]
    page = new_page(LOCALES[lang])
    login(page, "anna")
    page.goto(f"/clients/{c.pk}/")
    meetings = page.locator("section[aria-labelledby=h-meetings]")
    expect(meetings).to_contain_text("Kartoitettiin tilanne.")
    expect(meetings).to_contain_text("Ota CV mukaan.")

    # Recording the planned meeting's outcome keeps its notes (it used to store "").
    meetings.locator(f"a[href='/clients/{c.pk}/meetings/{planned.pk}/']").click()
    # Generous: CI's two cores serve this page while the suite runs (it timed out once at 20 s).
    page.wait_for_url(f"**/meetings/{planned.pk}/", timeout=60_000)
    expect(page.locator("#id_notes")).to_have_value("Ota CV mukaan.")
    expect(page.locator("#id_planned_date")).to_have_value(planned.planned_date.isoformat())
    page.select_option("#id_status", "held")
    page.fill("#id_held_date", dt.date.today().isoformat())
    _shot(page, f"meeting-outcome-{lang}")
    _save(page)
    planned.refresh_from_db()
    assert (planned.status, planned.notes) == ("held", "Ota CV mukaan.")

    # Editing the held meeting's notes adds a version; the page lists the earlier one.
    page.goto(f"/clients/{c.pk}/meetings/{held.pk}/")
    expect(page.locator("#id_notes")).to_have_value("Kartoitettiin tilanne.")
    page.fill("#id_notes", "Kartoitettiin tilanne. Kiinnostus logistiikkaan.")
    _save(page)
    expect(page).to_have_url(re.compile(rf"/clients/{c.pk}/$"))
    row = page.locator("section[aria-labelledby=h-meetings] tr.meeting-notes", has_text="Kiinnostus")
    expect(row).to_be_visible()
    row.locator("summary").click()
    expect(row.locator("details")).to_contain_text("Kartoitettiin tilanne.")
    _shot(page, f"client-page-notes-{lang}")
    assert list(MeetingNoteVersion.objects.filter(meeting=held).values_list("version", flat=True)) == [2, 1]
    assert Meeting.objects.get(pk=held.pk).notes == "Kartoitettiin tilanne. Kiinnostus logistiikkaan."


def _plan_state(client):
    plan = client.plans.first()
    tasks = [(t.title, t.assignee, t.due_date, t.done) for t in plan.tasks.order_by("title")]
    return (plan.goals, plan.job_search_obligation, plan.agreed_services, tasks)


def _meeting_state(meeting):
    meeting.refresh_from_db()
    return {k: v for k, v in vars(meeting).items() if not k.startswith("_")}


def _service_state(service):
    from kohtaanto.catalogue.records import service_to_record

    service.refresh_from_db()
    record = service_to_record(service)
    return {k: v for k, v in record.items() if k not in ("updated", "updated_at", "reviewed_at", "version")}


@pytest.mark.parametrize("lang", list(LOCALES))
def test_every_edit_form_saved_unchanged_stores_the_same_record(new_page, notes_world, lang):
    """Open each edit form in the language, save without changes, compare the stored record.
    In Finnish the date inputs used to be empty, so saving the plan erased the due dates."""
    from kohtaanto.accounts.models import Role
    from kohtaanto.clients.intake import current_rules
    from tests.factories import UserFactory

    w = notes_world
    c, held = w["own"], w["held"]
    page = new_page(LOCALES[lang])
    login(page, "anna")

    # The employment plan: the saved version equals the one before (due dates included).
    before = _plan_state(c)
    assert any(due for *_, due, _done in before[3])
    page.goto(f"/clients/{c.pk}/plan/")
    _shot(page, f"plan-edit-{lang}")
    _save(page)
    expect(page).to_have_url(re.compile(rf"/clients/{c.pk}/$"))
    assert c.plans.count() == 2
    assert _plan_state(c) == before

    # A held meeting, and a planned one (status, dates, channel and notes as they were).
    for meeting in (held, w["planned"]):
        before = _meeting_state(meeting)
        page.goto(f"/clients/{c.pk}/meetings/{meeting.pk}/")
        if meeting.status == "planned":
            page.select_option("#id_status", "planned")  # the form proposes "held"
        _save(page)
        expect(page).to_have_url(re.compile(rf"/clients/{c.pk}/$"))
        assert _meeting_state(meeting) == before

    # A catalogue service, as an administrator.
    UserFactory(username="admin1", role=Role.ADMINISTRATOR, team=None, unit=None, is_staff=True)
    admin = new_page(LOCALES[lang])
    login(admin, "admin1")
    service = w["trial"]
    before = _service_state(service)
    admin.goto(f"/catalogue/{service.pk}/edit/")
    _shot(admin, f"service-edit-{lang}")
    _save(admin)
    expect(admin).to_have_url(re.compile(rf"/catalogue/{service.pk}/$"))
    assert _service_state(service) == before

    # The segmentation rules (a new rule-set version with the same rules).
    rules = current_rules()
    admin.goto("/settings/segmentation/")
    admin.locator("button[name=save]").click()
    admin.wait_for_load_state()
    assert current_rules() == rules


@pytest.mark.parametrize("lang", list(LOCALES))
def test_profile_sections_saved_unchanged_keep_the_profile(new_page, notes_world, lang):
    """The labour-market profile edits one section at a time; the sections that show the
    stored values (driving licences, preferences) saved unchanged keep the profile as it
    was. (Occupations, skills, education and languages are lists edited item by item.)"""
    from kohtaanto.market import engine
    from kohtaanto.market.escodata import use
    from kohtaanto.market.models import Profile
    from tests.market.esco_fixture import esco_data
    from tests.market.factories import market_world, nurse_profile

    w = notes_world
    market_world(w["own"])
    profile = nurse_profile(w["own"])

    def state():
        return {
            k: v
            for k, v in Profile.objects.filter(pk=profile.pk).values()[0].items()
            if k not in ("updated_at", "updated_by_id")
        }

    engine.clear_cache()
    with use(esco_data()):
        before = state()
        page = new_page(LOCALES[lang])
        login(page, "liisa")
        for section in ("driving_licences", "preferences"):
            page.goto("/portal/profile/")
            form = page.locator(f"form:has(input[name=section][value={section}])")
            form.locator("button[type=submit]").first.click()
            page.wait_for_load_state()
            assert state() == before, section
        _shot(page, f"portal-profile-{lang}")
    engine.clear_cache()
