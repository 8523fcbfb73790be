"""Pure tests: no database, no Django.

tests/conftest.py has an autouse fixture that asks for pytest-django's `settings`; with
``-p no:django`` that fixture does not exist, so provide a harmless stand-in here.
"""

from types import SimpleNamespace

import pytest


@pytest.fixture
def settings():
    return SimpleNamespace()
