"""Työkokeilu (work trial): no money to the organiser, so the calculation is about limits.

The trial is an agreement between the client, the organiser and the employment authority;
the client keeps the unemployment benefit (with an expense allowance) and the organiser
gets nothing, so the result has no rate or amounts: only whether the trial may be agreed
and for how many months, given the months already used with this organiser and in total.
"""

from __future__ import annotations

from .case import SubsidyCase
from .facts import months_used
from .result import Work, eur
from .rules import TyokokeiluVersion


def calculate(work: Work, case: SubsidyCase, version: TyokokeiluVersion) -> None:
    assert case.hours_per_day is not None and case.days_per_week is not None
    work.line(f"rules {version.id}: no payment to the organiser; not state aid")
    if case.employer_kind not in version.organiser_kinds:
        work.refuse(
            "organiser_kind_not_allowed",
            f"a {case.employer_kind} cannot organise a work trial (only {', '.join(version.organiser_kinds)})",
        )
    hours, days = version.hours_per_day, version.days_per_week
    if not hours.min <= case.hours_per_day <= hours.max:
        work.refuse(
            "hours_per_day", f"{case.hours_per_day} hours a day; a work trial has {hours.min}-{hours.max}"
        )
    if not days.min <= case.days_per_week <= days.max:
        work.refuse(
            "days_per_week", f"{case.days_per_week} days a week; a work trial has {days.min}-{days.max}"
        )
    with_organiser = months_used(case.previous_grants, "tyokokeilu", same_employer=True)
    in_total = months_used(case.previous_grants, "tyokokeilu")
    left = min(version.max_months_per_organiser - with_organiser, version.max_months_total - in_total)
    work.line(
        f"months used: {with_organiser} with this organiser (at most {version.max_months_per_organiser}), "
        f"{in_total} in total (at most {version.max_months_total}); {max(left, 0)} left"
    )
    if case.planned_months < version.min_months:
        work.refuse("too_short", f"a work trial lasts at least {version.min_months} month(s)")
    if left < version.min_months:
        work.refuse("work_trial_months_used", f"only {max(left, 0)} months of work trial left")
        return
    work.months = min(case.planned_months, left)
    if case.planned_months > left:
        work.note("months_limited", f"{case.planned_months} months planned; {left} left")
    work.line(
        f"the client's expense allowance, {eur(version.expense_allowance_per_day)} a day, comes with the "
        "unemployment benefit, not from the organiser's grant"
    )
