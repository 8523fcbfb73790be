"""The authorization matrix for writes: every unsafe operation (POST, PUT, PATCH, DELETE;
pages and API) x every role x the own and a foreign object, with the expected status, and
a refused write must change nothing.

The allowed roles come from `test_matrix.MATRIX`, so one table says who may do what. Here
each case also checks the status a refusal answers (anonymous: 401 from the API, a redirect
to the login page from pages; a role outside the client's scope: 404, so existence does not
leak; a role that may not use the operation at all: 403, or the listed exceptions) and
compares every table's rows before and after a refused request. The first test fails
when an API operation with an unsafe method is not listed, or when a page that is not
listed changes the database on POST.
"""

from __future__ import annotations

import hashlib

import pytest
from django.apps import apps

from kohtaanto.accounts.policy import NETWORK_ROLES
from kohtaanto.audit.models import AuditEvent
from tests.subsidies.matrix import CLIENT_NOT_FOUND

from .test_matrix import ANON, MATRIX, ROLES, _request, discovered_api, discovered_pages
from .test_matrix import world as world  # noqa: F401 - the module-scoped world, shared

pytestmark = pytest.mark.django_db

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
WRITES = {key: scopes for key, scopes in MATRIX.items() if key[0] in UNSAFE}
# Public or session operations, not writes to anyone's records.
SESSION_ROUTES = {"/accounts/logout/", "/i18n/setlang/", "/accounts/login/"}
# Tables a request may touch without writing anyone's records: the append-only audit log
# (reads and refusals are logged), sessions and the login-throttling records.
UNTRACKED = {
    "audit.auditevent",
    "sessions.session",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
}
# Audit actions that record a read or a refusal, not a write.
READ_ACTIONS = ("read", "search", "denied")
# Refusals that are not the general rule, with why.
REFUSAL_EXCEPTIONS: dict[tuple[str, str], dict[str, int]] = {
    # Subsidy applicants' API: the client's own start-up grant, not the matrix's employer application.
    **CLIENT_NOT_FOUND,
}


def fingerprint() -> dict[str, str]:
    """A digest of every tracked table's rows, to show that a refused write changed nothing."""
    digests = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in UNTRACKED or not model._meta.managed:
            continue
        rows = model._default_manager.order_by("pk").values_list()
        digests[label] = hashlib.sha256(repr(list(rows)).encode()).hexdigest()
    return digests


class _Recorder:
    """Stands in for the test client while `_request` builds a request (which may create the
    object it acts on), so the database can be fingerprinted before the request is sent."""

    def __getattr__(self, method):
        def record(*args, **kwargs):
            return (method, args, kwargs)

        return record


def _prepare(method, route, target, worker, service):
    return _request(_Recorder(), method, route, target, worker, service)


def _send(client, call):
    method, args, kwargs = call
    return getattr(client, method)(*args, **kwargs)


def test_every_unsafe_operation_is_listed(client):
    missing = {op for op in discovered_api(client) if op[0] in UNSAFE} - set(WRITES)
    assert not missing, f"unsafe API operations missing from the write matrix: {sorted(missing)}"
    listed_pages = {route for (m, route) in WRITES if not route.startswith("/api/")}
    assert listed_pages <= discovered_pages()


def _capable(method: str, route: str) -> set[str]:
    """Roles that may use the operation on some object. The world puts only the
    psychologist in the own client's network; the other network roles stand in the same
    place for clients whose network they are in."""
    scopes = WRITES[(method, route)]
    roles = set(scopes.get("own", set())) | set(scopes.get("foreign", set()))
    if "psychologist" in roles:
        roles |= NETWORK_ROLES
    return roles


def _expected_refusal(method: str, route: str, scope: str, role: str) -> set[int]:
    """Anonymous: 401 (API) or the login page (pages). A role that may use the operation,
    on an object outside its scope: 404, so existence does not leak. Any other role: 403."""
    if role == ANON:
        return {401} if route.startswith("/api/") else {302}
    special = REFUSAL_EXCEPTIONS.get((method, route), {}).get(role)
    if special is not None:
        return {special}
    return {404} if role in _capable(method, route) else {403}


CASES = [
    (method, route, scope, role)
    for (method, route), scopes in sorted(WRITES.items())
    if route not in SESSION_ROUTES
    for scope in (("own", "foreign") if "foreign" in scopes else ("own",))
    for role in ROLES
]


def _to_sign_in(location: str) -> bool:
    """Staff log in; clients sign in with strong identification."""
    return "/accounts/login/" in location or "/portal/signin/" in location


@pytest.mark.parametrize(("method", "route", "scope", "role"), CASES, ids=lambda v: str(v))
def test_write_matrix(db, client, world, method, route, scope, role):  # noqa: F811
    users, targets = world
    target, worker, service = targets[scope]
    if role != ANON:
        client.force_login(users[role])
    call = _prepare(method, route, target, worker, service)
    before = fingerprint()
    writes_before = AuditEvent.objects.exclude(action__in=READ_ACTIONS).count()
    response = _send(client, call)
    allowed = role in WRITES[(method, route)][scope]
    status = response.status_code
    if allowed:
        assert status in (200, 201, 202, 204, 302, 303, 400, 422), (
            f"{role} {method} {route} ({scope}): {status}"
        )
        if status in (302, 303):
            assert not _to_sign_in(response["Location"])
        return
    expected = _expected_refusal(method, route, scope, role)
    assert status in expected, f"{role} {method} {route} ({scope}): {status}, expected {sorted(expected)}"
    if status == 302:
        assert _to_sign_in(response["Location"])
    changed = {table for table, digest in fingerprint().items() if before.get(table) != digest}
    assert not changed, f"refused {role} {method} {route} ({scope}) changed {sorted(changed)}"
    assert AuditEvent.objects.exclude(action__in=READ_ACTIONS).count() == writes_before


READ_ONLY_PAGES = sorted(
    route
    for route in discovered_pages()
    if not any((m, route) in WRITES for m in UNSAFE) and route not in SESSION_ROUTES
)


@pytest.mark.parametrize("route", READ_ONLY_PAGES)
def test_pages_not_listed_as_writes_do_not_write_on_post(db, client, world, route):  # noqa: F811
    """A page missing from the write rows must not write when posted to, by any role that
    may open it: otherwise it is an unlisted write and must join the matrix."""
    users, targets = world
    target, worker, service = targets["own"]
    readers = MATRIX.get(("GET", route), {}).get("own", set(ROLES))
    for role in sorted(readers):
        client.logout()
        if role != ANON:
            client.force_login(users[role])
        call = _prepare("POST", route, target, worker, service)
        before = fingerprint()
        response = _send(client, call)
        changed = {table for table, digest in fingerprint().items() if before.get(table) != digest}
        assert not changed, (
            f"POST {route} as {role} ({response.status_code}) wrote {sorted(changed)}: list it"
        )
