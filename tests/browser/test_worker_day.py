"""A case worker's day in the browser: worklist by what is due, a client, a meeting, the
plan, and a referral found through the HTMX matching panel on the client page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from .conftest import MATCH_TIMEOUT_MS, login

pytestmark = pytest.mark.browser


def _worklist_names(page) -> list[str]:
    return page.locator("#worklist tbody tr td:nth-child(3) a").all_inner_texts()


def test_worker_day(new_page, casework):
    from kohtaanto.clients.models import Meeting
    from kohtaanto.referrals.models import Referral

    w = casework
    page = new_page()
    login(page, "anna")

    # The worklist is home for a case worker, ordered by what is due, overdue first.
    expect(page).to_have_url(re.compile(r"/clients/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My clients")
    names = _worklist_names(page)
    assert names[:4] == ["Ylönen, Aino", "Mäkinen, Aino", "Niemi, Liisa", "Aho, Aino"], names
    assert names[-1] == "Berg, Aino"
    first = page.locator("#worklist tbody tr").first
    expect(first).to_have_class("overdue")
    expect(first).to_contain_text("initial interview")

    # HTMX search narrows the list in place (no page load), and the URL follows.
    page.fill("#q", "Mäki")
    expect(page.locator("#worklist tbody tr")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"[?&]q=M"))
    page.fill("#q", "")
    expect(page.locator("#worklist tbody tr")).to_have_count(5)

    # Open the overdue client.
    page.get_by_role("link", name="Ylönen, Aino").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Aino Ylönen")
    client_url = page.url

    # Record the initial interview, held today.
    page.get_by_role("link", name="Record a meeting").click()
    page.select_option("#id_kind", "initial_interview")
    page.select_option("#id_status", "held")
    page.select_option("#id_channel", "phone")
    page.fill("#id_held_date", dt.date.today().isoformat())
    page.fill("#id_notes", "Kartoitettiin tilanne; kiinnostus logistiikkaan.")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(client_url)
    meetings = page.locator("section[aria-labelledby=h-meetings] tbody")
    expect(meetings.first).to_contain_text("initial interview")
    expect(meetings.first).to_contain_text("held")
    assert Meeting.objects.filter(client=w["overdue"], status="held", channel="phone").count() == 1

    # Edit the employment plan: goals, obligation, one task; saving makes version 1.
    page.get_by_role("link", name="Edit plan").click()
    page.fill("#id_goals", "Työpaikka varastoalalta kevääseen mennessä.")
    page.fill("#id_job_search_obligation", "3")
    page.fill("#id_tasks-0-title", "Hae trukkikorttikoulutukseen")
    page.select_option("#id_tasks-0-assignee", "client")
    page.fill("#id_tasks-0-due_date", (dt.date.today() + dt.timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(client_url)
    plan = page.locator("section[aria-labelledby=h-plan]")
    expect(plan).to_contain_text("Version 1")
    expect(plan).to_contain_text("Työpaikka varastoalalta kevääseen mennessä.")
    expect(plan).to_contain_text("Hae trukkikorttikoulutukseen")
    expect(plan).to_contain_text("3 applications a month")

    # Find services for a need: the matching panel answers in place through HTMX.
    page.fill("#need", "Nuori asiakas haluaa kokeilla työtä työpaikalla ja tarvitsee työkokeilun.")
    page.get_by_role("button", name="Suggest services").click()
    top = page.locator("#suggestions ol.suggestions > li").first
    expect(top.get_by_role("heading")).to_contain_text("Work trial", timeout=MATCH_TIMEOUT_MS)
    assert page.url == client_url  # no navigation: the panel was swapped in
    top.get_by_text("Why this service?").click()
    expect(top.locator("details").first).to_contain_text("Matching words")

    # Refer with a note to the provider.
    top.get_by_label("Note to the provider").fill("Aamupäivät sopivat parhaiten.")
    top.get_by_role("button", name="Refer").click()
    expect(page).to_have_url(client_url)
    expect(page.locator("main > div[role=status]")).to_contain_text("The client was referred to the service.")
    referrals = page.locator("section[aria-labelledby=h-referrals] table")
    expect(referrals).to_contain_text("Work trial")
    expect(referrals).to_contain_text("referred")
    r = Referral.objects.get(client=w["overdue"])
    assert (r.service_id, r.state, r.rank, r.note_to_provider) == (
        w["trial"].pk,
        "referred",
        1,
        "Aamupäivät sopivat parhaiten.",
    )

    # Back on the worklist, the interview is done: the client is no longer first or overdue.
    page.get_by_role("link", name="My clients").click()
    names = _worklist_names(page)
    assert names[0] == "Mäkinen, Aino", names
    expect(page.locator("#worklist tbody tr.overdue")).to_have_count(0)
