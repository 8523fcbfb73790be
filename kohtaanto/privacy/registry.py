"""What each app holds on a client, declared once (issue 13, point 5), in the manner of
Helsinki's GDPR API libraries: for every model that points at a client, the text fields that
are personal (exported, and blanked or deleted on erasure) and the ones that hold codes only.

A model is covered either by a declarative `Personal` spec, which builds its export node and
its erasure here, or by a hand-written section (`handled_by`), which still lists its fields.
tests/privacy/test_gdpr_coverage.py walks every model related to a client and fails on one
that is not declared, or on a text field declared neither personal nor a code.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Model


@dataclass(frozen=True)
class Personal:
    model: type[Model]
    key: str  # the export node of one row; the list node is key + "S"
    personal: tuple[str, ...]  # text fields that can identify or describe the person
    codes: tuple[str, ...] = ()  # text fields that hold codes or system values only
    exported: tuple[str, ...] = ()  # further fields in the export (dates, numbers)
    delete_on_erasure: bool = False  # else the personal fields are blanked
    handled_by: str = ""  # a hand-written export and erasure covers it (named here)
    client_field: str = "client"
    order_by: tuple[str, ...] = ("id",)
    blanks: dict = field(default_factory=dict)  # field -> the erased value, where not ""


REGISTRY: dict[str, Personal] = {}


def register(*specs: Personal) -> None:
    """Called from an AppConfig.ready(); registering the same model again replaces it."""
    for spec in specs:
        REGISTRY[spec.model._meta.label] = spec


def _leaf(key: str, value) -> dict:
    return {"key": key, "value": None if value is None else str(value)}


def export_nodes(client) -> list[dict]:
    """One node per declarative spec with the client's rows, in registration order."""
    out = []
    for spec in REGISTRY.values():
        if spec.handled_by:
            continue
        rows = spec.model._default_manager.filter(**{spec.client_field: client}).order_by(*spec.order_by)
        names = (*spec.exported, *spec.personal, *spec.codes)
        out.append(
            {
                "key": spec.key + "S",
                "children": [
                    {"key": spec.key, "children": [_leaf(n.upper(), getattr(r, n)) for n in names]}
                    for r in rows
                ],
            }
        )
    return out


def erase(client) -> None:
    """Delete or blank what the declarative specs call personal."""
    for spec in REGISTRY.values():
        if spec.handled_by:
            continue
        rows = spec.model._default_manager.filter(**{spec.client_field: client})
        if spec.delete_on_erasure:
            rows.delete()
        else:
            rows.update(**{name: spec.blanks.get(name, "") for name in spec.personal})
