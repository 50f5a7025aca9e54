import pytest
from django.core.exceptions import ValidationError

from netwizard.inventory import services
from netwizard.inventory.choices import InterfaceKind
from netwizard.inventory.models import Host

pytestmark = pytest.mark.django_db


def test_a_stale_host_edit_is_refused_and_nothing_is_overwritten():
    host = services.host_create(name="pve1", description="first")
    first_tab = Host.objects.get(pk=host.pk)
    second_tab = Host.objects.get(pk=host.pk)

    first_tab.description = "edited in tab one"
    services.host_save(host=first_tab, expected_version=host.version)

    second_tab.description = "edited in tab two"
    with pytest.raises(ValidationError, match="changed by someone else"):
        services.host_save(host=second_tab, expected_version=host.version)
    assert Host.objects.get(pk=host.pk).description == "edited in tab one"


def test_interface_changes_bump_the_host_version():
    host = services.host_create(name="pve1")
    before = Host.objects.get(pk=host.pk).version
    nic = services.interface_create(host=host, name="eno1", kind=InterfaceKind.NIC)
    nic.mtu = 9000
    services.interface_save(interface=nic)
    assert Host.objects.get(pk=host.pk).version == before + 2


def test_services_validate_before_writing():
    host = services.host_create(name="pve1")
    with pytest.raises(ValidationError):
        services.interface_create(host=host, name="eno1\n\tpost-up reboot", kind=InterfaceKind.NIC)
    with pytest.raises(ValidationError):
        services.interface_create(host=host, name="bond0", kind=InterfaceKind.BOND, bond_mode="fastest")
    assert host.interfaces.count() == 0


def test_links_never_cross_hosts():
    one = services.host_create(name="pve1")
    two = services.host_create(name="pve2")
    bond = services.interface_create(host=one, name="bond0", kind=InterfaceKind.BOND, bond_mode="active-backup")
    with pytest.raises(ValidationError, match="belongs to another host"):
        services.interface_create(host=two, name="eno1", kind=InterfaceKind.NIC, master=bond)


def test_a_nic_cannot_be_the_master_of_another_interface():
    host = services.host_create(name="pve1")
    nic = services.interface_create(host=host, name="eno1", kind=InterfaceKind.NIC)
    with pytest.raises(ValidationError, match="not a bond or a bridge"):
        services.interface_create(host=host, name="eno2", kind=InterfaceKind.NIC, master=nic)


def test_deleting_a_parent_with_vlans_is_refused_with_their_names():
    host = services.host_create(name="pve1")
    nic = services.interface_create(host=host, name="eno1", kind=InterfaceKind.NIC)
    services.interface_create(host=host, name="eno1.20", kind=InterfaceKind.VLAN, raw_device=nic, vlan_id=20)
    with pytest.raises(ValidationError, match=r"eno1\.20"):
        services.interface_delete(interface=nic)
    assert host.interfaces.count() == 2
