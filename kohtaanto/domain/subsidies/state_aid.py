"""State aid: which basis an aid is granted on, and the de minimis ceiling.

A business's aid is state aid, granted under the General Block Exemption Regulation or as de
minimis aid; an association's non-business activity and a public employer's are not. De
minimis aid over the ceiling is refused in whole, not cut down to what fits, and the
ceiling counts every de minimis aid of the undertaking in the window, declared or granted
here (docs/subsidies.md).
"""

from __future__ import annotations

from .case import SubsidyCase
from .facts import de_minimis_received, de_minimis_window_start
from .result import NOT_STATE_AID, Work, eur
from .rules import DeMinimisVersion, RuleBook, StateAidBasis


def choose_basis(work: Work, case: SubsidyCase, allowed: tuple[StateAidBasis, ...]) -> None:
    """Set work.aid_basis: the case's choice if the rules allow it, else the rules' first."""
    if case.employer_kind != "business" or not allowed:
        work.aid_basis = NOT_STATE_AID
        return
    if case.aid_basis is not None and case.aid_basis not in allowed:
        work.refuse(
            "aid_basis_not_allowed",
            f"this aid to a business can only be granted as {' or '.join(allowed)}, not {case.aid_basis}",
        )
        return
    work.aid_basis = case.aid_basis or allowed[0]


def check_de_minimis(work: Work, case: SubsidyCase, book: RuleBook) -> None:
    """Refuse de minimis aid that would take the undertaking over the ceiling."""
    if work.aid_basis != "de_minimis" or work.refused:
        return
    version = book.in_force("de_minimis", case.start_date)
    assert isinstance(version, DeMinimisVersion)
    since = de_minimis_window_start(version, case.start_date)
    received = de_minimis_received(case.de_minimis_received, version, case.start_date)
    this = work.total()
    together = received + this
    work.line(
        f"de minimis ({version.id}): received since {since.isoformat()} {eur(received)} + this aid "
        f"{eur(this)} = {eur(together)}; ceiling {eur(version.ceiling)}"
    )
    if together > version.ceiling:
        work.refuse(
            "de_minimis_ceiling",
            f"de minimis aid since {since.isoformat()} ({eur(received)}) and this aid ({eur(this)}) "
            f"come to {eur(together)}, over the ceiling of {eur(version.ceiling)}",
        )
    else:
        work.note(
            "de_minimis_checked", f"de minimis room left after this aid: {eur(version.ceiling - together)}"
        )
