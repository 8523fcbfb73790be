"""What each app holds on a client, declared once (issue 13, point 5), in the manner of
Helsinki's GDPR API libraries: for every model that points at a client, the text fields that
are personal (exported, and blanked or deleted on erasure) and the ones that hold codes only.

A model is covered either by a declarative `Personal` spec, which builds its export node and
its erasure here, or by its app's hand-written export and erasure (`hand_written`), which
still lists its fields.
tests/privacy/test_gdpr_coverage.py walks every model related to a client and fails on one
that is not declared, or on a text field declared neither personal nor a code.
"""

from __future__ import annotations

from collections.abc import Callable
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
    hand_written: bool = False  # the app's registered export and erase functions cover it
    blanks: dict = field(default_factory=dict)  # field -> the erased value, where not ""


REGISTRY: dict[str, Personal] = {}
# Models that point at a user but at no client, and what they mean for a client's account:
# label -> how the export and erasure treat them (or why a client's account has none).
USER_SIDE: dict[str, str] = {}
# The client's account's own data: callable(user) -> export node, and callable(user) erasing.
USER_EXPORTS: list[Callable] = []
USER_ERASERS: list[Callable] = []
# Hand-written parts: callable(client) -> export node, and callable(client) -> None erasing.
EXPORTS: list[Callable] = []
ERASERS: list[Callable] = []


def register(*specs: Personal, export: Callable | None = None, erase: Callable | None = None) -> None:
    """Called from an AppConfig.ready() with the app's specs and its hand-written export and
    erase functions, if any; registering the same model or function again replaces or keeps it."""
    for spec in specs:
        REGISTRY[spec.model._meta.label] = spec
    if export is not None and export not in EXPORTS:
        EXPORTS.append(export)
    if erase is not None and erase not in ERASERS:
        ERASERS.append(erase)


def register_user_side(
    declarations: dict[str, str], export: Callable | None = None, erase: Callable | None = None
) -> None:
    """Declare the user-side models (see USER_SIDE) and the account's export and erasure."""
    USER_SIDE.update(declarations)
    if export is not None and export not in USER_EXPORTS:
        USER_EXPORTS.append(export)
    if erase is not None and erase not in USER_ERASERS:
        USER_ERASERS.append(erase)


def leaf(key: str, value) -> dict:
    """A value node of the Helsinki GDPR API tree."""
    return {"key": key, "value": None if value is None else str(value)}


def node(key: str, children: list[dict]) -> dict:
    """A node with children."""
    return {"key": key, "children": children}


def export_nodes(client) -> list[dict]:
    """One node per declarative spec with the client's rows, in registration order."""
    out = []
    for spec in REGISTRY.values():
        if spec.hand_written:
            continue
        rows = spec.model._default_manager.filter(client=client).order_by("id")
        names = (*spec.exported, *spec.personal, *spec.codes)
        out.append(
            node(
                spec.key + "S",
                [node(spec.key, [leaf(n.upper(), getattr(r, n)) for n in names]) for r in rows],
            )
        )
    return out


def erase(client) -> None:
    """Delete or blank what the declarative specs call personal."""
    for spec in REGISTRY.values():
        if spec.hand_written:
            continue
        rows = spec.model._default_manager.filter(client=client)
        if spec.delete_on_erasure:
            rows.delete()
        else:
            rows.update(**{name: spec.blanks.get(name, "") for name in spec.personal})
