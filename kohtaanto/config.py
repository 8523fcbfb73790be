"""Every setting Kohtaanto takes from the environment, declared once: name, type, default
and meaning (issue 11).

`kohtaanto.settings` builds Django's settings from `load_config()`; docs/configuration.md
is generated from the same declarations (`kohtaanto config docs`) and a test keeps it
current. Nothing else in the package reads the environment. A value of the wrong type
stops start-up with the variable's name and the reason.
"""

from __future__ import annotations

from typing import Literal, get_args, get_origin

from pydantic import AliasChoices, Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

PREFIX = "KOHTAANTO_"


class ConfigError(ValueError):
    """A setting is malformed; the message names the variable."""


class Config(BaseSettings):
    """The environment, typed. Field descriptions are the documentation."""

    model_config = SettingsConfigDict(env_prefix=PREFIX, extra="ignore", frozen=True)

    env: Literal["development", "production"] = Field(
        "development",
        description="`production` refuses to start without the keys and the database URL below, "
        "and turns on the transport-security settings.",
    )
    database_url: str = Field(
        "",
        validation_alias=AliasChoices("DATABASE_URL"),
        description="Database URL (`postgres://user@host:5432/name`). Empty: SQLite in the data "
        "folder. Required in production.",
    )
    data_dir: str = Field(
        "", description="Folder for the SQLite database, analytics and caches. Empty: `var/`."
    )
    secret_key: str = Field(
        "",
        description="Django's secret key (sessions, CSRF); at least 50 random characters. Required in production.",
    )
    field_key: str = Field(
        "",
        description="Key for encrypting identity codes and keying their look-up hash; at least 32 random "
        "characters. Required in production.",
    )
    field_keys_old: str = Field(
        "",
        description="Retired field keys, whitespace-separated, newest first: still read until "
        "`kohtaanto keys rotate` has re-encrypted every identity code.",
    )
    audit_key: str = Field(
        "",
        description="Key of the audit log's hash chain and checkpoints; at least 32 random characters, "
        "kept outside the database and never changed (the stored hashes depend on it). Required in "
        "production.",
    )
    audit_checkpoint_dir: str = Field(
        "",
        description="Where `kohtaanto audit checkpoint` writes signed checkpoints: a folder outside the "
        "database (a mounted volume or a synced object-store path). Empty: `audit-checkpoints/` in the "
        "data folder.",
    )
    pseudonym_key: str = Field(
        "", description="Key for the analytics pseudonyms. Empty: derived from the field key."
    )
    debug: bool | None = Field(
        None, description="Django's debug pages. Empty: on in development, off in production."
    )
    allowed_hosts: str = Field(
        "",
        description="Host names the server answers, comma-separated. Empty: loopback names in development.",
    )
    csrf_trusted_origins: str = Field(
        "", description="Origins trusted for CSRF behind a proxy, comma-separated."
    )
    oidc_client_id: str = Field(
        "", description="Staff single sign-on (OpenID Connect): client ID. Empty: off."
    )
    oidc_client_secret: str = Field("", description="OpenID Connect client secret (required when on).")
    oidc_provider_name: str = Field(
        "Helsinki-tunnistus", description="The provider's name on the login page."
    )
    oidc_issuer: str = Field(
        "", description="OpenID Connect issuer URL (required when on; https in production)."
    )
    oidc_authorization_endpoint: str = Field("", description="Authorization endpoint URL (required when on).")
    oidc_token_endpoint: str = Field("", description="Token endpoint URL (required when on).")
    oidc_userinfo_endpoint: str = Field("", description="User-info endpoint URL (required when on).")
    oidc_jwks_endpoint: str = Field("", description="JWKS endpoint URL (required when on).")
    oidc_sign_algo: str = Field(
        "RS256", description="Token signature algorithm; an asymmetric one (RS*, PS*, ES*)."
    )
    oidc_scopes: str = Field("openid email profile", description="Scopes asked for.")
    oidc_email_domains: str = Field(
        "", description="E-mail domains allowed to sign in through OpenID Connect, comma-separated."
    )
    client_oidc_client_id: str = Field(
        "",
        description="Clients' strong identification (OpenID Connect through the city's Suomi.fi broker, "
        "e.g. Helsinki-tunnistus): client ID. Empty: off.",
    )
    client_oidc_client_secret: str = Field("", description="Client identification: client secret.")
    client_oidc_provider_name: str = Field(
        "Suomi.fi", description="Client identification: the provider's name on the sign-in page."
    )
    client_oidc_issuer: str = Field(
        "", description="Client identification: issuer URL (https in production)."
    )
    client_oidc_authorization_endpoint: str = Field(
        "", description="Client identification: authorization endpoint."
    )
    client_oidc_token_endpoint: str = Field("", description="Client identification: token endpoint.")
    client_oidc_userinfo_endpoint: str = Field("", description="Client identification: user-info endpoint.")
    client_oidc_jwks_endpoint: str = Field("", description="Client identification: JWKS endpoint.")
    client_oidc_scopes: str = Field("openid profile", description="Client identification: scopes asked for.")
    client_oidc_hetu_claim: str = Field(
        "national_identification_number",
        description="The claim (ID token or user info) that carries the person's identity code.",
    )
    test_identification: bool = Field(
        False,
        description="Demo: the test identification page (Testitunnistautuminen) signs in anyone by identity "
        "code. `make run` turns it on; always off when `KOHTAANTO_ENV=production`.",
    )
    gdpr_api_issuer: str = Field(
        "",
        description="GDPR API for Helsinki-profiili: issuer of the bearer JWTs. Empty: the API takes "
        "sessions and machine tokens only.",
    )
    gdpr_api_jwks_endpoint: str = Field("", description="GDPR API: the issuer's JWKS URL.")
    gdpr_api_audience: str = Field("kohtaanto", description="GDPR API: the audience the tokens must name.")
    gdpr_api_query_scope: str = Field("gdprquery", description="GDPR API: scope that allows GET.")
    gdpr_api_delete_scope: str = Field("gdprdelete", description="GDPR API: scope that allows DELETE.")
    login_failure_limit: int = Field(
        5, ge=1, description="Failed logins for one username from one address before a lock-out."
    )
    login_lockout_minutes: int = Field(15, ge=1, description="Length of a login lock-out, minutes.")
    api_rate: str = Field(
        "600/m",
        pattern=r"^(\d+/\d*(s|sec|m|min|h|hour|d|day))?$",
        description="JSON API requests per user (`N/s`, `N/m`, `N/h`, `N/d`); empty: no limit.",
    )
    session_seconds: int = Field(1800, ge=60, description="Idle time after which a session ends, seconds.")
    session_max_seconds: int = Field(
        12 * 3600, ge=60, description="Longest session from login, however active, seconds."
    )
    ssl_redirect: bool = Field(True, description="Production: redirect plain HTTP to HTTPS.")
    email_backend: str = Field(
        "", description="Django e-mail backend. Empty: SMTP in production, the console in development."
    )
    from_email: str = Field("Kohtaanto <no-reply@localhost>", description="Sender of notification mails.")
    notifier: str = Field(
        "kohtaanto.notifications.senders.EmailNotifier",
        description="Dotted path of the notification sender class (e-mail by default).",
    )
    sms_gateway_url: str = Field(
        "",
        description="HTTP SMS gateway for clients who chose text messages: a JSON POST "
        "`{sender, to, text}` to this URL. Empty: no text messages are sent.",
    )
    sms_gateway_user: str = Field("", description="SMS gateway user (HTTP basic authentication).")
    sms_gateway_password: str = Field("", description="SMS gateway password.")
    sms_sender: str = Field("Kohtaanto", description="Sender name or number shown on text messages.")
    base_url: str = Field(
        "http://localhost:8000", description="Public address that notification links point to."
    )
    caseload_norm: int = Field(
        136, ge=1, description="Active clients per case worker that the caseload views compare with."
    )
    organisation_dir: str = Field(
        "",
        description="Folder of area configuration JSON files (`kohtaanto org install --config`) whose "
        "team segmentation the analytics use. Empty: the shipped kohtaanto/data/organisation.",
    )
    upload_max_bytes: int = Field(
        50 * 1024 * 1024, ge=1024, description="Largest upload (catalogue and client imports), bytes."
    )
    document_max_bytes: int = Field(
        5 * 1024 * 1024, ge=1024, description="Largest document a client uploads (CV, certificates), bytes."
    )
    ended_access_days: int = Field(
        90,
        ge=0,
        description="Need to know: a client whose job search ended more than this many days ago opens "
        "only with a stated reason, even for their own worker.",
    )
    access_grant_hours: int = Field(
        8, ge=1, le=24, description="Need to know: how long a stated reason keeps a client open, hours."
    )
    retention_years: int = Field(
        5, ge=1, description="Years after a job search ends before a client record is anonymised."
    )
    subsidy_second_approval_euros: int = Field(
        20000,
        ge=0,
        description="Subsidy decisions granting more than this many euros in total need a second "
        "subsidy expert's approval before they are in force.",
    )
    esco_dir: str = Field(
        "", description="Folder of the ESCO release used for suggestions. Empty: the shipped subset."
    )
    cache_dir: str = Field(
        "", description="Folder for computed ESCO label vectors. Empty: `~/.cache/kohtaanto`."
    )
    rerank_min_feedback: int = Field(
        50,
        ge=1,
        description="Service matching: refer and dismiss records needed before workers' feedback "
        "re-ranks suggestions; below it the matcher's order is shown unchanged.",
    )
    rerank_new_share: float = Field(
        0.4,
        ge=0,
        le=1,
        description="Service matching: share of the top 10 kept for new services (few feedback "
        "records) that the matcher ranked there, so feedback cannot bury them.",
    )
    rerank_own_dismissal_weight: float = Field(
        3.0,
        ge=1,
        description="Service matching: how many times a worker's own dismissal counts for that worker.",
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = Field(
        "WARNING", description="Log level."
    )
    analytics_engine: Literal["duckdb", "spark"] = Field(
        "duckdb",
        description="Engine the analytics refresh counts on: DuckDB in process, or Apache Spark at "
        "scale (needs `pip install 'kohtaanto[spark]'`; see docs/scale.md).",
    )
    spark_master: str = Field(
        "local[*]",
        description="Spark master when the engine is spark: local[N], spark://host:7077, "
        "k8s://https://host:443, or a Spark Connect server sc://host:15002.",
    )


def load_config() -> Config:
    """The environment's settings, or ConfigError naming each bad variable."""
    try:
        return Config()
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            name = str(err["loc"][0]) if err["loc"] else "?"
            env = "DATABASE_URL" if name == "database_url" else PREFIX + name.upper()
            problems.append(f"{env}: {err['msg']}")
        raise ConfigError("; ".join(problems)) from None


def env_name(field: str) -> str:
    return "DATABASE_URL" if field == "database_url" else PREFIX + field.upper()


def _default(value) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "1" if value else "0"
    return f"`{value}`"


def _type(annotation) -> str:
    args = get_args(annotation)
    if get_origin(annotation) is Literal:
        return "one of " + ", ".join(f"`{a}`" for a in args)
    if args:  # X | None: the empty value means "the default"
        return " or ".join(a.__name__ for a in args if a is not type(None))
    return annotation.__name__


def docs_markdown() -> str:
    """docs/configuration.md, from the declarations above."""
    lines = [
        "# Configuration",
        "",
        "Generated from `kohtaanto/config.py` by `kohtaanto config docs`; do not edit by hand (a test",
        "checks that this file is current). Every setting is an environment variable; nothing else",
        "in Kohtaanto reads the environment. Booleans are `1`/`0` (or `true`/`false`); a malformed",
        "value stops start-up with the variable's name.",
        "",
        "| variable | type | default | meaning |",
        "|---|---|---|---|",
    ]
    for name, field in Config.model_fields.items():
        lines.append(
            f"| `{env_name(name)}` | {_type(field.annotation)} | {_default(field.default)} | {field.description} |"
        )
    return "\n".join(lines) + "\n"
