"""The admin is the inventory panel: its pages render, and cost the same at any inventory size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from netwizard.inventory.models import Host, Interface
from tests import factories

pytestmark = pytest.mark.django_db

CHANGELISTS = ["host", "switch", "nic", "bond", "bridge", "vlan", "interface"]


def build_inventory(hosts: int) -> None:
    sw = factories.switch()
    for i in range(hosts):
        factories.host_with_network(f"pve{i:02d}", switch=sw)


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def change_urls() -> dict[str, str]:
    host = Host.objects.order_by("name").first()

    def iface(name: str) -> Interface:
        return Interface.objects.get(host=host, name=name)

    return {
        "host": reverse("admin:inventory_host_change", args=[host.pk]),
        "switch": reverse("admin:inventory_switch_change", args=[Interface.objects.exclude(switch=None)[0].switch_id]),
        "nic": reverse("admin:inventory_nic_change", args=[iface("eno1").pk]),
        "bond": reverse("admin:inventory_bond_change", args=[iface("bond0").pk]),
        "bridge": reverse("admin:inventory_bridge_change", args=[iface("vmbr0").pk]),
        "vlan": reverse("admin:inventory_vlan_change", args=[iface("bond0.50").pk]),
    }


def page_costs(client) -> dict[str, int]:
    costs = {f"{m} list": queries_for(client, reverse(f"admin:inventory_{m}_changelist")) for m in CHANGELISTS}
    costs |= {f"{m} change": queries_for(client, url) for m, url in change_urls().items()}
    return costs


# Pinned so that any change, up or down, is a decision someone makes on purpose.
PINNED = {
    "host list": 6,
    "switch list": 6,
    "nic list": 8,
    "bond list": 8,
    "bridge list": 8,
    "vlan list": 7,
    "interface list": 7,
    "host change": 4,
    "switch change": 3,
    "nic change": 7,
    "bond change": 8,
    "bridge change": 7,
    "vlan change": 7,
}


def test_admin_pages_cost_a_fixed_number_of_queries(admin_client):
    build_inventory(2)
    page_costs(admin_client)  # warm per-process caches (content types, permissions)
    small = page_costs(admin_client)
    for i in range(2, 40):
        factories.host_with_network(f"pve{i:02d}")
    large = page_costs(admin_client)
    assert small == large
    assert small == PINNED


def test_the_admin_lists_the_demo_interfaces_by_kind(admin_client):
    build_inventory(1)
    pages = {m: admin_client.get(reverse(f"admin:inventory_{m}_changelist")).content.decode() for m in CHANGELISTS}
    assert "pve00" in pages["host"]
    for name in ("eno1", "eno2", "eno3", "eno4"):
        assert f">{name}</a>" in pages["nic"]
    assert ">bond0</a>" in pages["bond"] and "LACP (802.3ad)" in pages["bond"] and "eno1 eno2" in pages["bond"]
    assert ">vmbr0</a>" in pages["bridge"] and ">vmbr1</a>" in pages["bridge"]
    assert ">bond0.50</a>" in pages["vlan"]
    assert ">bond0.50</a>" in pages["interface"] and ">eno1</a>" in pages["interface"]
    # Each kind's page links to interfaces of that kind only.
    assert ">bond0.50</a>" not in pages["nic"] and ">vmbr0</a>" not in pages["bond"]


def test_admin_edits_go_through_the_services_and_bump_the_host_version(admin_client):
    build_inventory(1)
    host = Host.objects.get()
    nic = Interface.objects.get(host=host, name="eno3")
    response = admin_client.post(
        reverse("admin:inventory_nic_change", args=[nic.pk]),
        {
            "host": host.pk,
            "name": "eno3",
            "autostart": "on",
            "mtu": "9000",
            "ipv4_method": "manual",
            "speed_mbps": "25000",
            "extra_options": "{}",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    nic.refresh_from_db()
    assert (nic.mtu, nic.speed_mbps, nic.kind) == (9000, 25000, "nic")
    assert Host.objects.get().version > host.version


def test_the_admin_refuses_what_the_database_would_refuse(admin_client):
    build_inventory(1)
    host = Host.objects.get()
    response = admin_client.post(
        reverse("admin:inventory_nic_add"),
        {"host": host.pk, "name": "e\npost", "extra_options": "{}"},
    )
    assert response.status_code == 200
    assert "Use letters, digits" in response.content.decode()
    assert not Interface.objects.filter(name__startswith="e\n").exists()
