"""Each provider's true effect, for judging the risk-adjusted provider comparison (issue 17).

In the generator a provider delivers one or more services (`ServiceSpec.provider`), and each
service has its own causal effect on employment. A provider's true effect at horizon h is
the average treatment effect on its participants: the mean over everyone in the population
of one of its services who started that service, of Y_h(service) - Y_h(no service). It is the
participant-weighted mean of its services' true ATTs, so it is exactly what an observed-
against-expected comparison of the provider's participants estimates. Pure: no Django.
"""

from __future__ import annotations

from kohtaanto.synthetic.service_model import HORIZONS, SERVICES


def provider_truth(service_effects: dict[str, dict[str, dict]]) -> dict[str, dict]:
    """Provider name -> its services and, per horizon label, the true ATT and participants.

    `service_effects` is service_id -> horizon label -> the summary of `causal.simulate`."""
    out: dict[str, dict] = {}
    for spec in SERVICES:
        entry = out.setdefault(spec.provider, {"services": [], "effects": {}})
        entry["services"].append(spec.service_id)
        for label in HORIZONS:
            s = service_effects[spec.service_id][label]
            acc = entry["effects"].setdefault(label, {"sum": 0.0, "n_treated": 0})
            if s["att"] is not None and s["n_treated"]:
                acc["sum"] += s["att"] * s["n_treated"]
                acc["n_treated"] += s["n_treated"]
    for entry in out.values():
        for label, acc in entry["effects"].items():
            n = acc.pop("n_treated")
            total = acc.pop("sum")
            entry["effects"][label] = {"att": round(total / n, 5) if n else None, "n_treated": n}
    return out
