"""Who may call what: every API route, every kind of caller, each method.

A route is "compute" (a POST that changes nothing: lint, format), "read" or "write".
Anonymous callers and dead tokens get 401; a live token or session gets what its user's
role allows, narrowed to reading unless the token was made to write.
"""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from drf_spectacular.validation import validate_schema

from netwizard.api.throttles import AddressRateThrottle
from netwizard.inventory import services
from netwizard.inventory.models import ApiToken
from tests import factories

pytestmark = pytest.mark.django_db

FILE = "auto lo\niface lo inet loopback\n"
HOST = "/api/hosts/pve1/"
JSON = "json"  # a body sent as application/json
# (method, path, body, kind); a new route is added here and so gets every caller below.
# Writes that remove things come last: each caller's test runs them on its own copy.
ROUTES = [
    ("post", "/api/lint/", FILE, "compute"),
    ("post", "/api/format/", FILE, "compute"),
    ("post", "/api/lint/cluster/", {"files": {"pve1": FILE}}, "compute"),
    ("get", "/api/schema/", None, "read"),
    ("get", "/api/hosts/", None, "read"),
    ("post", "/api/hosts/", {"name": "pve2"}, "write"),
    ("get", HOST, None, "read"),
    ("patch", HOST, {"description": "rack 4"}, "write"),
    ("get", HOST + "findings/", None, "read"),
    ("get", HOST + "interfaces-file", None, "read"),
    ("get", HOST + "topology.svg", None, "read"),
    ("get", HOST + "apply-plan", None, "read"),
    ("get", HOST + "switch-checklist/", None, "read"),
    ("get", "/api/clusters/lab/", None, "read"),
    ("get", "/api/switches/", None, "read"),
    ("post", "/api/switches/", {"name": "sw-9"}, "write"),
    ("post", "/api/hosts/pve3/import/", FILE, "write"),
    ("post", HOST + "facts/", {"netwizard_facts": 1, "ip_link": []}, "write"),
    ("get", HOST + "interfaces/", None, "read"),
    ("post", HOST + "interfaces/", {"iface": "eno5", "type": "eth"}, "write"),
    ("get", HOST + "interfaces/eno4/", None, "read"),
    ("patch", HOST + "interfaces/eno4/", {"comments": "spare\n"}, "write"),
    ("delete", HOST + "interfaces/eno4/", None, "write"),
    ("delete", "/api/hosts/pve2/", None, "write"),
]
ALL_METHODS = ["get", "post", "put", "patch", "delete"]
# Every method each route has; the others must be refused (rights first, then 405).
ALLOWED = {
    "/api/lint/": {"post"},
    "/api/format/": {"post"},
    "/api/lint/cluster/": {"post"},
    "/api/schema/": {"get"},
    "/api/hosts/": {"get", "post"},
    HOST: {"get", "patch", "delete"},
    HOST + "findings/": {"get"},
    HOST + "interfaces-file": {"get"},
    HOST + "topology.svg": {"get"},
    HOST + "apply-plan": {"get"},
    HOST + "switch-checklist/": {"get"},
    "/api/clusters/lab/": {"get"},
    "/api/switches/": {"get", "post"},
    "/api/hosts/pve3/import/": {"post"},
    HOST + "facts/": {"post"},
    HOST + "interfaces/": {"get", "post"},
    HOST + "interfaces/eno4/": {"get", "patch", "delete"},
}


def _caller(kind: str) -> dict:
    """Request headers for one kind of caller."""
    if kind == "anonymous":
        return {}
    role, rights = {
        "viewer": ("viewer", {}),
        "editor-read-only": ("editor", {}),
        "editor-write": ("editor", {"write": True}),
        "no-role": (None, {}),
        "expired": ("editor", {"write": True, "expires_days": 1}),
        "revoked": ("editor", {"write": True}),
    }[kind]
    made = services.api_token_create(user=factories.user(f"u-{kind}", role), **rights)
    if kind == "expired":
        ApiToken.objects.filter(pk=made.token.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    if kind == "revoked":
        services.api_token_revoke(token=made.token)
    return {"HTTP_AUTHORIZATION": f"Token {made.key}"}


EXPECTED = {
    # caller: status per route kind
    "anonymous": {"compute": 401, "read": 401, "write": 401},
    "expired": {"compute": 401, "read": 401, "write": 401},
    "revoked": {"compute": 401, "read": 401, "write": 401},
    "no-role": {"compute": 403, "read": 403, "write": 403},
    "viewer": {"compute": 200, "read": 200, "write": 403},
    "editor-read-only": {"compute": 200, "read": 200, "write": 403},
    "editor-write": {"compute": 200, "read": 200, "write": 200},
}


def _send(client: Client, method: str, path: str, body, headers: dict):
    if body is None:
        return getattr(client, method)(path, **headers)
    content_type = "text/plain" if isinstance(body, str) else "application/json"
    return getattr(client, method)(path, body, content_type=content_type, **headers)


def _kind_of(path: str, method: str) -> str:
    """What a method a route lacks would be: computing stays computing, GET reads."""
    kinds = {kind for _, p, _, kind in ROUTES if p == path}
    return "compute" if kinds == {"compute"} else ("read" if method == "get" else "write")


def _template(path: str) -> str:
    """The schema's name for a concrete path."""
    for name in ("pve1", "pve2", "pve3", "lab"):
        path = path.replace(f"/{name}/", "/{name}/")
    return path.replace("/eno4/", "/{iface}/")


@pytest.mark.parametrize("caller", list(EXPECTED))
def test_every_route_answers_each_caller_as_its_rights_say(client, caller, monkeypatch):
    # More calls than one address may make without a login in a minute (see the last test).
    monkeypatch.setattr(AddressRateThrottle, "THROTTLE_RATES", {"anon": "100000/minute"})
    factories.host_with_network("pve1")
    headers = _caller(caller)
    for method, path, body, kind in ROUTES:
        response = _send(client, method, path, body, headers)
        expected = EXPECTED[caller][kind]
        if expected == 200:
            assert (path, method, response.status_code // 100) == (path, method, 2), response.content[:300]
        else:
            assert (path, method, response.status_code) == (path, method, expected)
            # One JSON shape for every refusal, never a login page.
            assert response["Content-Type"].split(";")[0] in ("application/json", "application/vnd.oai.openapi+json")
            assert response.json()["error"]["status"] == response.status_code
        if response.status_code == 401:
            assert response["WWW-Authenticate"] == "Token"
    # Methods a route does not have: refused for rights first, then 405.
    for path, allowed in ALLOWED.items():
        for method in [m for m in ALL_METHODS if m not in allowed]:
            expected = EXPECTED[caller][_kind_of(path, method)]
            refused = _send(client, method, path, None, headers)
            assert (path, method, refused.status_code) == (path, method, 405 if expected == 200 else expected)


def test_bearer_works_as_token_and_a_malformed_header_is_refused(client):
    made = services.api_token_create(user=factories.user("val", "viewer"))
    ok = client.post("/api/lint/", FILE, content_type="text/plain", HTTP_AUTHORIZATION=f"Bearer {made.key}")
    assert ok.status_code == 200
    for header in (f"Token {made.key} extra", "Token", f"Token {made.key[:-2]}"):
        refused = client.post("/api/lint/", FILE, content_type="text/plain", HTTP_AUTHORIZATION=header)
        assert refused.status_code == 401, header


def test_a_session_works_too_and_must_send_the_csrf_token():
    client = Client(enforce_csrf_checks=True)
    client.force_login(factories.user("val", "viewer"))
    assert client.get("/api/schema/").status_code == 200
    refused = client.post("/api/lint/", FILE, content_type="text/plain")
    assert refused.status_code == 403 and "CSRF" in refused.json()["error"]["message"]


def test_the_schema_is_valid_openapi_and_documents_every_route(client):
    made = services.api_token_create(user=factories.user("val", "viewer"))
    response = client.get("/api/schema/?format=json", HTTP_AUTHORIZATION=f"Token {made.key}")
    schema = response.json()
    validate_schema(schema)  # drf-spectacular's own check against the OpenAPI 3.1 JSON schema
    assert schema["openapi"] == "3.1.0"
    documented = {(method, path) for path, item in schema["paths"].items() for method in item}
    routed = {(method, _template(path)) for path, methods in ALLOWED.items() for method in methods}
    assert documented == routed - {("get", "/api/schema/")}
    assert schema["components"]["securitySchemes"]["tokenAuth"]["in"] == "header"


def test_the_swagger_page_is_behind_the_login(client):
    assert client.get("/api/docs/").status_code == 302
    client.force_login(factories.user("val", "viewer"))
    page = client.get("/api/docs/")
    assert page.status_code == 200 and b"<script" in page.content
    assert b"cdn" not in page.content.lower()


def test_calls_without_a_valid_login_are_limited_per_address(client, monkeypatch):
    monkeypatch.setattr(AddressRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    made = services.api_token_create(user=factories.user("val", "viewer"))
    guesses = [
        client.post("/api/lint/", FILE, content_type="text/plain", HTTP_AUTHORIZATION=f"Token nwt_guess{n}").status_code
        for n in range(3)
    ]
    assert guesses == [401, 401, 401]
    slowed = client.get("/api/hosts/")  # no token at all counts too
    assert slowed.status_code == 429 and int(slowed["Retry-After"]) > 0
    assert slowed.json()["error"]["status"] == 429
    # A caller with a valid token is not held back by others' failures from the address.
    ok = client.post("/api/lint/", FILE, content_type="text/plain", HTTP_AUTHORIZATION=f"Token {made.key}")
    assert ok.status_code == 200
