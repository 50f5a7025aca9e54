"""The hostile-text properties (tests/injection.py) through the API: what a script sends
in a field is refused (4xx, JSON) or stored so that the host's file reads back as the
stored network with no extra line, option or stanza, and its diagram stays inert."""

from __future__ import annotations

import pytest
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from netwizard.api.throttles import UserRateThrottle
from netwizard.inventory.models import Host
from tests import factories
from tests.api.conftest import token_header
from tests.injection import PROPERTY, Outcomes, assert_file_exact, assert_svg_inert, value_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_rate_limit(monkeypatch):
    # CI sends 1,000 examples a property from one user in well under a minute.
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "1000000/minute"})


INTERFACE_FIELDS = {
    "iface": ("vmbr1", "vmbr5"),
    "cidr": ("192.0.2.10/24", "198.51.100.7/25"),
    "gateway": ("", "192.0.2.1"),
    "cidr6": ("2001:db8:5::2/64",),
    "comments": ("", "guests\n", "rack 4\nleft\n"),
    "bridge_vids": ("2-4094", "10 20 30-40"),
}
HOST_FIELDS = {"name": ("pve7", "node-2"), "cluster": ("", "lab"), "description": ("", "Rack 4, left")}


def _attacked(fields: dict) -> st.SearchStrategy[dict]:
    return st.fixed_dictionaries({}, optional={name: value_for(valid) for name, valid in fields.items()})


class _Rollback(Exception):
    pass


def _send(client, method: str, url: str, body: dict, headers: dict, outcomes: Outcomes, *, host: str) -> None:
    """One example, rolled back: refused with a JSON error, or stored with an exact file."""
    try:
        with transaction.atomic():
            response = getattr(client, method)(url, body, content_type="application/json", **headers)
            if response.status_code >= 400:
                assert response.status_code == 400, response.content[:500]
                assert "error" in response.json()
                outcomes["refused"] += 1
            else:
                outcomes["stored"] += 1
                stored = Host.objects.get(name=host or response.json()["name"])
                assert_file_exact(stored)
                # Shown as stored: like a form, the API strips surrounding whitespace first.
                assert_svg_inert(stored, (response.json()["iface"],) if "iface" in body else ())
            raise _Rollback
    except _Rollback:
        pass


def test_interface_fields_through_the_api(client, editor_user):
    factories.host_with_network("pve1")
    headers = token_header(editor_user, write=True)
    outcomes = Outcomes()

    @PROPERTY
    @given(body=_attacked(INTERFACE_FIELDS))
    def check(body):
        if "bridge_vids" in body:
            body = {**body, "bridge_vlan_aware": True}
        _send(client, "patch", "/api/hosts/pve1/interfaces/vmbr1/", body, headers, outcomes, host="pve1")

    check()
    outcomes.report("API interface PATCH")
    outcomes.assert_both()


def test_host_fields_through_the_api(client, editor_user):
    headers = token_header(editor_user, write=True)
    outcomes = Outcomes()

    @PROPERTY
    @given(body=st.fixed_dictionaries({name: value_for(valid) for name, valid in HOST_FIELDS.items()}))
    def check(body):
        _send(client, "post", "/api/hosts/", body, headers, outcomes, host="")

    check()
    outcomes.report("API host POST")
    outcomes.assert_both()
