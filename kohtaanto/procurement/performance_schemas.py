"""API schemas of a contract's performance (issue 17, point 3; analytics/contracts.py):
the published figures as they are, hidden cells null."""

from __future__ import annotations

from datetime import date

from ninja import Field, Schema


class ContractOperationsOut(Schema):
    """Operations per service of the contract (service_id null: the whole contract); null
    figures are hidden (fewer than 5 persons, or a total that would give one back)."""

    service_id: str | None
    service_name: str | None
    n_referred: int | None
    n_decided: int | None
    n_started: int | None
    acceptance: float | None
    wait_median_days: float | None
    wait_p90_days: float | None
    n_ended: int | None
    n_interrupted: int | None
    completion: float | None
    interruption: float | None
    n_due_3m: int | None
    n_employed_3m: int | None
    employed_3m: float | None
    n_due_6m: int | None
    n_employed_6m: int | None
    employed_6m: float | None
    n_due_12m: int | None
    n_employed_12m: int | None
    employed_12m: float | None


class ContractAdjustedOut(Schema):
    """Observed against expected employment of the participants, 95 % interval."""

    service_id: str | None
    horizon_months: int
    n_participants: int
    observed: float
    expected: float
    difference: float
    ci_low: float
    ci_high: float


class ContractPerformanceOut(Schema):
    as_of: date | None = Field(None, description="the snapshot of the refresh; null: not computed yet")
    operations: list[ContractOperationsOut]
    risk_adjusted: list[ContractAdjustedOut]
    feedback_persons: int | None = Field(None, description="clients who scored; null under 5 (hidden)")
    feedback_mean_score: float | None = Field(None, description="their mean score, 1-5; null when hidden")
