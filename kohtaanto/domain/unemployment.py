"""Long-term unemployment: a job search of 12 months or more (365 days), the definition
the register export, the forecast and the service eligibility filters use."""

from __future__ import annotations

import datetime as dt

LONG_TERM_DAYS = 365


def is_long_term(registered: dt.date, on: dt.date) -> bool:
    """Whether a job seeker registered on `registered` is long-term unemployed on `on`."""
    return (on - registered).days >= LONG_TERM_DAYS
