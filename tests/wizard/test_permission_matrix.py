"""The permission matrix, generated from the URLconf.

Every URL pattern of the project is found by walking `netwizard.urls`, turned into a
concrete URL with the fixture host's names, and requested by an anonymous visitor, a
user without a role, a viewer, an editor and a superuser, with GET and with POST. Each
pattern must be classified in TABLE: a new view that is not fails the test, so nothing
ships without someone deciding who may use it.

What the classification implies:
- anonymous visitors are sent to the login page (HTMX requests: an `HX-Redirect` there,
  back to the page they were on), except on the public login and password pages;
- a user without the needed role gets 403, whatever the method, and nothing changes
  (HTMX requests: the refusal as an alert for the page's messages region);
- a user with the role gets the status the table gives; OK means any 2xx or 3xx.

The admin is covered as one group (test_the_admin_is_for_superusers_only).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from netwizard.inventory.models import Host, HostChange, Interface, Switch
from netwizard.inventory.roles import EDITOR, VIEWER
from tests import factories

pytestmark = pytest.mark.django_db

PUBLIC = "public"  # the login page (and the favicon redirect)
LOGGED_IN = "logged in"  # any account: log out, change one's own password
ADMIN_GROUP = "admin"
APPROVER = "approver"  # the 'approve root commands' permission: no role grants it, superusers have it
API = "api"  # /api/: tokens or the session, JSON refusals; tests/api/test_access.py holds its matrix

ROLES = ("anonymous", "no role", "viewer", "editor", "superuser")
METHODS = ("GET", "POST")
OK = "2xx/3xx"
LOGIN = "/accounts/login/"
PAGE = "/hosts/pve1/"  # the page an HTMX request comes from
HTMX = {"HX-Request": "true", "HX-Current-URL": f"http://testserver{PAGE}"}

HOST = {"name": "pve1"}


@dataclass(frozen=True)
class Rule:
    access: str  # PUBLIC, LOGGED_IN, VIEWER, EDITOR, APPROVER or ADMIN_GROUP
    get: int | str = 200  # status for a user who may use the URL
    post: int | str = 405
    kwargs: dict = field(default_factory=dict)


TABLE: dict[str, Rule] = {
    # Read-only pages and fragments: viewers and up.
    "wizard:host_list": Rule(VIEWER),
    "wizard:cluster_detail": Rule(VIEWER, kwargs={"name": "lab"}),
    "wizard:cluster_apply": Rule(VIEWER, kwargs={"name": "lab"}),
    "wizard:cluster_configuration": Rule(EDITOR, get=405, post=302, kwargs={"name": "lab"}),
    "wizard:host_detail": Rule(VIEWER, kwargs=HOST),
    "wizard:host_interfaces": Rule(VIEWER, kwargs=HOST),
    "wizard:host_download": Rule(VIEWER, kwargs=HOST),
    "wizard:host_topology": Rule(VIEWER, kwargs=HOST),
    "wizard:review": Rule(VIEWER, kwargs=HOST),
    "wizard:nic_name_check": Rule(VIEWER, kwargs=HOST),
    # The wizard's forms and writes: editors and up.
    "wizard:host_new": Rule(EDITOR, post=OK),
    "wizard:host_edit": Rule(EDITOR, post=OK, kwargs=HOST),
    "wizard:host_import": Rule(EDITOR, post=OK, kwargs=HOST),
    # "I have applied this file": a POST from the download page, back to that page.
    "wizard:host_mark_applied": Rule(EDITOR, get=405, post=302, kwargs=HOST),
    "wizard:host_facts_upload": Rule(EDITOR, get=405, post=302, kwargs=HOST),
    "wizard:host_nic_rename": Rule(EDITOR, get=405, post=302, kwargs=HOST),
    "wizard:host_pin": Rule(EDITOR, get=405, post=302, kwargs=HOST),
    "wizard:host_verify": Rule(VIEWER, kwargs=HOST),
    "wizard:host_verify_upload": Rule(EDITOR, get=405, post=302, kwargs=HOST),
    "wizard:host_link_file": Rule(VIEWER, get=404, kwargs={**HOST, "filename": "50-pve-nic0.link"}),
    "wizard:host_root_commands_approve": Rule(APPROVER, get=405, post=302, kwargs=HOST),
    # Deleting a host: the page naming what goes, and the POST that deletes (then the host list).
    "wizard:host_delete_confirm": Rule(EDITOR, kwargs=HOST),
    "wizard:host_delete": Rule(EDITOR, get=405, post=302, kwargs=HOST),
    "wizard:nics": Rule(EDITOR, kwargs=HOST),
    "wizard:nic_add": Rule(EDITOR, get=405, post=OK, kwargs=HOST),
    # Without HTMX a row's form opens on the step's page.
    "wizard:nic_edit": Rule(EDITOR, get=302, post=OK, kwargs={**HOST, "iface": "eno1"}),
    "wizard:switch_add": Rule(EDITOR, get=405, post=OK, kwargs=HOST),
    "wizard:bonds": Rule(EDITOR, kwargs=HOST),
    "wizard:bond_new": Rule(EDITOR, post=OK, kwargs=HOST),
    "wizard:bond_edit": Rule(EDITOR, post=OK, kwargs={**HOST, "iface": "bond0"}),
    "wizard:bridges": Rule(EDITOR, kwargs=HOST),
    "wizard:bridge_new": Rule(EDITOR, post=OK, kwargs=HOST),
    "wizard:bridge_edit": Rule(EDITOR, post=OK, kwargs={**HOST, "iface": "vmbr0"}),
    "wizard:vlan_new": Rule(EDITOR, post=OK, kwargs=HOST),
    "wizard:vlan_edit": Rule(EDITOR, post=OK, kwargs={**HOST, "iface": "bond0.50"}),
    "wizard:address_edit": Rule(EDITOR, post=OK, kwargs={**HOST, "iface": "eno4"}),
    "wizard:interface_delete": Rule(EDITOR, get=405, post=302, kwargs={**HOST, "iface": "eno4"}),
    # Accounts (django.contrib.auth.urls).
    "login": Rule(PUBLIC, post=200),
    "logout": Rule(LOGGED_IN, get=405, post=302),
    "password_change": Rule(LOGGED_IN, post=200),
    "password_change_done": Rule(LOGGED_IN),
    # Browsers ask for it on pages without an icon link (the admin's).
    "favicon.ico": Rule(PUBLIC, get=301, post=301),
    # A user's own API tokens: any role may make read-only ones (revoking an unknown one: 404).
    "wizard:api_tokens": Rule(VIEWER, post=OK),
    "wizard:api_token_revoke": Rule(VIEWER, get=405, post=404, kwargs={"pk": 999999}),
    # The HTTP API answers with JSON, not pages: its own matrix is tests/api/test_access.py.
    "api:lint": Rule(API),
    "api:lint_cluster": Rule(API),
    "api:format": Rule(API),
    "api:schema": Rule(API),
    "api:docs": Rule(API),
    "api:hosts": Rule(API),
    "api:host": Rule(API),
    "api:host_findings": Rule(API),
    "api:host_file": Rule(API),
    "api:host_topology": Rule(API),
    "api:interfaces": Rule(API),
    "api:interface": Rule(API),
    "api:host_apply_plan": Rule(API),
    "api:host_switch_checklist": Rule(API),
    "api:host_import": Rule(API),
    "api:host_facts": Rule(API),
    "api:cluster": Rule(API),
    "api:switches": Rule(API),
    "admin:*": Rule(ADMIN_GROUP),
}


@dataclass(frozen=True)
class Pattern:
    key: str  # namespace:name, the route of an unnamed pattern, or admin:* for the admin
    route: str
    converters: frozenset[str]


def project_patterns(patterns=None, prefix: str = "", namespace: str = "") -> list[Pattern]:
    """Every URL pattern the project serves, found by walking the URLconf."""
    found = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                found.append(Pattern("admin:*", route, frozenset()))
                continue
            inner = ":".join(n for n in (namespace, entry.namespace) if n)
            found += project_patterns(entry.url_patterns, route, inner)
        else:
            assert isinstance(entry, URLPattern)
            key = ":".join(n for n in (namespace, entry.name) if n) if entry.name else route
            converters = frozenset(getattr(entry.pattern, "converters", {}))
            found.append(Pattern(key, route, converters))
    return found


PATTERNS = project_patterns()
COUNTS: dict[str, int] = {"urls": 0, "requests": 0}


def test_every_url_pattern_is_classified_and_every_rule_is_used():
    keys = [p.key for p in PATTERNS]
    assert sorted(set(keys)) == sorted(keys), "two patterns share a key"
    unclassified = sorted(set(keys) - set(TABLE))
    assert not unclassified, f"classify these URLs in TABLE (who may use them?): {unclassified}"
    assert sorted(set(TABLE) - set(keys)) == [], "TABLE classifies URLs that no longer exist"


# The fixture inventory and users ------------------------------------------------------


@pytest.fixture(scope="module", autouse=True)
def report():
    yield
    if COUNTS["urls"]:
        print(f"\npermission matrix: {COUNTS['urls']} URL patterns, {COUNTS['requests']} requests")


@pytest.fixture
def clients():
    factories.host_with_network("pve1")
    users = {
        "no role": _user("nobody"),
        "viewer": _user("val", VIEWER),
        "editor": _user("ed", EDITOR),
        "superuser": _user("root", superuser=True),
    }
    return {"anonymous": (Client(), None), **{role: (Client(), user) for role, user in users.items()}}


def _user(username: str, role: str | None = None, *, superuser: bool = False):
    # No password: hashing one costs more than all of this test's requests.
    account = get_user_model().objects.create(username=username, is_superuser=superuser, is_staff=superuser)
    if role:
        account.groups.add(Group.objects.get(name=role))
    return account


def snapshot() -> tuple:
    """What any write would change."""
    return (
        list(Host.objects.order_by("pk").values_list("pk", "name", "version", "description")),
        list(Interface.objects.order_by("pk").values_list("pk", "name", "master_id", "ipv4_address")),
        list(Switch.objects.values_list("pk", "name")),
        HostChange.objects.count(),
    )


def request(clients, role: str, method: str, url: str, *, htmx: bool = False):
    """One request, its effects rolled back so the next starts from the fixture again.

    Returns the response and whether anything in the inventory changed.
    """
    client, user = clients[role]
    if user is not None:
        client.force_login(user)  # again each time: a POST to logout ends the session
    data = {"expected_version": Host.objects.get(name="pve1").version} if method == "POST" else None
    headers = HTMX if htmx else {}
    with transaction.atomic():
        before = snapshot()
        response = client.get(url, headers=headers) if method == "GET" else client.post(url, data, headers=headers)
        changed = snapshot() != before
        transaction.set_rollback(True)
    COUNTS["requests"] += 1
    return response, changed


def may_use(rule: Rule, role: str) -> bool:
    if rule.access == PUBLIC or role == "superuser":
        return True
    allowed = {
        LOGGED_IN: {"no role", "viewer", "editor"},
        VIEWER: {"viewer", "editor"},
        EDITOR: {"editor"},
        APPROVER: set(),
    }
    return role in allowed[rule.access]


def assert_status(response, expected: int | str, where: str) -> None:
    if expected == OK:
        assert 200 <= response.status_code < 400, f"{where}: {response.status_code}"
    else:
        assert response.status_code == expected, f"{where}: {response.status_code}, expected {expected}"


def assert_sent_to_login(response, url: str, where: str) -> None:
    assert response.status_code == 302, where
    target = urlsplit(response["Location"])
    assert target.path == LOGIN and parse_qs(target.query)["next"] == [url], where


def assert_htmx_sent_to_login(response, where: str) -> None:
    """htmx loads the login page as a whole page, and comes back to the page it was on."""
    assert response.status_code == 200 and "Location" not in response, where
    target = urlsplit(response["HX-Redirect"])
    assert target.path == LOGIN and parse_qs(target.query)["next"] == [PAGE], where


def assert_refused(response, rule: Rule, where: str, *, htmx: bool) -> None:
    page = response.content.decode()
    assert response.status_code == 403, f"{where}: {response.status_code}"
    if rule.access == APPROVER:
        assert "needs the &#x27;approve root commands&#x27; permission" in page, where
    else:
        needed = "viewer" if rule.access == VIEWER else "editor"
        assert f"needs the {needed} role" in page, where
    if htmx:
        # Only the alert, placed into the page's messages region.
        assert response["HX-Retarget"] == "#messages" and response["HX-Reswap"].startswith("innerHTML"), where
        assert "<html" not in page and 'role="alert"' in page, where
    else:
        assert "<html" in page, where


# The matrix ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "pattern",
    [p for p in PATTERNS if p.key != "admin:*" and TABLE.get(p.key, Rule(VIEWER)).access != API],
    ids=lambda p: p.key,
)
def test_the_permission_matrix(clients, pattern):
    rule = TABLE.get(pattern.key)
    assert rule is not None, f"{pattern.route} is not classified in TABLE"
    assert set(rule.kwargs) == pattern.converters, f"{pattern.key}: fixture values for {sorted(pattern.converters)}"
    url = reverse(pattern.key, kwargs=rule.kwargs) if pattern.key != pattern.route else "/" + pattern.route
    COUNTS["urls"] += 1
    for role in ROLES:
        for method in METHODS:
            where = f"{role} {method} {url}"
            response, changed = request(clients, role, method, url)
            if may_use(rule, role):
                assert_status(response, rule.get if method == "GET" else rule.post, where)
                continue
            assert not changed, f"{where} was refused but changed the inventory"
            if role == "anonymous":
                assert_sent_to_login(response, url, where)
            else:
                assert_refused(response, rule, where, htmx=False)
            # The same refusal, asked by htmx from inside a page.
            response, changed = request(clients, role, method, url, htmx=True)
            assert not changed, f"HTMX {where} was refused but changed the inventory"
            if role == "anonymous":
                assert_htmx_sent_to_login(response, "HTMX " + where)
            else:
                assert_refused(response, rule, "HTMX " + where, htmx=True)


# The admin, as one group ---------------------------------------------------------------


def admin_urls() -> list[str]:
    """The admin's index and the list page of every model it shows."""
    lists = [reverse(f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist") for m in admin.site._registry]
    return [reverse("admin:index"), *sorted(lists)]


def test_the_admin_is_for_superusers_only(clients):
    """Anonymous visitors and accounts that are not staff are sent to the admin's login;
    staff without a role see nothing in it; superusers see everything."""
    COUNTS["urls"] += 1
    urls = admin_urls()
    assert len(urls) >= 8  # index, hosts, switches, interfaces, the four kinds, history
    for url in urls:
        for role in ("anonymous", "no role", "viewer", "editor"):
            for method in METHODS:
                response, changed = request(clients, role, method, url)
                where = f"{role} {method} {url}"
                assert response.status_code == 302 and not changed, where
                # The admin's own pages send anonymous visitors to either login page.
                logins = {reverse("admin:login"), LOGIN} if role == "anonymous" else {reverse("admin:login")}
                assert urlsplit(response["Location"]).path in logins, where
        response, _ = request(clients, "superuser", "GET", url)
        assert response.status_code == 200, f"superuser GET {url}"

    staff = get_user_model().objects.create(username="staff", is_staff=True)
    clients["staff"] = (Client(), staff)
    index, lists = urls[0], urls[1:]
    response, _ = request(clients, "staff", "GET", index)
    assert response.status_code == 200 and "/admin/inventory/" not in response.content.decode()
    for url in lists:
        response, _ = request(clients, "staff", "GET", url)
        assert response.status_code == 403, f"staff without a role GET {url}"
