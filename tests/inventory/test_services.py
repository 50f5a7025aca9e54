import pytest
from django.core.exceptions import ValidationError

from netwizard.inventory import selectors, services
from netwizard.inventory.choices import InterfaceKind
from netwizard.inventory.models import Host, Interface
from tests import factories

pytestmark = pytest.mark.django_db


def nics(host, *names):
    return [services.interface_create(host=host, name=name, kind=InterfaceKind.NIC) for name in names]


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
    (nic,) = nics(host, "eno1")
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
    bond = services.interface_create(
        host=one, name="bond0", kind=InterfaceKind.BOND, bond_mode="active-backup", members=nics(one, "eno1", "eno2")
    )
    with pytest.raises(ValidationError, match="belongs to another host"):
        services.interface_create(host=two, name="eno1", kind=InterfaceKind.NIC, master=bond)
    with pytest.raises(ValidationError, match="belongs to another host"):
        services.interface_create(
            host=two,
            name="bond0",
            kind=InterfaceKind.BOND,
            bond_mode="active-backup",
            members=list(one.interfaces.nics()),
        )


def test_a_nic_cannot_be_the_master_of_another_interface():
    host = services.host_create(name="pve1")
    (nic,) = nics(host, "eno1")
    with pytest.raises(ValidationError, match="not a bond or a bridge"):
        services.interface_create(host=host, name="eno2", kind=InterfaceKind.NIC, master=nic)


def test_deleting_a_parent_with_vlans_is_refused_with_their_names():
    host = services.host_create(name="pve1")
    (nic,) = nics(host, "eno1")
    services.interface_create(host=host, name="eno1.20", kind=InterfaceKind.VLAN, raw_device=nic, vlan_id=20)
    with pytest.raises(ValidationError, match=r"eno1\.20"):
        services.interface_delete(interface=nic)
    assert host.interfaces.count() == 2


def test_a_change_that_adds_an_error_finding_is_refused_and_rolled_back():
    host = services.host_create(name="pve1")
    members = nics(host, "eno1", "eno2")
    version = Host.objects.get(pk=host.pk).version
    with pytest.raises(services.RulesRefused) as refused:
        services.interface_create(host=host, name="bond0", kind=InterfaceKind.BOND, bond_mode="802.3ad")
    assert [f.code for f in refused.value.findings] == ["BOND-02"]
    assert not host.interfaces.filter(name="bond0").exists()
    assert Host.objects.get(pk=host.pk).version == version

    bond = services.interface_create(
        host=host, name="bond0", kind=InterfaceKind.BOND, bond_mode="802.3ad", members=members
    )
    assert bond.bond_miimon == 100  # the service's default: link monitoring on
    assert sorted(i.name for i in bond.members.all()) == ["eno1", "eno2"]


def test_the_cluster_network_on_a_bond_refuses_lacp():
    """BOND-26: marking the bond's NICs as the cluster network with an LACP bond is refused."""
    host = factories.host_with_network("pve1", switch=factories.switch())
    bond = Interface.objects.get(host=host, name="bond0")
    bond.carries_cluster = True
    with pytest.raises(services.RulesRefused) as refused:
        services.interface_save(interface=bond)
    assert "BOND-26" in {f.code for f in refused.value.findings}
    bond.refresh_from_db()
    assert bond.carries_cluster is False


def test_existing_errors_do_not_block_unrelated_edits():
    """An imported host with errors can still be edited; only new errors are refused."""
    from netwizard.network.interfaces_file import parse

    text = "iface eno1 inet manual\n\nauto vmbr0\niface vmbr0 inet manual\n\tbridge-ports eno9\n"
    host = services.host_import_interfaces(name="pve1", network=parse(text))
    assert selectors.host_review(host=host).errors
    eno1 = host.interfaces.get(name="eno1")
    eno1.mtu = 9000
    services.interface_save(interface=eno1)
    assert host.interfaces.get(name="eno1").mtu == 9000


def test_checking_a_change_stores_nothing():
    host = services.host_create(name="pve1")
    members = nics(host, "eno1")
    bond = Interface(host=host, name="bond0", kind=InterfaceKind.BOND, bond_mode="802.3ad")
    assert [f.code for f in services.interface_check(interface=bond)] == ["BOND-02"]
    assert services.interface_check(interface=bond, members=members) == []
    assert bond.pk is None and not host.interfaces.filter(name="bond0").exists()
    assert Interface.objects.get(name="eno1").master is None


def test_changing_a_switch_is_refused_when_it_breaks_a_bond():
    """BOND-27: the switch behind an 802.3ad bond cannot lose LACP support."""
    sw = factories.switch("sw-a", lacp=True)
    factories.host_with_network("pve1", switch=sw)
    sw.lacp = False
    with pytest.raises(services.RulesRefused) as refused:
        services.switch_save(switch=sw)
    assert "BOND-27" in {f.code for f in refused.value.findings}
    sw.refresh_from_db()
    assert sw.lacp is True


def test_comments_typed_in_a_browser_lose_their_carriage_returns_not_their_lines():
    host = services.host_create(name="pve1")
    (nic,) = nics(host, "eno1")
    nic.comment = "uplink to core\r\nport 12"
    services.interface_save(interface=nic)
    assert Interface.objects.get(pk=nic.pk).comment == "uplink to core\nport 12"
    assert selectors.host_network(host=host).get("eno1").comments == ["uplink to core", "port 12"]


def test_a_lone_bare_comment_line_is_kept():
    from netwizard.inventory.conversion import comment_lines, comment_text

    for lines in ([], [""], ["", ""], ["a"], ["a", ""], ["", "a"]):
        assert comment_lines(comment_text(lines)) == lines


@pytest.mark.parametrize(
    "field, value",
    [
        ("ipv4_address", "10.0.0.2/24\x00"),
        ("ipv4_gateway", "10.0.0.1\n"),
        ("ipv6_address", "2001:db8::2/64\r"),
        ("ipv6_gateway", "fe80::1\\"),
        ("bridge_vids", "10\x0020"),
        ("switch_port", "1/1\npost-up id"),
        ("extra_options", {"inet": ["mtu 9000\x00"]}),
        ("extra_options", {"inet": ["post-down id\npost-up id"]}),
    ],
)
def test_option_values_with_line_breaks_or_nul_are_refused_as_field_errors(field, value):
    """As the admin saves them. PostgreSQL would fail on NUL with a DataError (a server
    error), and a line break would add a line to the file root runs."""
    host = factories.host_with_network("pve1")
    row = Interface.objects.get(host=host, name="vmbr0")
    setattr(row, field, value)
    with pytest.raises(ValidationError) as refused:
        services.interface_save(interface=row)
    assert field in refused.value.message_dict
    assert getattr(Interface.objects.get(pk=row.pk), field) != value


def test_a_kept_global_line_with_a_line_break_is_refused():
    host = factories.host_with_network("pve1")
    host.global_lines = [[0, "source /etc/network/interfaces.d/*\npost-up id"]]
    with pytest.raises(ValidationError) as refused:
        services.host_save(host=host, expected_version=host.version)
    assert "global_lines" in refused.value.message_dict
