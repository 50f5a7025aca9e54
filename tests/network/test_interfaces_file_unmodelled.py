"""Stanzas netwizard keeps without a model (Open vSwitch, vxlan, dummy…), written as Proxmox writes them.

The expected texts are what Proxmox VE's own writer (pve-common 9.2.1) made of the same
inputs when measured locally (issue 15, items 2-6 and 17), header aside; `ovs_options`
words in netwizard's stable order.
"""

from __future__ import annotations

import pytest

from netwizard.network.file_changes import file_changes
from netwizard.network.interfaces_file import UnsafeValueError, parse, render
from netwizard.network.interfaces_file.unmodelled import port_options, same_option_value

OVS_AS_WRITTEN = """\
auto lo
iface lo inet loopback

allow-vmbr0 bond0
iface bond0 inet manual
\tovs_bridge vmbr0
\tovs_type OVSBond
\tovs_bonds eno1 eno2
\tovs_options bond_mode=balance-tcp other_config:lacp-time=fast
\tovs_mtu 9000
\tpre-up ip link set eno1 mtu 9000

iface eno1 inet manual

iface eno2 inet manual

iface eno3 inet manual
\tmtu 9000

allow-ovs vmbr0
iface vmbr0 inet manual
\tovs_type OVSBridge
\tovs_ports bond0 vlan50 eno3
\tovs_mtu 9000

allow-vmbr0 vlan50
iface vlan50 inet static
\taddress 10.50.0.2/24
\tovs_type OVSIntPort
\tovs_bridge vmbr0
\tovs_options tag=50
\tovs_mtu 1500
"""

OVS_AS_PROXMOX_WRITES = """\
auto lo
iface lo inet loopback

auto eno1
iface eno1 inet manual

auto eno2
iface eno2 inet manual

auto eno3
iface eno3 inet manual
\tovs_type OVSPort
\tovs_bridge vmbr0
\tovs_mtu 9000

auto vlan50
iface vlan50 inet static
\taddress 10.50.0.2/24
\tovs_type OVSIntPort
\tovs_bridge vmbr0
\tovs_mtu 1500
\tovs_options tag=50

auto bond0
iface bond0 inet manual
\tovs_bonds eno1 eno2
\tovs_type OVSBond
\tovs_bridge vmbr0
\tovs_mtu 9000
\tovs_options bond_mode=balance-tcp other_config:lacp-time=fast lacp=active
\tpre-up ip link set eno1 mtu 9000

auto vmbr0
iface vmbr0 inet manual
\tovs_type OVSBridge
\tovs_ports bond0 vlan50 eno3
\tovs_mtu 9000

"""


def body(text: str) -> str:
    return text.split("\n\n", 1)[1]


def test_open_vswitch_is_written_as_proxmox_writes_it():
    # Bond members and ports start with `auto`, allow- lines go, the type block comes
    # first, balance-tcp gets lacp=active, and a NIC the bridge lists becomes its OVSPort.
    written = render(parse(OVS_AS_WRITTEN))
    assert body(written) == OVS_AS_PROXMOX_WRITES
    assert render(parse(written)) == written


def test_an_allow_line_keeps_the_names_its_bridge_does_not_list():
    text = OVS_AS_WRITTEN.replace("allow-vmbr0 bond0", "allow-vmbr0 bond0 tap9")
    assert "\nallow-vmbr0 tap9\n" in render(parse(text))


@pytest.mark.parametrize(
    "kind, written, expected",
    [
        ("OVSBond", "bond_mode=balance-slb", "bond_mode=balance-slb"),
        ("OVSBond", "lacp=active bond_mode=balance-slb", "lacp=active bond_mode=balance-slb"),
        ("OVSBond", "bond_mode=active-backup lacp=active", "bond_mode=active-backup"),  # Proxmox drops lacp here
        (
            "OVSBond",
            "other_config:bond-miimon-interval=100",
            "other_config:bond-miimon-interval=100 bond_mode=active-backup",
        ),
        ("OVSBond", "bond_mode=balance-tcp", "bond_mode=balance-tcp lacp=active"),
        ("OVSIntPort", "tag=10 vlan_mode=access tag=20 stray", "tag=20 vlan_mode=access"),  # last value, words only
        ("OVSIntPort", "stray", ""),
    ],
)
def test_ovs_options_of_ports_and_bonds(kind, written, expected):
    assert port_options(kind, written) == expected


def test_an_ovs_bond_mode_proxmox_refuses_is_refused():
    text = OVS_AS_WRITTEN.replace("bond_mode=balance-tcp", "bond_mode=balance-xor")
    with pytest.raises(UnsafeValueError, match="balance-xor"):
        render(parse(text))


def test_ovs_options_in_another_word_order_are_no_change():
    assert same_option_value("ovs_options", "a=1 b=2", "b=2 a=1")
    assert not same_option_value("ovs_options", "a=1 b=2", "a=1 b=3")
    assert not same_option_value("post-up", "a b", "b a")
    written = render(parse(OVS_AS_WRITTEN))
    reordered = written.replace("other_config:lacp-time=fast lacp=active", "lacp=active other_config:lacp-time=fast")
    assert reordered != written
    changes = file_changes(reordered, written)
    assert changes.changes == []


VXLAN_AND_OTHERS = """\
auto lo
iface lo inet loopback

iface eno1 inet manual

auto vxlan5
iface vxlan5 inet manual
\tpost-up echo hi
\tmtu 1450
\tvxlan-remoteip 192.0.2.8
\tvxlan-id 5
\tvxlan-remoteip 192.0.2.9

auto dummy0
iface dummy0 inet static
\taddress 198.51.100.1/32
\thwaddress 02:00:00:00:00:09
\tlink-type dummy
\tmtu 9000

auto tap5
iface tap5 inet manual
\tpre-up ip tuntap add tap5 mode tap
\tmtu 1400
"""


def test_vxlan_dummy_and_unknown_stanzas_put_proxmox_s_named_settings_first():
    written = body(render(parse(VXLAN_AND_OTHERS)))
    assert "iface vxlan5 inet manual\n\tvxlan-id 5\n\tvxlan-remoteip 192.0.2.8\n\tvxlan-remoteip 192.0.2.9\n" in written
    assert "\tvxlan-remoteip 192.0.2.9\n\tmtu 1450\n\tpost-up echo hi\n" in written
    assert "\taddress 198.51.100.1/32\n\tlink-type dummy\n\tmtu 9000\n\thwaddress 02:00:00:00:00:09\n" in written
    assert "iface tap5 inet manual\n\tmtu 1400\n\tpre-up ip tuntap add tap5 mode tap\n" in written
