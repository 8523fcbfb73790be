"""Issue 16, done when: a representative applies for palkkatuki for a registered client, an
expert grants it, the representative files three monthly payment applications, one of them
late, which lapses, and the payment batch holds the two valid ones. The same for the
Helsinki-lisä and for a start-up grant applied for by the client in the portal. In Finnish,
in the browser, as the people would do it.

The dates are relative to today: the subsidy starts on the first day of the month three
months ago, so that month's payment application is past its deadline (two months after the
end of the month in which the period ends) and the next two are in time."""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from playwright.sync_api import expect

from .conftest import login

pytestmark = pytest.mark.browser

PDF = {"name": "sopimus.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%test\n"}


def _months() -> tuple[dt.date, dt.date, dt.date]:
    first = dt.date.today().replace(day=1) - relativedelta(months=3)
    return first, first + relativedelta(months=1), first + relativedelta(months=2)


@pytest.fixture
def subsidy_world(helsinki):
    """Employer A with its representative, two subsidy experts, a registered job seeker aged
    23 and unemployed for half a year when the subsidy starts, and a client with portal
    access who applies for a start-up grant."""
    from kohtaanto.accounts.models import Role
    from kohtaanto.clients import identity
    from kohtaanto.employers.models import Employer
    from kohtaanto.organisation.models import Municipality, Office
    from kohtaanto.outcomes.models import JobSearchPeriod
    from tests.employers.vacancy_world import representative
    from tests.factories import ClientFactory, UserFactory

    start, _, _ = _months()
    area = Municipality.objects.get(code="091")
    employer = Employer.objects.create(area=area, business_id="0112038-9", name="Hoiva Oy", industry="87100")
    rep = representative(employer, username="edustaja", first_name="Eeva", last_name="Edustaja")
    expert = UserFactory(
        username="tukiasiantuntija",
        role=Role.SUBSIDY_EXPERT,
        team=None,
        unit=None,
        office=Office.objects.filter(municipality=area).first(),
        first_name="Teemu",
    )
    seeker = ClientFactory(birth_date=start - relativedelta(years=23), municipality=area)
    JobSearchPeriod.objects.create(client=seeker, start=start - relativedelta(months=6))
    portal_user = UserFactory(username="yrittaja", role=Role.CLIENT, team=None, unit=None)
    founder = ClientFactory(birth_date=start - relativedelta(years=35), municipality=area, user=portal_user)
    JobSearchPeriod.objects.create(client=founder, start=start - relativedelta(months=8))
    return {
        "rep": rep,
        "expert": expert,
        "hetu": identity.decrypt(seeker.hetu_encrypted),
        "founder": portal_user,
    }


def _employer_applies(page, hetu: str, benefit: str, **figures) -> int:
    start, _, _ = _months()
    page.goto("/subsidies/employer/new/")
    page.locator("#id_benefit").select_option(benefit)
    page.fill("#id_client_hetu", hetu)
    page.fill("#id_start_date", start.isoformat())
    page.fill("#id_planned_months", "5")
    if benefit == "palkkatuki":
        page.locator("#id_ground").select_option("lack_of_skills")
    page.locator("#id_employer_kind").select_option("business")
    page.locator("#id_aid_basis").select_option("de_minimis")
    for name, value in figures.items():
        page.fill(f"#id_{name}", value)
    page.locator("main form button.primary").click()
    expect(page.locator("#application-state")).to_have_text("Luonnos")
    _attach(page, "contract")
    page.locator("form[action$='/submit/'] button").click()
    expect(page.locator("#application-state")).to_have_text("Lähetetty")
    return int(page.url.rstrip("/").split("/")[-1])


def _attach(page, kind: str) -> None:
    page.locator("#id_kind").select_option(kind)
    page.locator("#id_file").set_input_files(PDF)
    page.locator("form[action$='/attachments/'] button").click()
    expect(page.get_by_role("link", name="sopimus.pdf").first).to_be_visible()


def _expert_grants(page, application_id: int, *facts: str) -> None:
    page.goto("/subsidies/handling/")
    page.get_by_role("link", name=f"Hakemus {application_id}", exact=True).click()
    for fact in facts:  # shown by the application's evidence
        page.locator(f"#id_p-{fact}").check()
    if facts:
        page.get_by_role("button", name="Laske uudelleen").click()
    expect(page.locator("#eligibility")).to_have_text("Edellytykset täyttyvät")
    page.get_by_label("Myönnetään").check()
    form = page.locator("form[action$='/decide/']")
    for fact in facts:
        form.locator(f"#id_{fact}").check()
    page.fill("#id_justification", "Edellytykset täyttyvät; laskelma liitteenä.")
    page.get_by_role("button", name="Tallenna päätös").click()
    expect(page.get_by_role("status")).to_contain_text("Päätös tehtiin.")
    expect(page.locator("#app-state")).to_contain_text("myönnetty")


def _pay_month(page, application_id: int, month: dt.date, **pay: str) -> None:
    page.goto(f"/subsidies/employer/{application_id}/")
    page.locator(f"a[href$='/{application_id}/payments/new/']").click()
    page.fill("#id_period_start", month.isoformat())
    page.locator("#id_months").select_option("1")
    total = 0.0
    for name, value in pay.items():
        page.fill(f"#id_{name}1", value)
        total += float(value)
    page.locator("#id_paid1").check()
    page.fill("#id_claimed", f"{total:.2f}")
    page.locator("main form button.primary").click()
    expect(page.locator("#h-payments")).to_be_visible()


def _expert_pays_and_batches(page, expected: int) -> None:
    page.goto("/subsidies/payments/")
    for _ in range(expected):
        page.get_by_role("link", name="Maksatushakemus").first.click()
        page.get_by_label("Hyväksytään").check()
        page.get_by_role("button", name="Tallenna maksatuspäätös").click()
        expect(page.get_by_role("status")).to_contain_text("Maksatushakemus käsiteltiin.")
    page.goto("/subsidies/batches/")
    page.get_by_role("button", name="Muodosta maksuerä").click()
    expect(page.get_by_role("status")).to_contain_text("Maksuerä muodostettiin.")
    expect(page.locator("#batch-count")).to_have_text(str(expected))


def _assert_two_paid_one_lapsed(application_id: int) -> None:
    from kohtaanto.subsidies.models import PaymentApplication, PaymentBatch

    payments = PaymentApplication.objects.filter(decision__application_id=application_id)
    first, second, third = _months()
    lapsed = payments.get(period_start=first)
    assert lapsed.state == "lapsed" and lapsed.reason
    batch = PaymentBatch.objects.get()
    assert sorted(p.period_start for p in batch.payments.all()) == [second, third]
    assert batch.count == 2 and batch.total == sum(p.payable for p in batch.payments.all())


def test_pay_subsidy_from_application_to_payment_batch(new_page, subsidy_world):
    rep_page = new_page("fi-FI")
    login(rep_page, "edustaja")
    app_id = _employer_applies(rep_page, subsidy_world["hetu"], "palkkatuki", monthly_pay="2200")

    expert_page = new_page("fi-FI")
    login(expert_page, "tukiasiantuntija")
    _expert_grants(expert_page, app_id)
    # The decision document in Finnish, with its rectification instructions.
    expert_page.get_by_role("link", name="Päätösasiakirja suomeksi").first.click()
    expect(expert_page.locator("#d-appeal")).to_have_text("Oikaisuvaatimusohje")

    first, second, third = _months()
    for month in (first, second, third):
        _pay_month(rep_page, app_id, month, pay="2200")
    expect(rep_page.get_by_text("määräajan", exact=False).first).to_be_visible()  # the lapse's reason

    _expert_pays_and_batches(expert_page, 2)
    _assert_two_paid_one_lapsed(app_id)

    from kohtaanto.outcomes.models import Employment

    # A granted pay subsidy is the client's subsidised employment.
    assert Employment.objects.filter(subsidised=True, business_id="0112038-9").count() == 1


def test_helsinki_supplement_from_application_to_payment_batch(new_page, subsidy_world):
    rep_page = new_page("fi-FI")
    login(rep_page, "edustaja")
    app_id = _employer_applies(
        rep_page,
        subsidy_world["hetu"],
        "helsinki_lisa",
        monthly_pay="2500",
        side_costs_monthly="550",
        holiday_pay_monthly="100",
    )
    expert_page = new_page("fi-FI")
    login(expert_page, "tukiasiantuntija")
    _expert_grants(expert_page, app_id, "helsinki_resident", "helsinki_need_assessed")
    first, second, third = _months()
    for month in (first, second, third):
        _pay_month(rep_page, app_id, month, pay="2500", side="550", holiday="100")
    _expert_pays_and_batches(expert_page, 2)
    _assert_two_paid_one_lapsed(app_id)


def test_start_up_grant_from_application_to_payment_batch(new_page, subsidy_world):
    start, second, third = _months()
    page = new_page("fi-FI")
    login(page, "yrittaja")
    page.goto("/portal/start-up-grant/new/")
    page.fill("#id_description", "Graafisen suunnittelun toiminimi, asiakkaina pk-yrityksiä.")
    page.fill("#id_start_date", start.isoformat())
    page.fill("#id_planned_months", "6")
    page.locator("#id_full_time").check()
    page.locator("#id_skills").check()
    page.locator("main form button.primary").click()
    expect(page.locator("#application-state")).to_have_text("Luonnos")
    for kind in ("business_plan", "calculations", "advisory"):
        _attach(page, kind)
    page.locator("form[action$='/submit/'] button").click()
    expect(page.locator("#application-state")).to_have_text("Lähetetty")
    app_id = int(page.url.rstrip("/").split("/")[-1])

    expert_page = new_page("fi-FI")
    login(expert_page, "tukiasiantuntija")
    _expert_grants(expert_page, app_id)

    for month in (start, second, third):
        page.goto(f"/portal/start-up-grant/{app_id}/")
        page.locator(f"a[href$='/{app_id}/claims/new/']").click()
        page.fill("#id_period_start", month.isoformat())
        page.locator("#id_confirm").check()
        page.locator("main form button.primary").click()
        expect(page.locator("#h-payments")).to_be_visible()
    _expert_pays_and_batches(expert_page, 2)
    _assert_two_paid_one_lapsed(app_id)
