"""Helsinki-lisä: the city's own employer subsidy, in its two designs.

2023-2025 (top-up): it comes on top of a granted pay subsidy (or 55+ subsidy, or with a
Helsinki-lisä card), and each month is max(0, min(cap, share x pay costs - pay subsidy -
training compensation)), as Helsinki's own handling (City-of-Helsinki/yjdh) computes it.
2026 (stand-alone): a share of the pay costs up to a cap, never with a pay subsidy.
Pay costs here include side costs and holiday pay, unlike the pay subsidy's.
"""

from __future__ import annotations

from decimal import Decimal

from kohtaanto.domain.nordic import add_months

from .case import SubsidyCase
from .facts import unemployment_check
from .result import Work, eur, round_to
from .rules import HelsinkiVersion, RuleBook
from .state_aid import check_de_minimis, choose_basis


def calculate(work: Work, case: SubsidyCase, version: HelsinkiVersion, book: RuleBook) -> None:
    assert case.client is not None
    client, start = case.client, case.start_date
    work.monthly_cap = version.monthly_cap
    work.line(f"rules {version.id} ({version.mode.replace('_', '-')})")
    if case.employer_kind not in version.employer_kinds:
        work.refuse(
            "employer_kind_not_allowed",
            f"Helsinki-lisä is not granted to a {case.employer_kind} employer (only {', '.join(version.employer_kinds)})",
        )
    if version.requires_resident and not client.helsinki_resident:
        work.refuse("not_helsinki_resident", "the person hired is not a Helsinki resident")
    has_pay_subsidy = case.pay_subsidy_monthly > 0
    if version.requires_pay_subsidy_or_card and not (has_pay_subsidy or client.helsinki_card):
        work.refuse(
            "pay_subsidy_required",
            f"under {version.id} Helsinki-lisä needs a granted pay subsidy or 55+ subsidy, or a Helsinki-lisä card",
        )
    if not version.combinable_with_pay_subsidy and has_pay_subsidy:
        work.refuse(
            "not_combinable_with_pay_subsidy",
            f"under {version.id} Helsinki-lisä is not granted with a pay subsidy for the same employment",
        )
    if version.min_unemployment is not None:
        met, days, needed, window = unemployment_check(
            client.unemployment_periods, start, version.min_unemployment, version.days_per_month
        )
        work.line(f"unemployed {days} of the last {window} days ({needed} needed)")
        if not met:
            work.refuse(
                "unemployment_too_short", f"unemployed {days} of the last {window} days; {needed} needed"
            )
    if version.requires_need_assessment and not client.helsinki_need_assessed:
        work.refuse("need_not_assessed", "Helsinki Employment Services has not assessed the person's need")
    if version.apply_within_months is not None and case.applied_on is not None:
        last = add_months(start, version.apply_within_months)
        if case.applied_on > last:
            work.refuse(
                "applied_too_late",
                f"applied {case.applied_on.isoformat()}; the last day was {last.isoformat()} "
                f"({version.apply_within_months} months from the start)",
            )
    choose_basis(work, case, (version.business_aid_basis,))
    _amounts(work, case, version)
    check_de_minimis(work, case, book)


def _amounts(work: Work, case: SubsidyCase, version: HelsinkiVersion) -> None:
    costs = case.monthly_pay
    parts = [eur(case.monthly_pay)]
    if version.pay_costs_include_side_costs:
        costs += case.side_costs_monthly
        parts.append(eur(case.side_costs_monthly))
    if version.pay_costs_include_holiday_pay:
        costs += case.holiday_pay_monthly
        parts.append(eur(case.holiday_pay_monthly))
    work.line(f"pay costs a month: {' + '.join(parts)} = {eur(costs)}")
    share = version.rate
    if case.state_aid_max_percent is not None and case.state_aid_max_percent / 100 < share:
        share = case.state_aid_max_percent / 100
        work.note("state_aid_max", f"state-aid maximum {share:.0%} of pay costs (from the case)")
    work.rate = share
    work.months = min(case.planned_months, version.max_months)
    if case.planned_months > version.max_months:
        work.note("months_limited", f"{case.planned_months} months planned; at most {version.max_months}")
    capped = False
    segments: list[tuple[int, int, Decimal, Decimal]] = []  # first month, last month, deduction, amount
    for month in range(1, work.months + 1):
        deduction = case.training_compensation_monthly
        if version.combinable_with_pay_subsidy and month <= case.pay_subsidy_months:
            deduction += case.pay_subsidy_monthly
        raw = share * costs - deduction
        capped = capped or raw > version.monthly_cap
        amount = round_to(max(Decimal(0), min(version.monthly_cap, raw)), version.rounding)
        work.monthly_amounts.append(amount)
        if segments and segments[-1][2:] == (deduction, amount):
            segments[-1] = (segments[-1][0], month, deduction, amount)
        else:
            segments.append((month, month, deduction, amount))
    for first, last, deduction, amount in segments:
        minus = f" - {eur(deduction)}" if deduction else ""
        work.line(
            f"months {first}-{last}: min({eur(version.monthly_cap)}, {share:.0%} x {eur(costs)}{minus}) = {eur(amount)}"
        )
    if capped:
        work.note("cap_applied", f"the monthly cap of {eur(version.monthly_cap)} limits the amount")
