"""IP-*, MTU-* and CLUSTER-01: addresses, gateways, MTUs and corosync links."""

from __future__ import annotations

import pytest

from netwizard.network.model import Family
from netwizard.network.rules import Context
from tests.network.test_rules import bond, bridge, fires, host, nic, silent, vlan


def addr(address="10.10.10.2/24", gateway="", **kw):
    return host(nic("eno1"), bridge("vmbr0", ["eno1"], address=address, gateway=gateway, **kw))


# IP-01 / 02 / 03 --------------------------------------------------------------------


@pytest.mark.parametrize("address", ["10.10.10.2", "192.168.1.2/33", "10.0.0.300/24", "2001:db8::1/129", "0.0.0.0"])
def test_ip_01_address_without_a_valid_prefix(address):
    fires("IP-01", addr(address), severity="error")


def test_ip_01_unspecified_address_is_reported_once_not_as_a_port_address_too():
    network = host(nic("eno1", address="0.0.0.0"), bridge("vmbr0", ["eno1"]))
    (f,) = fires("IP-01", network, severity="error")
    assert "inet manual" in f.hint
    silent("BR-03", network)


def test_ip_01_silent_on_cidr_addresses():
    silent("IP-01", addr("10.10.10.2/24"))
    silent("IP-01", addr("192.0.2.1/32"))


@pytest.mark.parametrize("address", ["10.10.10.0/24", "10.10.10.255/24"])
def test_ip_02_network_or_broadcast_address(address):
    fires("IP-02", addr(address), severity="error")


def test_ip_02_silent_on_host_addresses_and_point_to_point():
    silent("IP-02", addr("10.10.10.1/24"))
    silent("IP-02", addr("10.0.0.0/31"))


@pytest.mark.parametrize(
    "gateway",
    ["192.168.99.1", "10.10.10.1/24", "10.10.10.2", "2001:db8::1", "gw.example"],
)
def test_ip_03_gateway_outside_with_prefix_own_or_wrong_family(gateway):
    fires("IP-03", addr(gateway=gateway), severity="error")


def test_ip_03_silent_on_a_gateway_in_the_subnet_and_link_local_ipv6():
    silent("IP-03", addr(gateway="10.10.10.1"))
    network = addr(gateway="10.10.10.1")
    network.get("vmbr0").inet6 = Family("static", "2001:db8::2/64", "fe80::1")
    silent("IP-03", network)


def test_ip_04_two_default_gateways_of_one_family():
    network = host(
        nic("eth1", address="192.168.0.2/24", gateway="192.168.0.1"),
        nic("eth0"),
        bridge("vmbr0", ["eth0"], address="10.0.0.2/24", gateway="10.0.0.1"),
    )
    (f,) = fires("IP-04", network, severity="error")
    assert f.interface == "vmbr0" and "eth1" in f.message


def test_ip_04_silent_with_one_gateway_per_family():
    network = host(
        nic("eth1", address="192.168.0.2/24"),
        nic("eth0"),
        bridge("vmbr0", ["eth0"], address="10.0.0.2/24", gateway="10.0.0.1"),
    )
    network.get("eth1").inet6 = Family("static", "fc05::2/112", "fc05::1")
    silent("IP-04", network)


def test_ip_05_duplicate_address_is_an_error_and_shared_subnet_a_warning():
    network = host(
        nic("eno1"),
        nic("eno2"),
        bridge("vmbr0", ["eno1"], address="10.10.10.2/24"),
        bridge("vmbr1", ["eno2"], address="10.10.10.2/24"),
    )
    fires("IP-05", network, severity="error")
    network.get("vmbr1").inet.address = "10.10.10.3/24"
    fires("IP-05", network, severity="warning")
    network.get("vmbr1").inet.address = "10.10.11.3/24"
    silent("IP-05", network)


def test_ip_06_address_in_the_wrong_family_stanza():
    network = addr()
    network.get("vmbr0").inet6 = Family("static", "10.10.20.2/24")
    fires("IP-06", network, severity="error")
    network.get("vmbr0").inet6 = Family("static", "fd00::2/64")
    silent("IP-06", network)


def test_ip_06_typeless_stanzas_hold_both_families():
    network = addr("1.2.3.4/24", "1.2.3.1")
    vmbr = network.get("vmbr0")
    vmbr.typeless = True
    vmbr.inet6 = Family("static", "fccc::a:1/64", "fccc::1")
    silent("IP-06", network)
    silent("IP-03", network)


# MTU-01 / 02 ------------------------------------------------------------------------


@pytest.mark.parametrize("mtu", [500, 9217, 65520])
def test_mtu_01_outside_what_ifupdown2_accepts(mtu):
    fires("MTU-01", host(nic("eno1", mtu=mtu)), severity="error")


def test_mtu_01_silent_inside_the_range():
    silent("MTU-01", host(nic("eno1", mtu=9000), nic("eno2", mtu=1280)))


def test_mtu_02_bridge_above_its_port():
    (f,) = fires("MTU-02", host(nic("eno3"), bridge("vmbr0", ["eno3"], mtu=9000)), severity="error")
    assert "eno3" in f.hint
    silent("MTU-02", host(nic("eno3", mtu=9000), bridge("vmbr0", ["eno3"], mtu=9000)))
    # a bond port without an MTU passes, as in Proxmox
    silent("MTU-02", host(nic("eno3", mtu=9000), bond("bond0", ["eno3"]), bridge("vmbr0", ["bond0"], mtu=9000)))


# The MTU chain (issue 12, item 6): each hint says what to raise first ---------------------


def test_mtu_02_hint_raises_the_port_first_and_empties_a_bonds_nics_before_the_bond():
    network = host(
        nic("eno1", mtu=1500),
        nic("eno2", mtu=1500),
        bond("bond0", ["eno1", "eno2"], mtu=1500),
        bridge("vmbr0", ["bond0"], mtu=9000),
    )
    (f,) = fires("MTU-02", network, severity="error")
    assert f.hint.startswith(
        "Raise bond0 (empty the MTU of eno1 and eno2 first: they take the bond's) to at least 9000"
    )
    assert "before vmbr0, or lower vmbr0's first" in f.hint


def test_vlan_06_hint_raises_the_parent_first():
    (f,) = fires("VLAN-06", host(nic("eno1"), vlan("eno1.10", "eno1", 10, mtu=9000)))
    assert f.hint == "Raise eno1 to at least 9000 before eno1.10, or lower eno1.10's first."


def test_bond_07_hint_empties_the_nic_before_the_bond_changes():
    network = host(nic("eno1", mtu=9000), nic("eno2"), bond("bond0", ["eno1", "eno2"], mtu=1500))
    (f,) = fires("BOND-07", network, severity="error")
    assert "empty eno1's or make it 1500" in f.hint and "empty eno1's first, then change bond0's" in f.hint


def test_bond_07_warns_that_a_nics_mtu_under_a_bond_without_one_does_not_land():
    # A bond without an MTU has 1500 and sets its NICs to it: eno1's 9000 never applies.
    network = host(nic("eno1", mtu=9000), nic("eno2"), bond("bond0", ["eno1", "eno2"]))
    (f,) = fires("BOND-07", network, severity="warning")
    assert f.interface == "eno1" and "runs at 1500" in f.message
    assert f.hint.startswith("Set MTU 9000 on bond0 as well")
    silent("BOND-07", host(nic("eno1", mtu=1500), nic("eno2"), bond("bond0", ["eno1", "eno2"])))
    silent("BOND-07", host(nic("eno1", mtu=9000), nic("eno2"), bond("bond0", ["eno1", "eno2"], mtu=9000)))


# CLUSTER-01 and the cluster context -------------------------------------------------


def test_cluster_01_single_corosync_link_gets_advice():
    network = host(nic("eno1", address="10.99.0.2/24", carries_cluster=True))
    (f,) = fires("CLUSTER-01", network, Context.build(network), severity="info")
    assert "second" in f.hint


def test_cluster_01_silent_with_two_links_or_no_cluster():
    network = host(
        nic("eno1", address="10.99.0.2/24"),
        nic("eno2", address="10.98.0.2/24"),
    )
    silent("CLUSTER-01", network, Context.build(network, cluster_networks=["10.99.0.0/24", "10.98.0.0/24"]))
    silent("CLUSTER-01", network, Context.build(network))


def test_cluster_network_flag_marks_a_vlan_with_an_address_inside_it():
    network = host(
        nic("eno1"),
        nic("eno2"),
        bond("bond0", ["eno1", "eno2"], "balance-alb"),
        vlan("bond0.20", "bond0", 20, address="10.20.0.5/24"),
    )
    fires("BOND-26", network, Context.build(network, cluster_networks=["10.20.0.0/24"]), severity="error")
