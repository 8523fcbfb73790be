import json

import pytest

from kohtaanto.domain.documents import DocumentRejected, check_size, loads, nesting_depth


def test_nesting_is_measured_outside_strings():
    assert nesting_depth('{"a": [1, {"b": "[[[[["}]}') == 3
    assert nesting_depth('"\\"[[[["') == 0
    assert nesting_depth("") == 0


@pytest.mark.parametrize("doc", ["[" * 3000 + "]" * 3000, '{"a":' * 3000 + "1" + "}" * 3000, "[" * 100000])
def test_deep_documents_are_refused_before_parsing(doc):
    with pytest.raises(DocumentRejected, match="nesting") as caught:
        loads(doc)
    assert caught.value.limit == "depth" and caught.value.maximum == 64


def test_size_is_checked_first_and_normal_documents_parse():
    with pytest.raises(DocumentRejected, match="size") as caught:
        loads("[" + "1," * 100 + "1]", max_bytes=50)
    assert caught.value.limit == "size"
    with pytest.raises(DocumentRejected):
        check_size(11, max_bytes=10)
    doc = {"a": [[{"b": 1}]], "c": "]]]"}
    assert loads(json.dumps(doc).encode()) == doc
    assert loads("[" * 64 + "]" * 64) is not None
    with pytest.raises(json.JSONDecodeError):
        loads("[1,")
