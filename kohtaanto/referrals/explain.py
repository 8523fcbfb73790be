"""The matcher's explanation (filter decisions and preferences, written for developers) as
sentences a worker can read to the client, and the score as a relevance band."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

# Relevance is in standard deviations of the dense score over the catalogue
# (matching.filters.PreferenceWeights): the best services score about 4-6.
BANDS = (
    (4.0, "strong", gettext_lazy("strong match")),
    (2.5, "good", gettext_lazy("good match")),
    (float("-inf"), "possible", gettext_lazy("possible match")),
)

PASSED = {
    "age": gettext_lazy("The client's age is within the service's age limits."),
    "municipality": gettext_lazy("The service is offered in the client's municipality."),
    "finnish_level": gettext_lazy("The client's Finnish is good enough for the service."),
    "swedish_level": gettext_lazy("The client's Swedish is good enough for the service."),
    "target_group": gettext_lazy("The service is meant for a group the client belongs to."),
}


def relevance_band(score: float) -> tuple[str, str]:
    for low, code, label in BANDS:
        if score >= low:
            return code, str(label)
    return BANDS[-1][1], str(BANDS[-1][2])


def filter_sentence(decision: dict[str, str]) -> str:
    """A passed filter as a sentence; publication and the client-service check go unsaid."""
    if decision.get("state") != "passed":
        return ""
    name = decision.get("name", "")
    if name == "capacity":
        m = re.match(r"(\d+)", decision.get("detail", ""))
        return (
            _("The service has %(n)s free places.") % {"n": m.group(1)}
            if m
            else _("The service has free places.")
        )
    return str(PASSED.get(name, ""))


def preference_sentence(pref: dict[str, Any]) -> str:
    name = pref.get("name")
    if name == "distance":
        values = {"place": pref.get("location", ""), "km": f"{float(pref.get('km', 0)):.1f}"}
        if pref.get("from") == "preferred_office":
            return _("%(place)s is %(km)s km from the client's preferred office.") % values
        return _("%(place)s is %(km)s km from the client's home.") % values
    if name == "channel":
        return (
            _("The service is offered the way the client prefers (in person, by phone or online).")
            if pref.get("offered")
            else _("The service is not offered the way the client prefers.")
        )
    if name == "language":
        return (
            _("The service is available in the client's language.")
            if pref.get("offered")
            else _("The service is not available in the client's language.")
        )
    return ""


def feedback_sentence(note: dict[str, Any] | None) -> str:
    """What workers' earlier refers and dismissals did to the service's place, if anything."""
    if not note:
        return ""
    moved = int(note.get("moved") or 0)
    values = {"n": abs(moved), "a": note.get("from_rank"), "b": note.get("to_rank")}
    if note.get("kept_for_new") or (note.get("new_service") and moved == 0):
        return _("The service is new, with little feedback yet, so feedback did not move it down.")
    if moved > 0:
        return (
            ngettext(
                "Workers' earlier choices moved this service up %(n)d place (from %(a)s to %(b)s).",
                "Workers' earlier choices moved this service up %(n)d places (from %(a)s to %(b)s).",
                abs(moved),
            )
            % values
        )
    if moved < 0:
        return (
            ngettext(
                "Workers' earlier choices moved this service down %(n)d place (from %(a)s to %(b)s).",
                "Workers' earlier choices moved this service down %(n)d places (from %(a)s to %(b)s).",
                abs(moved),
            )
            % values
        )
    return ""


def explanation_sentences(explanation: dict[str, Any]) -> list[str]:
    sentences = [feedback_sentence(explanation.get("feedback"))]
    sentences += [filter_sentence(f) for f in explanation.get("filters") or ()]
    sentences += [preference_sentence(p) for p in explanation.get("preferences") or ()]
    return [s for s in sentences if s]
