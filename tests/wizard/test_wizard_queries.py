"""Every wizard page costs the same number of queries however many hosts the inventory holds
and however many interfaces the host has."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from netwizard.inventory import services
from netwizard.network.interfaces_file import parse
from tests import factories
from tests.samples import LACP_BOND_BRIDGE_KEPT_LINES as SEED_BRIDGE_FILE

pytestmark = pytest.mark.django_db

BOND_ANSWERS = "refresh=1&_changed=answers&name=bond0&members=eno1&members=eno2&switch_lacp=yes&carries_cluster=yes"
BRIDGE_CHANGE = "refresh=1&name=vmbr0&ports=bond0&ipv4_method=static&ipv4_address=10.1.1.2/24"

# Each page: session, user, the editor's permissions (user and group), the host, its
# interfaces with their switches in one query; the NIC step also lists the switches.
# Every page that reviews a host asks once for its cluster's configuration (corosync.conf, ceph.conf).
PAGES = {
    "/hosts/new/": 5,  # session, user, permissions x2, switches
    "/hosts/pve00/wizard/": 7,
    "/hosts/pve00/wizard/nics/": 8,
    "/hosts/pve00/wizard/nics/?edit=eno1": 8,
    "/hosts/pve00/wizard/bonds/": 7,
    "/hosts/pve00/wizard/bond/": 7,
    "/hosts/pve00/wizard/bond/bond0/": 7,
    "/hosts/pve00/wizard/bridges/": 7,
    "/hosts/pve00/wizard/bridge/": 7,
    "/hosts/pve00/wizard/bridge/vmbr0/": 7,
    "/hosts/pve00/wizard/vlan/": 7,
    "/hosts/pve00/wizard/vlan/bond0.50/": 7,
    "/hosts/pve00/wizard/address/eno4/": 7,
    "/hosts/pve00/wizard/review/": 8,  # and the baseline: the last import or file marked as applied
    "/hosts/pve01/wizard/review/": 8,  # imported in the large inventory: the comparison costs no query more
    "/hosts/pve00/import/": 6,  # host and the count of interfaces the import replaces
    "/hosts/pve00/": 10,  # its cluster (nodes, configuration, interfaces), history and baseline
    "/hosts/pve00/delete/": 8,  # the host, its interfaces, the other nodes of its cluster, its history's size
    # What a change on the bond and bridge forms asks for (the preview of the unsaved form).
    f"/hosts/pve00/wizard/bond/bond0/?{BOND_ANSWERS}": 7,
    f"/hosts/pve00/wizard/bridge/?{BRIDGE_CHANGE}": 7,
    "/hosts/pve00/wizard/nic-name/?name=eno9": 6,  # the host and its interface names
}


def counts(client) -> dict[str, int]:
    found = {}
    for url in PAGES:
        client.get(url)  # the first request of a page may warm caches (the session, ContentTypes)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        found[url] = len(queries)
    return found


def test_wizard_pages_cost_the_same_however_big_the_inventory(editor):
    sw = factories.switch()
    hosts = [factories.host_with_network(f"pve{i:02d}", switch=sw) for i in range(2)]
    small = counts(editor)
    for i in range(2, factories.LARGE_INVENTORY):
        factories.host_with_network(f"pve{i:02d}", switch=sw)
    for i in range(30):  # and a host with many more interfaces
        services.nic_create(host=hosts[0], name=f"enp{i}s0")
    services.host_import_interfaces(name="pve01", network=parse(SEED_BRIDGE_FILE), replace=True)
    large = counts(editor)
    assert small == large == PAGES
