"""The provider quality signal beside each suggested service (issue 17, point 3).

The figure is the refresh's risk-adjusted outcome (analytics.providers): employment within 6
months observed against expected for the same clients, with its 95 % interval. It is shown,
never ranked on: it is read after the suggestions are ordered and only decorates them.
Layers: insights (above referrals) publishes it to a file under the analytics folder at each
refresh (`analytics.providers.write_quality`); this module reads that file, so referrals
never imports the dashboard. Only disclosure-controlled rows are published.
"""

from __future__ import annotations

from dataclasses import dataclass

from kohtaanto.analytics.providers import SIGNAL_MONTHS, read_quality
from kohtaanto.organisation.tenancy import area_figures_dir


@dataclass(frozen=True)
class Signal:
    level: str  # "service": this service's own figure; "provider": its provider, all services
    provider: str
    months: int
    n: int
    difference_pp: float
    low_pp: float
    high_pp: float

    @property
    def verdict(self) -> str:
        """above / below expected, or unclear when the interval includes zero."""
        if self.low_pp > 0:
            return "above"
        if self.high_pp < 0:
            return "below"
        return "unclear"


def quality_for(suggestions: list, area: str | None) -> dict[int, Signal]:
    """Service pk -> its signal, for the suggestions that have one (after ranking). The
    figures are the worker's own area's (`area`, its code; none without an area)."""
    if not area:
        return {}
    ids = [s.service.external_id for s in suggestions]
    names = {
        s.service.external_id: (s.service.provider.name if s.service.provider else "") for s in suggestions
    }
    rows = read_quality(area_figures_dir(area), ids, names)
    out = {}
    for s in suggestions:
        r = rows.get(s.service.external_id)
        if r is not None:
            out[s.service.pk] = Signal(
                r["level"], r["provider"], SIGNAL_MONTHS, int(r["n_participants"]),
                100 * r["difference"], 100 * r["ci_low"], 100 * r["ci_high"],
            )  # fmt: skip
    return out
