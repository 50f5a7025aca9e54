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


def import_node(name: str, n: int, *, with_vmbr1: bool = True) -> None:
    network = parse(NODE.format(n=n) + (VMBR1 if with_vmbr1 else ""))
    services.host_import_interfaces(name=name, network=network, cluster="prod")


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


def test_nodes_that_agree_show_no_cluster_findings(admin_client):
    import_node("pve1", 11)
    import_node("pve2", 12)
    page = admin_client.get("/clusters/prod/").content.decode()
    assert "The nodes agree" in page and "differs:" not in page


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
    assert len(small) == len(large) == 4  # session, user, the nodes, their interfaces


def test_viewers_may_look(client):
    import_node("pve1", 11)
    client.force_login(factories.user("val", "viewer"))
    assert client.get("/clusters/prod/").status_code == 200
    assert client.get("/hosts/pve1/download/").status_code == 200
    client.force_login(factories.user("nobody"))
    assert client.get("/clusters/prod/").status_code == 403
