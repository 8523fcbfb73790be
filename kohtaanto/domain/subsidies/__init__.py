"""Employer subsidies: versioned rules (kohtaanto/data/subsidies) and a pure calculator.

    from kohtaanto.domain.subsidies import SubsidyCase, calculate, rules_in_force

    result = calculate(SubsidyCase.model_validate(case_dict))
    result.eligible, result.monthly_amounts, result.total, result.reasons, result.lines

No Django here: the decision services, the command line (`kohtaanto subsidy calculate`) and
notebooks share it. docs/subsidies.md lists every parameter with its source.
"""

from .calculator import calculate, payment_application_deadline
from .case import SubsidyCase, describe_errors
from .result import Reason, SubsidyResult
from .rules import NoRulesInForce, RuleBook, RuleDataError, load_rules, rulebook, rules_in_force

__all__ = [
    "NoRulesInForce",
    "Reason",
    "RuleBook",
    "RuleDataError",
    "SubsidyCase",
    "SubsidyResult",
    "calculate",
    "describe_errors",
    "load_rules",
    "payment_application_deadline",
    "rulebook",
    "rules_in_force",
]
