"""The subsidy calculator: one case in, one frozen result out, by the rule version in force on
the case's start date. The command line and the decisions call this same function."""

from __future__ import annotations

import datetime as dt

from . import helsinki, pay_subsidy, start_up, work_trial
from .case import SubsidyCase
from .facts import payment_deadline
from .result import SubsidyResult, Work
from .rules import (
    HelsinkiVersion,
    PalkkatukiVersion,
    RuleBook,
    StarttirahaVersion,
    TyokokeiluVersion,
    rulebook,
)


def calculate(case: SubsidyCase, book: RuleBook | None = None) -> SubsidyResult:
    """Eligibility and amounts for `case`; NoRulesInForce if no version covers its start date."""
    book = book or rulebook()
    version = book.in_force(case.benefit, case.start_date)
    work = Work(id=case.id, benefit=case.benefit, rule_version=version.id)
    if isinstance(version, PalkkatukiVersion):
        pay_subsidy.calculate(work, case, version, book)
    elif isinstance(version, HelsinkiVersion):
        helsinki.calculate(work, case, version, book)
    elif isinstance(version, TyokokeiluVersion):
        work_trial.calculate(work, case, version)
    elif isinstance(version, StarttirahaVersion):
        start_up.calculate(work, case, version, book)
    else:  # pragma: no cover - SubsidyCase.benefit admits only the four above
        raise TypeError(f"no calculator for {case.benefit}")
    return work.result()


def payment_application_deadline(
    start_date: dt.date, period_last_day: dt.date, book: RuleBook | None = None
) -> dt.date:
    """The last day to apply for a palkkatuki payment period ending on `period_last_day`,
    by the rules in force on the decision's `start_date`; a later application lapses."""
    version = (book or rulebook()).in_force("palkkatuki", start_date)
    assert isinstance(version, PalkkatukiVersion)
    return payment_deadline(period_last_day, version.payment.deadline_months_after_period_month)
