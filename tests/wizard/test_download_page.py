import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from netwizard.inventory import services
from netwizard.inventory.models import Interface, file_sha256
from netwizard.network.interfaces_file import parse
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_download_page_has_plan_checklist_and_warnings(admin_client):
    factories.host_with_network("pve1", switch=factories.switch("sw-a", lacp=True))
    response = admin_client.get("/hosts/pve1/download/")
    assert response.status_code == 200
    page = response.content.decode()
    # The safe apply plan, for this host, with the revert timer and the check.
    assert "netwizard_apply" in page and "systemd-run" in page and "ifreload -a" in page
    assert "ifquery -a --check" in page and "This plan is for pve1" in page
    # One checklist per bond, saying what the switch must do for 802.3ad.
    assert page.count('class="card mb-3 checklist"') == 1
    assert "LACP (802.3ad)" in page and "port-channel" in page
    # The bridge with the gateway rides on bond0: a lock-out warning names it.
    assert "default gateway" in page
    assert 'href="/hosts/pve1/interfaces"' in page


def test_the_download_page_waits_for_the_errors_to_be_fixed(admin_client):
    services.host_import_interfaces(
        name="pve1",
        network=parse("iface eno1 inet manual\n\nauto vmbr0\niface vmbr0 inet manual\n\tbridge-ports eno9\n"),
    )
    response = admin_client.get("/hosts/pve1/download/")
    assert response.status_code == 409
    page = response.content.decode()
    assert "Not ready" in page and "netwizard_apply" not in page


def test_the_host_page_shows_what_changed_since_the_file_marked_as_applied(admin_client):
    host = factories.host_with_network("pve1")
    served = admin_client.get("/hosts/pve1/interfaces").content.decode()  # recorded, with the file it served
    admin_client.post("/hosts/pve1/download/applied/", {"sha256": file_sha256(served)})
    eno4 = Interface.objects.get(host=host, name="eno4")
    eno4.mtu = 9000
    services.interface_save(interface=eno4)
    page = admin_client.get("/hosts/pve1/").content.decode()
    assert "Compared with the file marked as applied by admin on" in page
    assert '<span class="diff-add">+\tmtu 9000</span>' in page
    assert '<span class="font-monospace">mtu none -&gt; 9000</span>' in page
    # And the history lists the download, the apply and the change, newest first.
    history = page[page.index('id="history-heading"') :]
    assert history.index("eno4 changed") < history.index("marked the file as applied")
    assert history.index("marked the file as applied") < history.index("downloaded the file")


def test_an_imported_host_compares_with_its_import(admin_client):
    services.host_import_interfaces(
        name="pve1", network=parse("iface eno1 inet manual\n"), text="iface eno1 inet manual\n"
    )
    page = admin_client.get("/hosts/pve1/").content.decode()
    # The file had no lo: the download adds it (as Proxmox does), so there is a change to show.
    assert "Compared with the file imported on" in page and "No changes" not in page
    assert "Proxmox always writes the loopback interface lo." in page


def test_a_file_imported_as_netwizard_writes_it_has_no_changes(admin_client):
    text = "auto lo\niface lo inet loopback\n\niface eno1 inet manual\n\n"
    services.host_import_interfaces(name="pve1", network=parse(text), text=text)
    page = admin_client.get("/hosts/pve1/").content.decode()
    assert "No changes: the download is that file." in page
    # Without the blank line Proxmox writes after the last stanza, only the layout differs.
    services.host_import_interfaces(name="pve1", network=parse(text), text=text.rstrip("\n") + "\n", replace=True)
    page = admin_client.get("/hosts/pve1/").content.decode()
    assert "No changes" not in page and "Only the layout changes" in page


def test_the_download_page_costs_the_same_for_any_inventory(admin_client):
    sw = factories.switch()
    for i in range(2):
        factories.host_with_network(f"pve{i:02d}", switch=sw)
    admin_client.get("/hosts/pve00/download/")
    with CaptureQueriesContext(connection) as small:
        admin_client.get("/hosts/pve00/download/")
    for i in range(2, factories.LARGE_INVENTORY):
        factories.host_with_network(f"pve{i:02d}", switch=sw)
    with CaptureQueriesContext(connection) as large:
        admin_client.get("/hosts/pve00/download/")
    assert len(small) == len(large) == 6  # session, user, host, its cluster's configuration, interfaces, baseline
