from tests.portal.conftest import _locmem_email  # noqa: F401 - the same autouse e-mail set-up
