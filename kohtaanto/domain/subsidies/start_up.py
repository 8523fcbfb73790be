"""Starttiraha (start-up grant): a daily amount for the days Monday-Friday of the grant
period, paid per calendar month in arrears, in periods of up to 6 months and 12 in all."""

from __future__ import annotations

from .case import SubsidyCase
from .facts import months_used, period_end, weekdays_by_month
from .result import Work, eur, round_to
from .rules import RuleBook, StarttirahaVersion
from .state_aid import check_de_minimis


def calculate(work: Work, case: SubsidyCase, version: StarttirahaVersion, book: RuleBook) -> None:
    startup = case.startup
    assert startup is not None
    work.aid_basis = version.aid_basis
    work.line(f"rules {version.id}: {eur(version.daily_amount)} a day, {version.days_per_week} days a week")
    if version.requires_full_time and not startup.full_time:
        work.refuse("not_full_time", "the business is not full-time")
    if version.requires_skills and not startup.skills:
        work.refuse("skills", "the applicant lacks the skills the business needs")
    if version.refuses_tax_arrears and startup.tax_arrears:
        work.refuse("tax_arrears", "the applicant has tax arrears")
    if startup.started_before_decision:
        if version.may_start_before_decision:
            work.note("started_at_own_risk", "full-time business started before the decision, at own risk")
        else:
            work.refuse(
                "started_before_decision",
                f"under {version.id} the business may not start before the decision",
            )
    used = months_used(case.previous_grants, "starttiraha")
    left = version.total_max_months - used
    if used:
        work.note("continuation", f"continuation: {used} months used of {version.total_max_months}")
    if left <= 0:
        work.refuse(
            "start_up_grant_used", f"all {version.total_max_months} months of start-up grant are used"
        )
        return
    work.months = min(case.planned_months, version.period_max_months, left)
    if case.planned_months > work.months:
        work.note(
            "months_limited",
            f"{case.planned_months} months planned; a period is at most {version.period_max_months} "
            f"and {left} months are left",
        )
    last = period_end(case.start_date, work.months)
    work.line(f"grant period {case.start_date.isoformat()} to {last.isoformat()}")
    for month, days in weekdays_by_month(case.start_date, last, version.days_per_week):
        amount = round_to(version.daily_amount * days, version.rounding)
        work.monthly_amounts.append(amount)
        work.line(f"{month}: {days} days x {eur(version.daily_amount)} = {eur(amount)}")
    check_de_minimis(work, case, book)
