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

from netwizard.inventory import services
from netwizard.inventory.models import ApiToken
from tests import factories

pytestmark = pytest.mark.django_db

FILE = "auto lo\niface lo inet loopback\n"
# (method, path, body, kind); a new route is added here and so gets every caller below.
ROUTES = [
    ("post", "/api/lint/", FILE, "compute"),
    ("post", "/api/format/", FILE, "compute"),
    ("post", "/api/lint/cluster/", {"files": {"pve1": FILE}}, "compute"),
    ("get", "/api/schema/", None, "read"),
]
OTHER_METHODS = ["get", "put", "patch", "delete"]


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


@pytest.mark.parametrize("caller", list(EXPECTED))
def test_every_route_answers_each_caller_as_its_rights_say(client, caller):
    headers = _caller(caller)
    for method, path, body, kind in ROUTES:
        response = _send(client, method, path, body, headers)
        assert (path, method, response.status_code) == (path, method, EXPECTED[caller][kind])
        if response.status_code >= 400:
            # One JSON shape for every refusal, never a login page.
            assert response["Content-Type"].split(";")[0] in ("application/json", "application/vnd.oai.openapi+json")
            assert response.json()["error"]["status"] == response.status_code
        if response.status_code == 401:
            assert response["WWW-Authenticate"] == "Token"
        for other in OTHER_METHODS:
            if other == method:
                continue
            # Rights come first: a method the route lacks is 405 only to a caller allowed to use it.
            other_kind = kind if kind == "compute" else ("read" if other == "get" else "write")
            expected = EXPECTED[caller][other_kind]
            refused = _send(client, other, path, None, headers)
            assert (path, other, refused.status_code) == (path, other, 405 if expected == 200 else expected)


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
    assert {(method, path) for method, path, _, _ in ROUTES if path != "/api/schema/"} <= documented
    assert schema["components"]["securitySchemes"]["tokenAuth"]["in"] == "header"


def test_the_swagger_page_is_behind_the_login(client):
    assert client.get("/api/docs/").status_code == 302
    client.force_login(factories.user("val", "viewer"))
    page = client.get("/api/docs/")
    assert page.status_code == 200 and b"<script" in page.content
    assert b"cdn" not in page.content.lower()
