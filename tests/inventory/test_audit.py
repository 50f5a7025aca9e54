"""Every change through the services lands in the host's history: who, when, what changed in the file."""

import hashlib

import pytest
from django.urls import reverse

from netwizard.inventory import audit, services
from netwizard.inventory.choices import InterfaceKind
from netwizard.inventory.models import HostChange, Interface
from netwizard.network.interfaces_file import parse
from tests import factories

pytestmark = pytest.mark.django_db


def test_an_interface_change_is_recorded_with_its_user_and_a_diff_of_the_file():
    host = factories.host_with_network("pve1")
    alice = factories.user("alice", "editor")
    eno4 = Interface.objects.get(host=host, name="eno4")
    eno4.mtu = 9000
    with audit.acting_as(alice):
        services.interface_save(interface=eno4)
    change = HostChange.objects.first()
    assert (change.host, change.username, change.action, change.summary) == (host, "alice", "edit", "eno4 changed")
    assert "+\tmtu 9000" in change.diff.splitlines()
    assert change.diff.startswith("--- pve1 before")


def test_a_refused_change_leaves_no_trace():
    host = factories.host_with_network("pve1")
    count = HostChange.objects.count()
    with pytest.raises(services.RulesRefused):
        services.interface_create(host=host, name="bond9", kind=InterfaceKind.BOND, bond_mode="802.3ad")
    assert HostChange.objects.count() == count


def test_imports_record_what_the_file_changed():
    services.host_import_interfaces(name="pve1", network=parse("iface eno1 inet manual\n"))
    services.host_import_interfaces(
        name="pve1", network=parse("iface eno1 inet manual\n\niface eno2 inet manual\n"), replace=True
    )
    latest = HostChange.objects.filter(action=HostChange.IMPORT).first()
    assert "+iface eno2 inet manual" in latest.diff.splitlines()
    assert latest.username == ""  # made outside a request: the command line


def test_a_deleted_host_keeps_its_history_by_name():
    host = factories.host_with_network("pve1")
    services.host_delete(host=host)
    deleted = HostChange.objects.get(action=HostChange.DELETE)
    assert deleted.host is None and deleted.host_name == "pve1"
    assert "-iface bond0 inet manual" in deleted.diff.splitlines()
    assert HostChange.objects.filter(host_name="pve1").count() > 1


def test_host_detail_changes_name_the_fields():
    host = services.host_create(name="pve1")
    host.description = "rack 3"
    services.host_save(host=host)
    assert HostChange.objects.first().summary == "Changed description"


def test_downloads_are_recorded_with_the_files_checksum():
    host = factories.host_with_network("pve1")
    services.host_download_record(host=host, text="auto lo\n")
    change = HostChange.objects.first()
    assert change.action == "download"
    assert change.sha256 == hashlib.sha256(b"auto lo\n").hexdigest()


def test_requests_record_their_user(client):
    factories.host_with_network("pve1")
    client.force_login(factories.user("val", "viewer"))
    assert client.get("/hosts/pve1/interfaces").status_code == 200
    assert HostChange.objects.first().username == "val"


def test_the_admin_shows_the_history_read_only(admin_client):
    factories.host_with_network("pve1")
    change = HostChange.objects.first()
    assert admin_client.get(reverse("admin:inventory_hostchange_changelist")).status_code == 200
    page = admin_client.get(reverse("admin:inventory_hostchange_change", args=[change.pk]))
    assert page.status_code == 200 and b'name="_save"' not in page.content
    assert admin_client.get(reverse("admin:inventory_hostchange_add")).status_code == 403
