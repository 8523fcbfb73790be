"""Suite-wide test set-up. Works with or without pytest-django (pure libraries' tests run
with `-p no:django` too)."""

import pytest


def pytest_configure(config):
    # Argon2 is deliberately slow; tests create many users.
    try:
        from django.conf import settings

        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        # The API rate limit would count every test's requests against reused user ids;
        # tests/security/test_api_rate_limit.py turns it on where it is the subject.
        settings.API_RATE_PER_USER = ""
        # The demo's test identification page, as `make run` has it (off by default).
        settings.TEST_IDENTIFICATION = True
        # Each test's client builds the middleware again, and WhiteNoise would scan every
        # static file each time (most of a short test's time); in autorefresh mode it
        # looks a file up when it is asked for.
        settings.WHITENOISE_AUTOREFRESH = True
        # Caches (matching index, embeddings) go to a throw-away folder, not the repo's var/.
        import tempfile
        from pathlib import Path

        settings.DATA_DIR = Path(tempfile.mkdtemp(prefix="kohtaanto-test-"))
        # SQLite's in-memory test database shares one cache between the test and the live
        # server's thread, where a write meets "database table is locked" (no busy wait);
        # a file in the throw-away folder locks like production does. pytest-xdist gives
        # each worker its own file (the name gets a _gw0, _gw1 suffix).
        db = settings.DATABASES["default"]
        if db["ENGINE"].endswith("sqlite3"):
            db["TEST"] = {**db.get("TEST", {}), "NAME": str(settings.DATA_DIR / "test.sqlite3")}
    except Exception:  # noqa: BLE001 - no Django settings configured: a pure-library run
        return


def pytest_terminal_summary(terminalreporter):
    """Say at the end, even under -q, that the `spark` tests were skipped and why."""
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if "spark" in getattr(r, "keywords", {})]
    if skipped:
        reason = skipped[0].longrepr[2] if isinstance(skipped[0].longrepr, tuple) else ""
        terminalreporter.write_line(f"{len(skipped)} Spark tests skipped. {reason}")


# Tests of the pure libraries never touch the database; a run against another database
# (CI's PostgreSQL pass) can leave them out with KOHTAANTO_TESTS_DB_ONLY=1.
PURE_DIRS = ("domain", "synthetic", "matching", "analytics")


def pytest_collection_modifyitems(config, items):
    import os
    from pathlib import Path

    # Modules with slow tests first: with pytest-xdist (make test) they start while the
    # other worker takes the many short ones, instead of ending the run alone. Whole
    # modules move, so module-scoped fixtures are still set up once.
    slow = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in slow)

    if os.environ.get("KOHTAANTO_TESTS_DB_ONLY") != "1":
        return
    keep, drop = [], []
    for item in items:
        parts = Path(str(item.fspath)).parts
        (drop if "tests" in parts and parts[parts.index("tests") + 1] in PURE_DIRS else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture
def worker(client):
    """A signed-in case worker (the factory's default role). Needs pytest-django's client."""
    from tests.factories import UserFactory

    user = UserFactory()
    client.force_login(user)
    return user


@pytest.fixture
def local_http(monkeypatch):
    """Requests to the servers the tests start on 127.0.0.1 (OIDC provider, SMS gateway)
    bypass any proxy the machine is configured with."""
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(name, "127.0.0.1,localhost")
