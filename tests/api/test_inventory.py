"""The inventory through the API: hosts and interfaces in Proxmox's field names, written
through the same services (and refused by the same rules) as the wizard's pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from netwizard.inventory import selectors, services
from netwizard.inventory.models import Host, HostChange
from netwizard.network.interfaces_file import parse
from tests import factories
from tests.api.conftest import token_header

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer(editor_user):
    return token_header(editor_user, write=True)


@pytest.fixture
def reader(viewer_user):
    return token_header(viewer_user)


def test_hosts_are_listed_a_page_at_a_time_with_a_fixed_number_of_queries(client, reader):
    def queries(count: int) -> int:
        for number in range(Host.objects.count(), count):
            host = services.host_create(name=f"pve{number:03}", cluster="lab" if number % 2 else "")
            services.interface_create(host=host, name="eno1", kind="nic")
        client.get("/api/hosts/?page_size=100", **reader)  # the token's last use is written once a minute
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/api/hosts/?page_size=100", **reader)
        assert response.status_code == 200
        return len(captured)

    assert queries(2) == queries(200)
    body = client.get("/api/hosts/?cluster=lab&page_size=10", **reader).json()
    assert body["count"] == 100 and len(body["results"]) == 10 and body["next"]
    first = body["results"][0]
    assert first == {
        "name": "pve001",
        "cluster": "lab",
        "description": "",
        "version": first["version"],
        "updated_at": first["updated_at"],
        "interfaces": {"nic": 1, "bond": 0, "bridge": 0, "vlan": 0},
        "url": "/api/hosts/pve001/",
    }


def test_a_host_is_created_renamed_and_deleted_and_history_names_the_token_s_user(client, writer):
    created = client.post("/api/hosts/", {"name": "pve9", "cluster": "lab"}, content_type="application/json", **writer)
    assert created.status_code == 201 and created["ETag"] == '"1"'
    stale = client.patch(
        "/api/hosts/pve9/", {"description": "x"}, content_type="application/json", HTTP_IF_MATCH='"0"', **writer
    )
    assert stale.status_code == 412 and stale.json()["error"]["status"] == 412
    renamed = client.patch(
        "/api/hosts/pve9/", {"name": "pve10"}, content_type="application/json", HTTP_IF_MATCH='"1"', **writer
    )
    assert renamed.status_code == 200 and renamed.json()["name"] == "pve10"
    assert {change.user.username for change in HostChange.objects.all()} == {"ed"}
    bad = client.post("/api/hosts/", {"name": "pve 1"}, content_type="application/json", **writer)
    assert bad.status_code == 400 and "name" in bad.json()["error"]["fields"]
    assert client.delete("/api/hosts/pve10/", **writer).status_code == 204
    assert not Host.objects.exists()


def test_interfaces_come_in_proxmox_s_field_names(client, reader):
    factories.host_with_network("pve1")
    rows = {i["iface"]: i for i in client.get("/api/hosts/pve1/interfaces/", **reader).json()}
    assert rows["eno1"]["type"] == "eth" and rows["eno1"]["method"] == "manual"
    bond = rows["bond0"]
    assert (bond["type"], bond["slaves"], bond["bond_mode"], bond["bond_miimon"]) == (
        "bond",
        "eno1 eno2",
        "802.3ad",
        "100",
    )
    bridge = rows["vmbr0"]
    assert bridge["cidr"] == "10.0.0.2/24" and bridge["address"] == "10.0.0.2" and bridge["netmask"] == "24"
    assert bridge["gateway"] == "10.0.0.1" and bridge["bridge_ports"] == "bond0" and bridge["bridge_vlan_aware"] == 1
    assert bridge["autostart"] == 1 and bridge["families"] == ["inet"]
    one = client.get("/api/hosts/pve1/interfaces/vmbr0/", **reader)
    assert one.json() == bridge and one["ETag"] == f'"{Host.objects.get().version}"'
    assert client.get("/api/hosts/pve1/interfaces/vmbr9/", **reader).status_code == 404


def test_a_patch_changes_what_it_names_and_the_rules_refuse_as_in_the_wizard(client, writer):
    factories.host_with_network("pve1")
    changed = client.patch(
        "/api/hosts/pve1/interfaces/vmbr1/",
        {"cidr": "192.0.2.5/24", "mtu": 1500, "comments": "storage\n"},
        content_type="application/json",
        **writer,
    )
    assert changed.status_code == 200, changed.json()
    body = changed.json()
    assert (body["method"], body["cidr"], body["mtu"], body["comments"]) == (
        "static",
        "192.0.2.5/24",
        1500,
        "storage\n",
    )
    assert body["bridge_ports"] == "eno3"  # kept
    # A bond carrying the cluster network must be active-backup: the rules refuse LACP for it.
    services.interface_save(interface=_row("bond0", carries_cluster=True, bond_mode="active-backup"))
    refused = client.patch(
        "/api/hosts/pve1/interfaces/bond0/", {"bond_mode": "802.3ad"}, content_type="application/json", **writer
    )
    assert refused.status_code == 400
    assert [f["code"] for f in refused.json()["findings"]] == ["BOND-26"]
    assert _row("bond0").bond_mode == "active-backup"  # nothing changed
    wrong_kind = client.patch(
        "/api/hosts/pve1/interfaces/vmbr1/", {"slaves": "eno4"}, content_type="application/json", **writer
    )
    assert wrong_kind.status_code == 400 and "slaves" in wrong_kind.json()["error"]["fields"]


def _row(name: str, **fields):
    row = next(r for r in selectors.host_rows(host=Host.objects.get()) if r.name == name)
    for field, value in fields.items():
        setattr(row, field, value)
    return row


def test_interfaces_are_added_and_deleted(client, writer):
    factories.host_with_network("pve1")
    made = client.post(
        "/api/hosts/pve1/interfaces/",
        {"iface": "vmbr2", "type": "bridge", "bridge_ports": "eno4", "cidr": "198.51.100.2/24"},
        content_type="application/json",
        **writer,
    )
    assert made.status_code == 201, made.json()
    assert made.json()["bridge_ports"] == "eno4" and made.json()["autostart"] == 1
    vlan = client.post(
        "/api/hosts/pve1/interfaces/",
        {"iface": "vmbr2.30", "type": "vlan", "vlan-raw-device": "vmbr2", "vlan-id": 30},
        content_type="application/json",
        **writer,
    )
    assert vlan.status_code == 201 and vlan.json()["vlan-id"] == 30
    unknown = client.post(
        "/api/hosts/pve1/interfaces/",
        {"iface": "vmbr3", "type": "bridge", "bridge_ports": "eno9"},
        content_type="application/json",
        **writer,
    )
    assert unknown.status_code == 400 and "eno9 is not an interface of pve1." in str(unknown.json())
    assert client.delete("/api/hosts/pve1/interfaces/vmbr2.30/", **writer).status_code == 204
    assert client.delete("/api/hosts/pve1/interfaces/vmbr2/", **writer).status_code == 204


def test_the_file_is_the_download_and_is_withheld_while_errors_block_it(client, reader):
    host = factories.host_with_network("pve1")
    served = client.get("/api/hosts/pve1/interfaces-file", **reader)
    assert served.status_code == 200 and served["Content-Type"].startswith("text/plain")
    assert (
        served.content.decode()
        == selectors.host_served_file(host=host, review=selectors.host_review(host=host)).handed_out
    )
    # Two default gateways: an error finding (IP-04) that blocks the file.
    network = parse(
        "auto vmbr0\niface vmbr0 inet static\n\taddress 10.0.0.2/24\n\tgateway 10.0.0.1\n\tbridge-ports none\n\n"
        "auto vmbr1\niface vmbr1 inet static\n\taddress 10.1.0.2/24\n\tgateway 10.1.0.1\n\tbridge-ports none\n"
    )
    network.hostname = "pve2"
    services.host_import_interfaces(name="pve2", network=network)
    blocked = client.get("/api/hosts/pve2/interfaces-file", **reader)
    assert blocked.status_code == 409 and blocked.json()["findings"]
    svg = client.get("/api/hosts/pve1/topology.svg", **reader)
    assert svg.status_code == 200 and svg.content.startswith(b"<svg") and b"vmbr0" in svg.content
    findings = client.get("/api/hosts/pve1/findings/", **reader).json()["findings"]
    assert findings == [f.as_dict() for f in selectors.host_review(host=host).findings]


def test_a_file_is_imported_and_replaced_only_when_asked(client, writer):
    text = "auto vmbr0\niface vmbr0 inet static\n\taddress 192.0.2.10/24\n\tbridge-ports eno1\n"
    made = client.post("/api/hosts/pve7/import/", text, content_type="text/plain", **writer)
    assert made.status_code == 201 and made.json()["interfaces"] == {"nic": 1, "bond": 0, "bridge": 1, "vlan": 0}
    assert made.json()["findings"] == [
        f.as_dict() for f in selectors.host_review(host=Host.objects.get(name="pve7")).findings
    ]
    again = client.post("/api/hosts/pve7/import/", text, content_type="text/plain", **writer)
    assert again.status_code == 400 and "?replace=1" in str(again.json())
    stale = client.post(
        "/api/hosts/pve7/import/?replace=1", text, content_type="text/plain", HTTP_IF_MATCH='"0"', **writer
    )
    assert stale.status_code == 412
    replaced = client.post("/api/hosts/pve7/import/?replace=1", text, content_type="text/plain", **writer)
    assert replaced.status_code == 201
    broken = client.post("/api/hosts/pve8/import/", "auto vmbr0\n\tfoo bar\n", content_type="text/plain", **writer)
    assert broken.status_code == 400 and broken.json()["error"]["line"] == 2
    assert Host.objects.get(name="pve7").imported_text == text


def test_plans_checklists_clusters_and_switches(client, reader, writer):
    switch = factories.switch()
    factories.host_with_network("pve1", switch=switch)
    plan = client.get("/api/hosts/pve1/apply-plan", **reader)
    assert plan.status_code == 200 and "systemd-run --quiet --unit=netwizard-revert" in plan.content.decode()
    checklists = client.get("/api/hosts/pve1/switch-checklist/", **reader).json()["checklists"]
    assert [(c["bond"], c["mode"], c["switch_mode"]) for c in checklists] == [("bond0", "802.3ad", "lacp")]
    cluster = client.get("/api/clusters/lab/", **reader).json()
    assert cluster["hosts"] == ["pve1"] and "clauses" in cluster["verdict"]
    assert client.get("/api/clusters/nowhere/", **reader).status_code == 404
    listed = client.get("/api/switches/", **reader).json()
    assert listed == [{"name": switch.name, "lacp": switch.lacp, "stack": switch.stack, "notes": switch.notes}]
    made = client.post("/api/switches/", {"name": "sw-2", "lacp": True}, content_type="application/json", **writer)
    assert made.status_code == 201 and made.json()["lacp"] is True


def test_a_facts_document_posted_to_the_api_is_imported_and_answers_the_rename(client, writer):
    from netwizard.inventory.demo import demo_load
    from tests.inventory.test_facts import ENO3_MAC, renamed_node

    demo_load()
    response = client.post("/api/hosts/pve1/facts/", data=renamed_node(), content_type="application/json", **writer)
    body = response.json()
    assert response.status_code == 200, body
    assert body["renamed"] == [{"old": "eno3", "new": "enp2s0f0", "mac": ENO3_MAC}]
    assert [f["interface"] for f in body["findings"] if f["code"] == "NIC-01"] == ["eno3"]
    bad = client.post("/api/hosts/pve1/facts/", data="{oops", content_type="application/json", **writer)
    assert bad.status_code == 400 and "is not JSON" in bad.json()["error"]["message"]
