"""The admin is the inventory panel: its pages render, and cost the same at any inventory size."""

from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from netwizard.inventory import audit, selectors, services
from netwizard.inventory.models import Host, Interface, Switch
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
    "bridge change": 8,
    "vlan change": 7,
}


def test_admin_pages_cost_a_fixed_number_of_queries(admin_client):
    build_inventory(2)
    page_costs(admin_client)  # warm per-process caches (content types, permissions)
    small = page_costs(admin_client)
    for i in range(2, factories.LARGE_INVENTORY):
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
            "expected_version": host.version,
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
    assert "Use at most 15 letters, digits" in response.content.decode()
    assert not Interface.objects.filter(name__startswith="e\n").exists()


def test_a_bond_is_created_with_its_members_in_one_step(admin_client):
    build_inventory(1)
    host = Host.objects.get()
    eno3, eno4 = (Interface.objects.get(host=host, name=n) for n in ("eno3", "eno4"))
    vmbr1 = Interface.objects.get(host=host, name="vmbr1")
    # eno3 is vmbr1's port; free it first so the new bond can take it.
    response = admin_client.post(
        reverse("admin:inventory_bridge_change", args=[vmbr1.pk]),
        {
            "host": host.pk,
            "name": "vmbr1",
            "autostart": "on",
            "members": [eno4.pk],
            "expected_version": host.version,
            "bridge_stp": "false",
            "bridge_fd": "0",
            "bridge_vlan_aware": "unknown",
            "extra_options": "{}",
            "unresolved_links": "{}",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    response = admin_client.post(
        reverse("admin:inventory_bond_add"),
        {
            "host": host.pk,
            "name": "bond1",
            "autostart": "on",
            "members": [eno3.pk],
            "bond_mode": "active-backup",
            "bond_miimon": "100",
            "extra_options": "{}",
            "unresolved_links": "{}",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    bond1 = Interface.objects.get(host=host, name="bond1")
    assert [m.name for m in bond1.members.all()] == ["eno3"]


def test_the_admin_shows_rule_errors_instead_of_saving(admin_client):
    """The admin cannot save what the wizard would refuse: here a bond without members."""
    build_inventory(1)
    host = Host.objects.get()
    response = admin_client.post(
        reverse("admin:inventory_bond_add"),
        {
            "host": host.pk,
            "name": "bond1",
            "autostart": "on",
            "bond_mode": "active-backup",
            "bond_miimon": "100",
            "extra_options": "{}",
            "unresolved_links": "{}",
        },
    )
    assert response.status_code == 200
    assert "BOND-02" in response.content.decode()
    assert not Interface.objects.filter(name="bond1").exists()


def test_a_refused_delete_says_why_and_not_that_it_worked(admin_client):
    build_inventory(1)
    eno1, eno2 = (Interface.objects.get(name=n) for n in ("eno1", "eno2"))
    response = admin_client.post(reverse("admin:inventory_nic_delete", args=[eno1.pk]), {"post": "yes"}, follow=True)
    assert "deleted successfully" in response.content.decode()
    # Without its last member bond0 would not exist at all (BOND-02): refused, with the reason.
    response = admin_client.post(reverse("admin:inventory_nic_delete", args=[eno2.pk]), {"post": "yes"}, follow=True)
    page = response.content.decode()
    assert "was not deleted" in page and "bond0 has no members" in page
    assert "deleted successfully" not in page
    assert Interface.objects.filter(name="eno2").exists()


def test_the_host_inline_refuses_a_row_the_rules_reject(admin_client):
    build_inventory(1)
    host = Host.objects.get()
    rows = list(Interface.objects.filter(host=host).order_by("position", "name"))
    data = {
        "name": host.name,
        "cluster": host.cluster,
        "description": "",
        "expected_version": host.version,
        "interfaces-TOTAL_FORMS": str(len(rows) + 1),
        "interfaces-INITIAL_FORMS": str(len(rows)),
        "interfaces-MIN_NUM_FORMS": "0",
        "interfaces-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data |= {
            f"interfaces-{i}-id": row.pk,
            f"interfaces-{i}-host": host.pk,
            f"interfaces-{i}-name": row.name,
            f"interfaces-{i}-kind": row.kind,
            f"interfaces-{i}-autostart": "on" if row.autostart else "",
            f"interfaces-{i}-ipv4_address": row.ipv4_address,
            f"interfaces-{i}-mtu": row.mtu or "",
        }
    # A new bond typed into the inline has no members: BOND-02.
    n = len(rows)
    data |= {f"interfaces-{n}-host": host.pk, f"interfaces-{n}-name": "bond7", f"interfaces-{n}-kind": "bond"}
    response = admin_client.post(reverse("admin:inventory_host_change", args=[host.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "bond" in page and ("BOND-02" in page or "seven Linux bonding modes" in page)
    assert not Interface.objects.filter(name="bond7").exists()


# Stale edits: the admin refuses a page opened before someone else's change ------------


def posted_as_rendered(page) -> dict:
    """What the browser would send back for an admin change page left as it was rendered:
    the form, and every inline formset with its management form."""
    forms = [page.context["adminform"].form]
    for inline in page.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for field in form:
            value = field.value()
            if isinstance(value, list | tuple):
                data[field.html_name] = [str(v) for v in value]
            elif value is not None:
                data[field.html_name] = str(value)
    return data


def test_an_interface_page_opened_before_a_wizard_change_cannot_revert_it(admin_client):
    build_inventory(1)
    host = Host.objects.get()
    eno4 = Interface.objects.get(host=host, name="eno4")
    url = reverse("admin:inventory_nic_change", args=[eno4.pk])
    page = admin_client.get(url)
    assert f'name="expected_version" value="{host.version}"' in page.content.decode()
    # Meanwhile an editor gives eno4 jumbo frames and an address in the wizard.
    services.interface_addresses_set(
        interface=eno4,
        addresses=services.Addresses(ipv4_method="static", ipv4_address="10.9.0.3/24"),
        mtu=9000,
        expected_version=host.version,
    )
    data = posted_as_rendered(page) | {"comment": "to the core switch"}
    response = admin_client.post(url, data)
    assert response.status_code == 200
    text = response.content.decode()
    now = Host.objects.get().version
    assert f"pve00 was changed by someone else since you loaded the page (version {host.version}, now {now})." in text
    assert "Nothing was saved." in text
    eno4.refresh_from_db()
    assert (eno4.mtu, eno4.ipv4_address, eno4.comment) == (9000, "10.9.0.3/24", "")
    assert Host.objects.get().version == now


def test_the_host_page_opened_before_a_wizard_change_cannot_revert_it(admin_client):
    build_inventory(1)
    host = Host.objects.get()
    url = reverse("admin:inventory_host_change", args=[host.pk])
    page = admin_client.get(url)
    services.host_update(
        host=Host.objects.get(), name="pve00", cluster="lab", description="rack 4", expected_version=host.version
    )
    vmbr1 = Interface.objects.get(host=host, name="vmbr1")
    services.interface_addresses_set(
        interface=vmbr1, addresses=services.Addresses(ipv4_method="static", ipv4_address="10.8.0.2/24"), mtu=None
    )
    response = admin_client.post(url, posted_as_rendered(page) | {"cluster": "lab2"})
    assert response.status_code == 200
    assert "was changed by someone else since you loaded the page" in response.content.decode()
    host.refresh_from_db()
    vmbr1.refresh_from_db()
    assert (host.cluster, host.description, vmbr1.ipv4_address) == ("lab", "rack 4", "10.8.0.2/24")


@pytest.mark.parametrize("page_name, interface", [("bond", "bond0"), ("bridge", "vmbr0"), ("vlan", "bond0.50")])
def test_every_interface_page_carries_the_host_version(admin_client, page_name, interface):
    build_inventory(1)
    host = Host.objects.get()
    url = reverse(f"admin:inventory_{page_name}_change", args=[Interface.objects.get(name=interface).pk])
    stale = admin_client.get(url)
    services.host_update(host=host, name="pve00", cluster="lab", description="changed", expected_version=host.version)
    response = admin_client.post(url, posted_as_rendered(stale))
    assert response.status_code == 200
    assert "was changed by someone else" in response.content.decode()
    # The same page loaded again carries the new version and saves.
    response = admin_client.post(url, posted_as_rendered(admin_client.get(url)))
    assert response.status_code == 302, response.content.decode()[:3000]


def test_a_fresh_host_page_still_saves_with_its_inline_rows(admin_client):
    build_inventory(1)
    host = Host.objects.get()
    url = reverse("admin:inventory_host_change", args=[host.pk])
    response = admin_client.post(url, posted_as_rendered(admin_client.get(url)) | {"description": "rack 5"})
    assert response.status_code == 302, response.content.decode()[:3000]
    host.refresh_from_db()
    assert host.description == "rack 5"


# Line endings: a form posted without JavaScript sends CRLF ------------------------------


def test_crlf_comments_descriptions_and_notes_are_stored_with_lf(admin_client):
    build_inventory(1)
    host = Host.objects.get()
    eno4 = Interface.objects.get(host=host, name="eno4")
    url = reverse("admin:inventory_nic_change", args=[eno4.pk])
    fields = posted_as_rendered(admin_client.get(url)) | {"comment": "to the core switch\r\nport 48"}
    response = admin_client.post(url, urlencode(fields, doseq=True), content_type="application/x-www-form-urlencoded")
    assert response.status_code == 302, response.content.decode()[:3000]
    eno4.refresh_from_db()
    assert eno4.comment == "to the core switch\nport 48"
    # Each line of the comment is a comment line of eno4's stanza.
    stanza = audit.file_text(selectors.host_network(host=host)).split("iface eno4 inet manual\n")[1]
    assert stanza.startswith("#to the core switch\n#port 48\n")

    url = reverse("admin:inventory_host_change", args=[host.pk])
    fields = posted_as_rendered(admin_client.get(url)) | {"description": "rack 4\r\nrow B"}
    response = admin_client.post(url, urlencode(fields, doseq=True), content_type="application/x-www-form-urlencoded")
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Host.objects.get().description == "rack 4\nrow B"

    switch = Switch.objects.get()
    url = reverse("admin:inventory_switch_change", args=[switch.pk])
    fields = posted_as_rendered(admin_client.get(url)) | {"notes": "core pair\rsecond line"}
    response = admin_client.post(url, urlencode(fields, doseq=True), content_type="application/x-www-form-urlencoded")
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Switch.objects.get().notes == "core pair\nsecond line"


# MAC addresses: the admin accepts the spellings the wizard accepts --------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("3C-EC-EF-12-34-5A", "3c:ec:ef:12:34:5a"),  # as a vendor's label prints it
        ("3c:EC:ef:12:34:5a", "3c:ec:ef:12:34:5a"),
        ("3c:ec:ef:12:34:5a", "3c:ec:ef:12:34:5a"),
        ("", ""),
    ],
)
def test_the_admin_stores_a_mac_as_the_wizard_does(admin_client, typed, stored):
    build_inventory(1)
    eno4 = Interface.objects.get(host__name="pve00", name="eno4")
    url = reverse("admin:inventory_nic_change", args=[eno4.pk])
    response = admin_client.post(url, posted_as_rendered(admin_client.get(url)) | {"mac": typed})
    assert response.status_code == 302, response.content.decode()[:3000]
    eno4.refresh_from_db()
    assert eno4.mac == stored


def test_the_admin_refuses_a_mac_with_the_wizards_words(admin_client):
    build_inventory(1)
    eno4 = Interface.objects.get(host__name="pve00", name="eno4")
    url = reverse("admin:inventory_nic_change", args=[eno4.pk])
    response = admin_client.post(url, posted_as_rendered(admin_client.get(url)) | {"mac": "3C-EC-EF-12"})
    assert response.status_code == 200
    assert "Write the MAC address as six pairs of hex digits separated by colons" in response.content.decode()
    eno4.refresh_from_db()
    assert eno4.mac == ""


# The history list -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query", ["at__year=99999999999999", "at__year=9999", "at__year=9999&at__month=12", "at__year=2026&at__month=13"]
)
def test_an_impossible_date_in_the_history_list_is_a_bad_filter_not_a_server_error(admin_client, query):
    url = reverse("admin:inventory_hostchange_changelist")
    response = admin_client.get(f"{url}?{query}")
    assert response.status_code == 302 and response["Location"] == f"{url}?e=1"
    assert admin_client.get(response["Location"]).status_code == 200


def test_a_change_between_the_forms_check_and_the_save_is_refused_too(admin_client, monkeypatch):
    """The services check the version again as they write (on PostgreSQL another writer can
    commit between the two): the admin then says so instead of failing, and keeps nothing."""
    build_inventory(1)
    host = Host.objects.get()
    eno4 = Interface.objects.get(host=host, name="eno4")
    url = reverse("admin:inventory_nic_change", args=[eno4.pk])
    page = admin_client.get(url)
    services.interface_addresses_set(interface=eno4, addresses=services.Addresses(), mtu=9000)
    monkeypatch.setattr(services, "host_version_check", lambda **kwargs: None)  # the form's check passed
    response = admin_client.post(url, posted_as_rendered(page) | {"comment": "mine"}, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert "was changed by someone else since you loaded the page" in response.content.decode()
    eno4.refresh_from_db()
    assert (eno4.mtu, eno4.comment) == (9000, "")


def test_add_pages_have_no_version_to_check(admin_client):
    url = reverse("admin:inventory_host_add")
    response = admin_client.post(url, posted_as_rendered(admin_client.get(url)) | {"name": "pve42"})
    assert response.status_code == 302, response.content.decode()[:3000]
    host = Host.objects.get(name="pve42")
    url = reverse("admin:inventory_nic_add")
    fields = posted_as_rendered(admin_client.get(url)) | {"host": str(host.pk), "name": "eno1"}
    response = admin_client.post(url, fields)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Interface.objects.filter(host=host, name="eno1").exists()


def test_the_bond_page_says_for_which_modes_a_primary_and_a_hash_policy_reach_the_file(admin_client):
    # The admin stores a primary for any mode; the download keeps it only where Proxmox
    # writes it (bonding.WRITTEN_ONLY_FOR), so the page says so beside the field.
    page = admin_client.get(reverse("admin:inventory_bond_add")).content.decode()
    assert "Proxmox writes bond-primary only for active-backup." in page
    assert "Proxmox writes bond-xmit-hash-policy only for balance-xor and 802.3ad." in page
