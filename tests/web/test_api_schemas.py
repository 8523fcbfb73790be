"""Typed API (issue 11, point 4): every schema in the OpenAPI document says what its fields
hold. A bare `dict` or `list[dict]` shows up as an object with no properties and no value
type, which tells an integrator nothing; this test lists any such field."""

from __future__ import annotations

import pytest

from kohtaanto.api import api

# Objects that are open by design, with the reason.
OPEN_BY_DESIGN = {
    "Explanation": "later explanation versions may add fields (extra allowed, listed ones typed)",
}


def _untyped(node, path: str, out: list[str]) -> None:
    if isinstance(node, dict):
        if node.get("type") == "object" and not any(
            k in node for k in ("properties", "$ref", "allOf", "anyOf", "oneOf")
        ):
            extra = node.get("additionalProperties", True)
            if extra is True or extra == {}:
                out.append(path)
        if (
            node.get("type") == "array"
            and "prefixItems" not in node
            and node.get("items") in (None, {}, {"type": "object"})
        ):
            out.append(path + "[]")
        for key, value in node.items():
            _untyped(value, f"{path}.{key}", out)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _untyped(value, f"{path}[{i}]", out)


@pytest.mark.django_db
def test_no_api_schema_field_is_an_untyped_object():
    schemas = api.get_openapi_schema()["components"]["schemas"]
    found: list[str] = []
    for name, schema in schemas.items():
        if name not in OPEN_BY_DESIGN:
            _untyped(schema.get("properties", {}), name, found)
    assert not found, found
