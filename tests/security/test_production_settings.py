"""Production settings: secrets only from the environment, `check --deploy` clean, HTTPS headers.

Settings are evaluated afresh (runpy, or a subprocess for Django itself) with a controlled
environment, so nothing here changes the settings the other tests run with.
"""

from __future__ import annotations

import json
import os
import runpy
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "kohtaanto" / "settings.py"


def production_env(tmp_path: Path, **overrides: str | None) -> dict[str, str]:
    """A production environment with strong secrets; None removes a variable."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KOHTAANTO_") and k != "DATABASE_URL"}
    env.update(
        {
            "KOHTAANTO_ENV": "production",
            "KOHTAANTO_SECRET_KEY": secrets.token_urlsafe(64),
            "KOHTAANTO_FIELD_KEY": secrets.token_urlsafe(32),
            "KOHTAANTO_AUDIT_KEY": secrets.token_urlsafe(32),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
            "KOHTAANTO_ALLOWED_HOSTS": "kohtaanto.example.fi",
            "KOHTAANTO_DATA_DIR": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "kohtaanto.settings",
        }
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def load_settings(monkeypatch, env: dict[str, str]) -> dict:
    for key in list(os.environ):
        if key.startswith("KOHTAANTO_") or key == "DATABASE_URL":
            monkeypatch.delenv(key)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return runpy.run_path(str(SETTINGS))


# -- refusing to start -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("KOHTAANTO_SECRET_KEY", "KOHTAANTO_SECRET_KEY"),
        ("KOHTAANTO_FIELD_KEY", "KOHTAANTO_FIELD_KEY"),
        ("KOHTAANTO_AUDIT_KEY", "KOHTAANTO_AUDIT_KEY"),
        ("DATABASE_URL", "DATABASE_URL"),
    ],
)
def test_production_refuses_to_start_without_a_secret(monkeypatch, tmp_path, missing, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        load_settings(monkeypatch, production_env(tmp_path, **{missing: None}))


@pytest.mark.parametrize("weak", ["short", "dev-insecure-kohtaanto-key-change-me-for-production-0123456789"])
def test_production_refuses_a_weak_or_development_secret_key(monkeypatch, tmp_path, weak):
    with pytest.raises(ImproperlyConfigured, match="KOHTAANTO_SECRET_KEY"):
        load_settings(monkeypatch, production_env(tmp_path, KOHTAANTO_SECRET_KEY=weak))


def test_production_refuses_a_short_field_key(monkeypatch, tmp_path):
    with pytest.raises(ImproperlyConfigured, match="KOHTAANTO_FIELD_KEY"):
        load_settings(monkeypatch, production_env(tmp_path, KOHTAANTO_FIELD_KEY="too-short"))


def test_production_turns_on_transport_security(monkeypatch, tmp_path):
    conf = load_settings(monkeypatch, production_env(tmp_path))
    assert conf["DEBUG"] is False
    assert conf["SECURE_HSTS_SECONDS"] >= 31_536_000 and conf["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert conf["SECURE_SSL_REDIRECT"] and conf["SESSION_COOKIE_SECURE"] and conf["CSRF_COOKIE_SECURE"]
    assert conf["SESSION_COOKIE_NAME"].startswith("__Host-") and conf["CSRF_COOKIE_NAME"].startswith(
        "__Host-"
    )
    assert conf["EMAIL_BACKEND"].endswith("smtp.EmailBackend")


def test_secrets_come_from_the_environment(monkeypatch, tmp_path):
    env = production_env(tmp_path)
    conf = load_settings(monkeypatch, env)
    assert conf["SECRET_KEY"] == env["KOHTAANTO_SECRET_KEY"]
    assert conf["FIELD_KEY"] == env["KOHTAANTO_FIELD_KEY"]
    assert conf["OIDC_ENABLED"] is False and conf["OIDC_RP_CLIENT_SECRET"] == ""


def test_throttling_is_configurable_from_the_environment(monkeypatch, tmp_path):
    env = production_env(tmp_path, KOHTAANTO_LOGIN_FAILURE_LIMIT="3", KOHTAANTO_LOGIN_LOCKOUT_MINUTES="60")
    conf = load_settings(monkeypatch, env)
    assert conf["AXES_FAILURE_LIMIT"] == 3 and conf["AXES_COOLOFF_TIME"].total_seconds() == 3600


# -- OIDC configuration ------------------------------------------------------------------------

OIDC = {
    "KOHTAANTO_OIDC_CLIENT_ID": "kohtaanto",
    "KOHTAANTO_OIDC_CLIENT_SECRET": "s3cret",
    "KOHTAANTO_OIDC_ISSUER": "https://tunnistus.example.fi/auth/realms/helsinki-tunnistus",
    "KOHTAANTO_OIDC_AUTHORIZATION_ENDPOINT": "https://tunnistus.example.fi/auth/realms/h/protocol/openid-connect/auth",
    "KOHTAANTO_OIDC_TOKEN_ENDPOINT": "https://tunnistus.example.fi/auth/realms/h/protocol/openid-connect/token",
    "KOHTAANTO_OIDC_USERINFO_ENDPOINT": "https://tunnistus.example.fi/auth/realms/h/protocol/openid-connect/userinfo",
    "KOHTAANTO_OIDC_JWKS_ENDPOINT": "https://tunnistus.example.fi/auth/realms/h/protocol/openid-connect/certs",
}


def test_oidc_is_configured_entirely_from_the_environment(monkeypatch, tmp_path):
    conf = load_settings(monkeypatch, production_env(tmp_path, **OIDC, KOHTAANTO_OIDC_EMAIL_DOMAINS="hel.fi"))
    assert conf["OIDC_ENABLED"] and conf["OIDC_RP_SIGN_ALGO"] == "RS256"
    assert conf["OIDC_OP_JWKS_ENDPOINT"] == OIDC["KOHTAANTO_OIDC_JWKS_ENDPOINT"]
    assert conf["OIDC_ALLOWED_EMAIL_DOMAINS"] == ["hel.fi"]
    assert conf["OIDC_USE_PKCE"] and conf["OIDC_CREATE_USER"] is False
    assert conf["AUTHENTICATION_BACKENDS"][-1] == "kohtaanto.accounts.oidc.KohtaantoOIDCBackend"


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"KOHTAANTO_OIDC_JWKS_ENDPOINT": None}, "KOHTAANTO_OIDC_JWKS_ENDPOINT"),
        ({"KOHTAANTO_OIDC_CLIENT_SECRET": None}, "KOHTAANTO_OIDC_CLIENT_SECRET"),
        ({"KOHTAANTO_OIDC_SIGN_ALGO": "HS256"}, "asymmetric"),
        ({"KOHTAANTO_OIDC_SIGN_ALGO": "none"}, "asymmetric"),
        ({"KOHTAANTO_OIDC_TOKEN_ENDPOINT": "http://tunnistus.example.fi/token"}, "https"),
    ],
)
def test_incomplete_or_unsafe_oidc_configuration_refuses_to_start(monkeypatch, tmp_path, override, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        load_settings(monkeypatch, production_env(tmp_path, **{**OIDC, **override}))


# -- Django itself under production settings ---------------------------------------------------


def run_python(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = run_python(production_env(tmp_path), "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


def test_check_deploy_is_clean_with_oidc_on(tmp_path):
    env = production_env(tmp_path, **OIDC)
    result = run_python(env, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0 and "no issues" in result.stdout, result.stdout + result.stderr


def test_production_refuses_to_start_a_process_without_secrets(tmp_path):
    result = run_python(production_env(tmp_path, KOHTAANTO_SECRET_KEY=None), "manage.py", "check")
    assert result.returncode != 0 and "KOHTAANTO_SECRET_KEY must be set" in result.stderr


PROBE = """
import json, django
django.setup()
from django.test import Client
c = Client(HTTP_HOST="kohtaanto.example.fi")
plain = c.get("/accounts/login/")
secure = c.get("/accounts/login/", secure=True)
print(json.dumps({
    "plain_status": plain.status_code, "plain_location": plain.get("Location", ""),
    "status": secure.status_code, "hsts": secure.get("Strict-Transport-Security", ""),
    "csp": secure.get("Content-Security-Policy", ""),
    "cookies": {k: {"secure": bool(v["secure"]), "httponly": bool(v["httponly"]), "samesite": v["samesite"]}
                for k, v in secure.cookies.items()},
}))
"""


def test_production_serves_https_only_with_hsts_and_secure_cookies(tmp_path):
    result = run_python(production_env(tmp_path), "-c", PROBE)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["plain_status"] == 301 and seen["plain_location"].startswith("https://")
    assert seen["status"] == 200
    assert "max-age=31536000" in seen["hsts"] and "includeSubDomains" in seen["hsts"]
    assert "default-src 'self'" in seen["csp"]
    csrf = seen["cookies"]["__Host-csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"


def test_production_never_has_the_test_identification_page(monkeypatch, tmp_path):
    """Issue 13: the demo's Testitunnistautuminen refuses to exist in production, even when
    the variable asks for it."""
    conf = load_settings(monkeypatch, production_env(tmp_path, KOHTAANTO_TEST_IDENTIFICATION="1"))
    assert conf["TEST_IDENTIFICATION"] is False


def test_client_identification_needs_every_endpoint(monkeypatch, tmp_path):
    env = production_env(tmp_path, KOHTAANTO_CLIENT_OIDC_CLIENT_ID="kohtaanto")
    with pytest.raises(ImproperlyConfigured, match="KOHTAANTO_CLIENT_OIDC_CLIENT_SECRET"):
        load_settings(monkeypatch, env)
