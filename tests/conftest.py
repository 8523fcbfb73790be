"""Suite-wide test set-up. Works with or without pytest-django (pure libraries' tests run
with `-p no:django` too)."""


def pytest_configure(config):
    # Argon2 is deliberately slow; tests create many users.
    try:
        from django.conf import settings

        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        # Caches (matching index, embeddings) go to a throw-away folder, not the repo's var/.
        import tempfile
        from pathlib import Path

        settings.DATA_DIR = Path(tempfile.mkdtemp(prefix="kohtaanto-test-"))
    except Exception:  # noqa: BLE001 - no Django settings configured: a pure-library run
        return
