import pytest

from kohtaanto.market import engine
from kohtaanto.market.escodata import use

from .esco_fixture import esco_data


@pytest.fixture(autouse=True)
def small_esco():
    """Every market test runs on the hand-made release (tests marked `real_esco` excepted)."""
    engine.clear_cache()
    with use(esco_data()) as data:
        yield data
    engine.clear_cache()
