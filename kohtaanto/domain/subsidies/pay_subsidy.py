"""Palkkatuki (pay subsidy) and the 55+ employment subsidy, per ground, from the rule version.

Each ground's rate is taken of the monthly pay counted for it: gross wages without side
costs and holiday pay, except that the 100 % ground counts only the pay for at most 65 % of
full working time and lifts it by the side-cost coefficient (1.23) that the guidance uses.
The monthly amount is the smaller of that and the ground's cap.
"""

from __future__ import annotations

from decimal import Decimal

from kohtaanto.domain.nordic import add_months

from .case import Client, SubsidyCase
from .facts import ONE_DAY, unemployed_on, unemployment_check
from .result import Work, eur, round_to
from .rules import PalkkatukiVersion, PayGround, RuleBook
from .state_aid import check_de_minimis, choose_basis


def target_groups(client: Client, case: SubsidyCase, version: PalkkatukiVersion) -> list[str]:
    """The groups the client belongs to, of those the lack-of-skills subsidy is for."""
    g = version.target_groups
    found = []
    if g.young_from <= client.age <= g.young_until:
        found.append(f"aged {g.young_from}-{g.young_until}")
    if client.age >= g.older_from:
        found.append(f"aged {g.older_from} or over")
    if g.basic_education_only and client.basic_education_only:
        found.append("basic education only")
    if g.immigrant and client.immigrant:
        found.append("immigrant")
    if g.reduced_work_capacity and client.reduced_work_capacity:
        found.append("reduced work capacity")
    met, days, _, window = unemployment_check(
        client.unemployment_periods, case.start_date, g.unemployment, version.days_per_month
    )
    if met:
        found.append(f"unemployed {days} of the last {window} days")
    return found


def calculate(work: Work, case: SubsidyCase, version: PalkkatukiVersion, book: RuleBook) -> None:
    assert case.ground is not None and case.client is not None and case.employer_kind is not None
    ground = version.grounds.get(case.ground)
    if ground is None:
        work.refuse("ground_not_in_rules", f"{version.id} has no ground {case.ground}")
        return
    client, start = case.client, case.start_date
    work.rate, work.monthly_cap = ground.rate, ground.monthly_cap
    work.line(f"rules {version.id}, ground {case.ground}: {ground.source}")
    _conditions(work, case, client, ground, version)
    choose_basis(work, case, ground.business_aid_bases)
    _three_year_rule(work, case, ground, version)
    _months(work, case, client, ground, version)
    amount = _monthly_amount(work, case, ground, version)
    work.monthly_amounts = [amount] * work.months
    work.line(f"{work.months} months x {eur(amount)}")
    check_de_minimis(work, case, book)
    if not work.refused:
        last = add_months(start, work.months) - ONE_DAY
        work.line(
            f"payment periods of {'/'.join(map(str, version.payment.periods_months))} months; each application "
            f"within {version.payment.deadline_months_after_period_month} months of the end of the month in "
            f"which its period ends (the subsidy ends {last.isoformat()})"
        )


def _conditions(
    work: Work, case: SubsidyCase, client: Client, ground: PayGround, version: PalkkatukiVersion
) -> None:
    start = case.start_date
    if case.employer_kind not in ground.employer_kinds:
        work.refuse(
            "employer_kind_not_allowed",
            f"ground {case.ground} is not granted to a {case.employer_kind} employer "
            f"(only {', '.join(ground.employer_kinds)})",
        )
    if version.unemployed_on_start_required and not unemployed_on(
        client.unemployment_periods, start - ONE_DAY
    ):
        work.refuse(
            "not_unemployed", f"not a registered unemployed jobseeker on {(start - ONE_DAY).isoformat()}"
        )
    if ground.requires_target_group:
        groups = target_groups(client, case, version)
        if groups:
            work.note("target_group", "target group: " + "; ".join(groups))
        else:
            work.refuse("no_target_group", "the client is in none of the groups the pay subsidy is for")
    if ground.requires_reduced_work_capacity and not client.reduced_work_capacity:
        work.refuse("reduced_work_capacity_required", "this ground needs an assessed reduced work capacity")
    if ground.min_age is not None and client.age < ground.min_age:
        work.refuse(
            "too_young", f"the client is {client.age}; this ground is for those aged {ground.min_age}+"
        )
    if ground.min_unemployment is not None:
        met, days, needed, window = unemployment_check(
            client.unemployment_periods, start, ground.min_unemployment, version.days_per_month
        )
        work.line(f"unemployed {days} of the last {window} days ({needed} needed)")
        if not met:
            work.refuse(
                "unemployment_too_short",
                f"unemployed {days} of the last {window} days; this ground needs {needed} "
                f"({ground.min_unemployment.min_months} of {ground.min_unemployment.within_months} months)",
            )
    if ground.min_weekly_hours is not None and (case.weekly_hours or 0) < ground.min_weekly_hours:
        work.refuse(
            "too_few_hours", f"{case.weekly_hours} hours a week; this ground needs {ground.min_weekly_hours}"
        )


def _three_year_rule(work: Work, case: SubsidyCase, ground: PayGround, version: PalkkatukiVersion) -> None:
    rule = version.three_year_rule
    since = add_months(case.start_date, -12 * rule.years)
    earlier = [
        g
        for g in case.previous_grants
        if g.benefit in rule.counts_benefits
        and g.same_employer
        and g.end >= since
        and g.start < case.start_date
    ]
    if not earlier:
        return
    g = earlier[0]
    when = f"{g.start.isoformat()} to {g.end.isoformat()}"
    if ground.three_year_rule:
        work.refuse(
            "three_year_rule",
            f"the same employer had a pay subsidy for this person {when}, within {rule.years} years "
            f"before {case.start_date.isoformat()} (since {since.isoformat()})",
        )
    else:
        work.note("three_year_rule_exempt", f"earlier pay subsidy {when} does not bar ground {case.ground}")


def _months(
    work: Work, case: SubsidyCase, client: Client, ground: PayGround, version: PalkkatukiVersion
) -> None:
    months, d = ground.duration.months, ground.duration
    if d.long_unemployment is not None and d.long_unemployment_months is not None:
        met, days, needed, window = unemployment_check(
            client.unemployment_periods, case.start_date, d.long_unemployment, version.days_per_month
        )
        work.line(
            f"duration: unemployed {days} of the last {window} days ({needed} for {d.long_unemployment_months} months)"
        )
        if met:
            months = d.long_unemployment_months
            work.note(
                "long_unemployment_duration",
                f"{months} months: unemployed {days} of the last {window} days (at least {needed})",
            )
    work.months = min(case.planned_months, months)
    if case.planned_months > months:
        work.note("months_limited", f"{case.planned_months} months planned; this ground allows {months}")


def _monthly_amount(work: Work, case: SubsidyCase, ground: PayGround, version: PalkkatukiVersion) -> Decimal:
    pay = case.monthly_pay
    counted = pay
    share = case.working_time_percent / 100
    limit = ground.full_rate_max_working_time
    if limit is not None and share > limit:
        counted = pay / share * limit
        work.note(
            "working_time_limit",
            f"pay counted for {limit:.0%} of full time: {eur(pay)} / {share:.2f} x {limit} = {eur(counted)}",
        )
    if ground.side_cost_coefficient != 1:
        lifted = counted * ground.side_cost_coefficient
        work.note(
            "side_cost_coefficient",
            f"side costs by coefficient: {eur(counted)} x {ground.side_cost_coefficient} = {eur(lifted)}",
        )
        counted = lifted
    raw = ground.rate * counted
    work.line(f"{ground.rate:.0%} of {eur(counted)} = {eur(raw)}; cap {eur(ground.monthly_cap)}")
    if raw > ground.monthly_cap:
        work.note("cap_applied", f"{eur(raw)} is over the monthly cap; {eur(ground.monthly_cap)} a month")
        raw = ground.monthly_cap
    return round_to(raw, version.rounding)
