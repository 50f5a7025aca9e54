import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from netwizard.inventory import services
from netwizard.network.interfaces_file import parse
from tests import factories

pytestmark = pytest.mark.django_db

NODE = """auto lo
iface lo inet loopback

iface eno1 inet manual

iface eno2 inet manual

auto vmbr0
iface vmbr0 inet static
	address 10.0.0.{n}/24
	gateway 10.0.0.1
	bridge-ports eno1
	bridge-stp off
	bridge-fd 0
"""
VMBR1 = """
auto vmbr1
iface vmbr1 inet manual
	bridge-ports eno2
	bridge-stp off
	bridge-fd 0
	bridge-vlan-aware yes
	bridge-vids 2-4094
"""


COROSYNC = """
auto eno3
iface eno3 inet static
	address 10.99.0.{n}/24
"""


def import_node(name: str, n: int, *, with_vmbr1: bool = True, corosync: bool = False, cluster: str = "prod") -> None:
    """A node; with `corosync`, eno3 has an address and is marked as carrying the cluster network."""
    network = parse(NODE.format(n=n) + (VMBR1 if with_vmbr1 else "") + (COROSYNC.format(n=n) if corosync else ""))
    for iface in network.interfaces:
        iface.carries_cluster = corosync and iface.name == "eno3"
    services.host_import_interfaces(name=name, network=network, cluster=cluster)


def test_a_node_without_a_guest_bridge_is_shown_on_the_cluster_view(admin_client):
    import_node("pve1", 11)
    import_node("pve2", 12)
    import_node("pve3", 13, with_vmbr1=False)
    response = admin_client.get("/clusters/prod/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "CLUSTER-02" in page and 'href="/hosts/pve3/">pve3</a><span class="font-monospace">/ vmbr1' in page
    # In the comparison, pve3's vmbr1 cell is the odd one out.
    assert '<td class="small font-monospace differs"><span class="visually-hidden">differs: </span>missing</td>' in page
    # The node's own page shows the cluster finding too.
    host_page = admin_client.get("/hosts/pve3/").content.decode()
    assert "Across cluster" in host_page and "CLUSTER-02" in host_page


def verdict(page: str) -> str:
    """The verdict's text, tags and whitespace left out."""
    start = page.index('id="cluster-findings-heading"')
    section = page[start : page.index("</section>", start)]
    return " ".join(re.sub(r"<[^>]+>", " ", section).split())


def test_nodes_that_agree_everywhere_are_said_to_agree_and_on_what(admin_client):
    import_node("pve1", 11, corosync=True)
    import_node("pve2", 12, corosync=True)
    page = admin_client.get("/clusters/prod/").content.decode()
    text = verdict(page)
    assert "pve1 and pve2 agree on everything netwizard compares" in text and "differs:" not in page
    assert "Bridges : agree — every node has the same Linux bridges (vmbr0 and vmbr1)" in text
    assert "Cluster network : agree — every node has an address on the corosync link 10.99.0.0/24" in text
    assert "not checked" not in text


def test_a_node_without_a_cluster_network_is_not_called_consistent(admin_client):
    """Issue 12, item 4: pve3 has no corosync network at all; the page said "The nodes
    agree: … consistent cluster network"."""
    import_node("pve1", 11, corosync=True)
    import_node("pve2", 12, corosync=True)
    import_node("pve3", 13)
    text = verdict(admin_client.get("/clusters/prod/").content.decode())
    assert "consistent cluster network" not in text and "agree on everything" not in text
    assert (
        "Cluster network : not checked — pve3 has no interface marked as carrying the cluster network. "
        "pve1 and pve2 have an address on the corosync link 10.99.0.0/24" in text
    )
    # What was compared and held is still said.
    assert "Bridges : agree" in text and "Addresses : agree" in text


def test_nodes_without_any_cluster_network_or_bridges(admin_client):
    text = NODE.split("auto vmbr0")[0]
    for n, name in enumerate(["pve1", "pve2"], start=11):
        network = parse(text + f"auto eno1\niface eno1 inet static\n\taddress 10.0.0.{n}/24\n")
        services.host_import_interfaces(name=name, network=network, cluster="prod", replace=True)
    found = verdict(admin_client.get("/clusters/prod/").content.decode())
    assert "Bridges : not checked — no node has a Linux bridge." in found
    assert "Cluster network : not checked — no node has an interface marked as carrying the cluster network." in found
    assert "agree on everything" not in found


def test_a_single_node_cluster_has_nothing_to_compare(admin_client):
    import_node("pve1", 11, corosync=True, cluster="solo")
    text = verdict(admin_client.get("/clusters/solo/").content.decode())
    assert "pve1 is the only node, so there is nothing to compare across nodes." in text
    assert "agree" not in text


def test_unknown_clusters_are_404(admin_client):
    assert admin_client.get("/clusters/nope/").status_code == 404


def test_the_cluster_view_costs_the_same_for_any_number_of_nodes(admin_client):
    for n in range(2):
        import_node(f"pve{n}", 10 + n)
    admin_client.get("/clusters/prod/")
    with CaptureQueriesContext(connection) as small:
        admin_client.get("/clusters/prod/")
    for n in range(2, 12):
        import_node(f"pve{n}", 10 + n)
    with CaptureQueriesContext(connection) as large:
        admin_client.get("/clusters/prod/")
    assert len(small) == len(large) == 5  # session, user, the nodes, their configuration, their interfaces


def test_viewers_may_look(client):
    import_node("pve1", 11)
    client.force_login(factories.user("val", "viewer"))
    assert client.get("/clusters/prod/").status_code == 200
    assert client.get("/hosts/pve1/download/").status_code == 200
    client.force_login(factories.user("nobody"))
    assert client.get("/clusters/prod/").status_code == 403
