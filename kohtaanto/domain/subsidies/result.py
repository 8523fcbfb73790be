"""The calculator's answer: a frozen result with machine reason codes, human text and the
calculation line by line (the decision page shows the lines; the codes get translated)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

NOT_STATE_AID = "not_state_aid"


@dataclass(frozen=True)
class Reason:
    code: str  # stable, for translation and tests
    text: str  # English, for the command line and the log
    blocking: bool  # True: the reason the case is refused; False: a note on how it was counted

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "text": self.text, "blocking": self.blocking}


@dataclass(frozen=True)
class SubsidyResult:
    id: str
    benefit: str
    eligible: bool
    reasons: tuple[Reason, ...]
    rate: Decimal | None  # share of the counted pay costs (0.5 = 50 %); None when not a share
    monthly_cap: Decimal | None
    months: int
    monthly_amounts: tuple[Decimal, ...]
    total: Decimal
    aid_basis: str  # block_exemption, de_minimis or not_state_aid
    rule_version: str
    lines: tuple[str, ...] = ()

    @property
    def codes(self) -> list[str]:
        return [r.code for r in self.reasons]

    def to_dict(self) -> dict[str, Any]:
        """The command line's JSON object: money as strings with cents, the rate as a number."""
        return {
            "id": self.id,
            "benefit": self.benefit,
            "eligible": self.eligible,
            "reasons": [r.to_dict() for r in self.reasons],
            "rate": None if self.rate is None else float(self.rate),
            "monthly_cap": money_str(self.monthly_cap),
            "months": self.months,
            "monthly_amounts": [money_str(a) for a in self.monthly_amounts],
            "total": money_str(self.total),
            "aid_basis": self.aid_basis,
            "rule_version": self.rule_version,
        }


def money_str(amount: Decimal | None) -> str | None:
    return None if amount is None else str(amount.quantize(Decimal("0.01")))


def round_to(amount: Decimal, step: Decimal) -> Decimal:
    """Round half up to a multiple of `step` (0.01 = cents, 1 = whole euros), kept in cents."""
    return (amount / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step


def eur(amount: Decimal) -> str:
    """1234.5 -> '1 234.50 €' for the calculation lines."""
    return f"{amount.quantize(Decimal('0.01')):,.2f} €".replace(",", " ")


@dataclass
class Work:
    """What a calculation collects before it is frozen into a SubsidyResult."""

    id: str
    benefit: str
    rule_version: str
    aid_basis: str = NOT_STATE_AID
    rate: Decimal | None = None
    monthly_cap: Decimal | None = None
    months: int = 0
    monthly_amounts: list[Decimal] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    def refuse(self, code: str, text: str) -> None:
        self.reasons.append(Reason(code, text, True))
        self.lines.append(f"refused: {text}")

    def note(self, code: str, text: str) -> None:
        self.reasons.append(Reason(code, text, False))
        self.lines.append(text)

    def line(self, text: str) -> None:
        self.lines.append(text)

    @property
    def refused(self) -> bool:
        return any(r.blocking for r in self.reasons)

    def total(self) -> Decimal:
        return sum(self.monthly_amounts, Decimal(0))

    def result(self) -> SubsidyResult:
        """Freeze; a refused case grants nothing, whatever was counted on the way."""
        eligible = not self.refused
        amounts = tuple(self.monthly_amounts) if eligible else ()
        total = sum(amounts, Decimal(0)).quantize(Decimal("0.01"))
        self.line(f"total: {eur(total)}" if eligible else "not eligible: nothing is granted")
        return SubsidyResult(
            id=self.id,
            benefit=self.benefit,
            eligible=eligible,
            reasons=tuple(self.reasons),
            rate=self.rate,
            monthly_cap=self.monthly_cap,
            months=self.months if eligible else 0,
            monthly_amounts=amounts,
            total=total,
            aid_basis=self.aid_basis,
            rule_version=self.rule_version,
            lines=tuple(self.lines),
        )
