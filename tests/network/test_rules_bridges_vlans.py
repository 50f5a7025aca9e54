"""BR-* and VLAN-*: bridges, their ports, and VLAN interfaces."""

from __future__ import annotations

import pytest

from netwizard.network.rules import IFUPDOWN1, PROXMOX_IFUPDOWN2, STOCK_IFUPDOWN2, Context
from tests.network.test_rules import bond, bridge, fires, host, nic, other, silent, vlan


def br(*ports, **kw):
    return host(nic("eno1"), nic("eno2"), bridge("vmbr0", list(ports or ["eno1"]), **kw))


# BR-01 / 02 / 03 --------------------------------------------------------------------


def test_br_01_port_missing_itself_or_a_bridge():
    fires("BR-01", br("eno7"), severity="error")
    fires("BR-01", br("vmbr0"), severity="error")
    fires("BR-01", host(nic("eno1"), bridge("vmbr0", ["eno1"]), bridge("vmbr1", ["vmbr0"])), severity="error")


def test_br_01_silent_on_nics_bonds_vlans_and_implicit_vlans():
    network = host(
        nic("eno1"),
        nic("eno2"),
        nic("eno3"),
        bond("bond0", ["eno2", "eno3"]),
        bridge("vmbr0", ["eno1"]),
        bridge("vmbr1", ["bond0"]),
        bridge("vmbr2", ["bond0.100"]),  # no stanza: ifupdown2 and Proxmox create bond0.100 themselves
        bridge("vmbr3", ["vmbr2.99"]),
        other("vxlan1", options=[("vxlan-id", "1")]),
        bridge("vmbr4", ["vxlan1"]),
        bridge("vmbr5", []),  # bridge-ports none: a host-only bridge
    )
    silent("BR-01", network)


def test_br_02_port_in_two_bridges():
    network = host(nic("eno1"), nic("eno3"), bridge("vmbr0", ["eno3"]), bridge("vmbr1", ["eno3", "eno1"]))
    (f,) = fires("BR-02", network, severity="error")
    assert f.interface == "eno3"
    silent("BR-02", host(nic("eno1"), nic("eno3"), bridge("vmbr0", ["eno3"]), bridge("vmbr1", ["eno1"])))


def test_br_02_counts_open_vswitch_ports_as_proxmox_does():
    network = host(nic("eno1"), bridge("vmbr0", ["eno1"]), other("vmbr6", options=[("ovs_ports", "eno1")]))
    fires("BR-02", network, severity="error")


def test_br_03_port_with_an_address():
    network = host(nic("eno3", address="10.1.1.1/24"), bridge("vmbr0", ["eno3"]))
    (f,) = fires("BR-03", network, severity="error")
    assert f.interface == "eno3" and "vmbr0" in f.hint
    silent("BR-03", host(nic("eno3"), bridge("vmbr0", ["eno3"], address="10.1.1.1/24")))


# BR-05 / 06 / 08 / 09 ---------------------------------------------------------------


@pytest.mark.parametrize("kw", [{"stp": "maybe"}, {"options": [("bridge-vlan-aware", "true")]}])
def test_br_05_invalid_stp_or_vlan_aware(kw):
    fires("BR-05", br(**kw), severity="error")


def test_br_05_silent_on_valid_values():
    silent("BR-05", br(stp="on", fd=15, vlan_aware=True, vids="2-4094"))


@pytest.mark.parametrize(
    "kw",
    [
        {"stp": "on", "fd": 0},
        {"stp": "yes", "fd": 31},
        {"stp": "off", "fd": 256},
        {"stp": "on", "fd": None, "options": [("bridge-hello", "11")]},
        {"stp": "on", "fd": None, "options": [("bridge-maxage", "41")]},
    ],
)
def test_br_06_stp_timers_the_kernel_refuses(kw):
    fires("BR-06", br(**kw), severity="error")


def test_br_06_silent_on_proxmox_defaults_and_stp_defaults():
    silent("BR-06", br(stp="off", fd=0))
    silent("BR-06", br(stp="on", fd=None))
    silent("BR-06", br(stp="on", fd=15, options=[("bridge-hello", "2"), ("bridge-maxage", "20")]))


@pytest.mark.parametrize("vids", ["2-5000", "100-2", "all", "0 4095"])
def test_br_08_invalid_vlan_ids(vids):
    fires("BR-08", br(vlan_aware=True, vids=vids), severity="error")


def test_br_08_also_on_a_port_and_silent_on_valid_lists():
    network = host(nic("eno1", options=[("bridge-vids", "10-5000")]), bridge("vmbr0", ["eno1"], vlan_aware=True))
    fires("BR-08", network, severity="error")
    for vids in ("2-4094", "10 20 100-200", "10,20,30-40", "1"):
        silent("BR-08", br(vlan_aware=True, vids=vids))


def test_br_09_pvid_access_ranges_and_combination():
    def port_with(*options):
        return host(nic("eno1", options=options), bridge("vmbr0", ["eno1"], vlan_aware=True, vids="2-4094"))

    fires("BR-09", port_with(("bridge-pvid", "5000")), severity="error")
    fires("BR-09", port_with(("bridge-access", "0")), severity="error")
    fires("BR-09", port_with(("bridge-access", "10"), ("bridge-vids", "20")), severity="error")
    silent("BR-09", port_with(("bridge-access", "10")))
    silent("BR-09", port_with(("bridge-pvid", "10"), ("bridge-vids", "10 20")))


# BR-11 / 12 / 13 / 14 / 15 ----------------------------------------------------------


def test_br_11_vlan_port_on_a_vlan_aware_bridge():
    network = host(nic("eno3"), vlan("eno3.10", "eno3", 10), bridge("vmbr1", ["eno3.10"], vlan_aware=True))
    fires("BR-11", network, severity="warning")
    silent("BR-11", host(nic("eno3"), vlan("eno3.10", "eno3", 10), bridge("vmbr1", ["eno3.10"])))


def test_br_12_several_vlan_aware_bridges_on_stock_ifupdown2_only():
    network = host(
        nic("eno1"),
        nic("eno2"),
        bridge("vmbr0", ["eno1"], vlan_aware=True, vids="2-4094"),
        bridge("vmbr1", ["eno2"], vlan_aware=True, vids="2-4094"),
    )
    (f,) = fires("BR-12", network, Context.build(ifupdown=STOCK_IFUPDOWN2), severity="warning")
    assert f.interface == "vmbr1"
    silent("BR-12", network, Context.build(ifupdown=PROXMOX_IFUPDOWN2))
    silent("BR-12", network)


def test_br_13_mtu_on_a_bridge():
    # Not a warning: ifupdown2 applies the line, and sets a bridge without one to 1500.
    (f,) = fires("BR-13", host(nic("eno1", mtu=9000), bridge("vmbr0", ["eno1"], mtu=9000)), severity="info")
    assert "Keep it" in f.hint and "takes its MTU from its ports" not in f.message
    silent("BR-13", host(nic("eno1", mtu=9000), bridge("vmbr0", ["eno1"])))


@pytest.mark.parametrize("option", [("bridge-maxwait", "300"), ("bridge-waitport", "eno3")])
def test_br_14_invalid_waits(option):
    fires("BR-14", br(options=[option]), severity="error")


def test_br_14_silent_on_valid_waits():
    silent("BR-14", br(options=[("bridge-maxwait", "10"), ("bridge-waitport", "5 eno1")]))


def test_br_15_port_settings_on_an_interface_that_is_no_port():
    fires("BR-15", host(nic("eno1"), nic("eno2", options=[("bridge-access", "10")])), severity="error")
    fires("BR-15", host(nic("eno2", options=[("bridge-learning", "off")])), severity="error")
    not_aware = host(nic("eno2", options=[("bridge-access", "10")]), bridge("vmbr0", ["eno2"]))
    fires("BR-15", not_aware, severity="error")
    aware = host(nic("eno2", options=[("bridge-access", "10")]), bridge("vmbr0", ["eno2"], vlan_aware=True))
    silent("BR-15", aware)
    silent("BR-15", host(nic("eno2", options=[("bridge-learning", "off")]), bridge("vmbr0", ["eno2"])))


# VLAN-01 .. 09 ------------------------------------------------------------------------


@pytest.mark.parametrize("vid", [0, 4095, 4096, 5000])
def test_vlan_01_ids_outside_1_to_4094(vid):
    fires("VLAN-01", host(nic("eno3"), vlan(f"eno3.{vid}", "eno3", vid)), severity="error")


@pytest.mark.parametrize("vid", [1, 4094])
def test_vlan_01_silent_at_the_bounds(vid):
    silent("VLAN-01", host(nic("eno3"), vlan(f"eno3.{vid}", "eno3", vid)))


@pytest.mark.parametrize(
    "iface",
    [
        other("vlan100"),  # vlanN without vlan-raw-device is no VLAN at all
        other("eno3.abc"),
        other("mgmt", options=[("vlan-raw-device", "eno3")]),  # no id
        other("mgmt", options=[("vlan-id", "30")]),  # no parent
    ],
)
def test_vlan_02_interfaces_ifupdown2_will_not_treat_as_vlans(iface):
    fires("VLAN-02", host(nic("eno3"), iface), severity="error")


def test_vlan_02_silent_on_proper_vlans():
    silent("VLAN-02", host(nic("eno3"), vlan("eno3.100", "eno3", 100), vlan("vlan20", "eno3", 20)))


def test_vlan_03_parent_missing_or_of_a_type_proxmox_refuses():
    fires("VLAN-03", host(nic("eno1"), vlan("foo0.10", "foo0", 10)), severity="error")
    fires("VLAN-03", host(other("wan0"), vlan("wan0.10", "wan0", 10)), severity="error")
    silent("VLAN-03", host(nic("eno1"), vlan("eno1.10", "eno1", 10)))


def test_vlan_04_vlan_on_a_bond_member():
    network = host(nic("eno1"), nic("eno2"), bond("bond0", ["eno1", "eno2"]), vlan("eno1.100", "eno1", 100))
    (f,) = fires("VLAN-04", network, severity="error")
    assert "bond0.100" in f.hint
    silent("VLAN-04", host(nic("eno1"), nic("eno2"), bond("bond0", ["eno1", "eno2"]), vlan("bond0.100", "bond0", 100)))


def test_vlan_05_same_vlan_twice_on_one_parent():
    network = host(nic("eno2"), vlan("eno2.30", "eno2", 30), vlan("mgmt", "eno2", 30))
    fires("VLAN-05", network, severity="error")
    silent("VLAN-05", host(nic("eno2"), nic("eno3"), vlan("eno2.30", "eno2", 30), vlan("eno3.30", "eno3", 30)))


def test_vlan_06_vlan_mtu_above_its_parent():
    fires("VLAN-06", host(nic("eno1", mtu=1500), vlan("eno1.10", "eno1", 10, mtu=9000)), severity="error")
    (f,) = fires("VLAN-06", host(nic("eno1"), vlan("eno1.10", "eno1", 10, mtu=9000)))
    assert "1500" in f.message  # an unset parent counts as 1500, as in Proxmox
    silent("VLAN-06", host(nic("eno1", mtu=9000), vlan("eno1.10", "eno1", 10, mtu=9000)))
    # a bond without an MTU takes its members' MTU, so Proxmox makes no assumption
    network = host(nic("eno1", mtu=9000), bond("bond0", ["eno1"]), vlan("bond0.10", "bond0", 10, mtu=9000))
    silent("VLAN-06", network)


def test_vlan_07_three_tags_or_an_unknown_protocol():
    network = host(
        nic("eno1"), vlan("eno1.1.2", "eno1.1", 2), vlan("eno1.1", "eno1", 1), vlan("eno1.1.2.3", "eno1.1.2", 3)
    )
    fires("VLAN-07", network, severity="error")
    fires("VLAN-07", host(nic("eno1"), vlan("eno1.10", "eno1", 10, protocol="802.1x")), severity="error")
    silent(
        "VLAN-07",
        host(nic("eno1"), vlan("eno1.100", "eno1", 100, protocol="802.1ad"), vlan("eno1.100.10", "eno1.100", 10)),
    )


def test_vlan_08_vid_outside_the_bridges_vlan_list():
    network = host(nic("eth0"), bridge("vmbr0", ["eth0"], vlan_aware=True, vids="2-4094"), vlan("zmgmt", "vmbr0", 1))
    (f,) = fires("VLAN-08", network, Context.build(ifupdown=PROXMOX_IFUPDOWN2), severity="warning")
    assert "untagged" in f.message
    silent(
        "VLAN-08",
        host(nic("eth0"), bridge("vmbr0", ["eth0"], vlan_aware=True, vids="2-4094"), vlan("vmbr0.5", "vmbr0", 5)),
    )


def test_vlan_09_custom_vlan_names_need_ifupdown2():
    network = host(nic("eno2"), vlan("mgmt", "eno2", 30, address="10.30.0.5/24"))
    (f,) = fires("VLAN-09", network, Context.build(ifupdown=IFUPDOWN1), severity="error")
    assert "eno2.30" in f.hint
    fires("VLAN-09", network, severity="info")  # the lint cannot know which ifupdown runs: advice
    silent("VLAN-09", network, Context.build(ifupdown=PROXMOX_IFUPDOWN2))
    silent(
        "VLAN-09",
        host(nic("eno2"), vlan("eno2.30", "eno2", 30), vlan("vlan40", "eno2", 40)),
        Context.build(ifupdown=IFUPDOWN1),
    )


def test_vlan_09_hint_when_the_dotted_name_would_be_too_long():
    network = host(nic("enp129s0f1np1"), vlan("storage", "enp129s0f1np1", 100))
    (f,) = fires("VLAN-09", network, Context.build(ifupdown=IFUPDOWN1), severity="error")
    assert "longer than 15" in f.hint


def test_vlan_02_an_open_vswitch_internal_port_named_vlan_n_is_not_a_kernel_vlan():
    ovs_port = [("ovs_type", "OVSIntPort"), ("ovs_bridge", "vmbr1"), ("ovs_options", "tag=50")]
    network = host(
        nic("eno1"),
        other("vmbr1", options=[("ovs_type", "OVSBridge"), ("ovs_ports", "eno1 vlan50")]),
        other("vlan50", address="10.50.0.2/24", options=ovs_port),
    )
    silent("VLAN-02", network)
    fires("VLAN-02", host(nic("eno1"), other("vlan50", address="10.50.0.2/24")), severity="error")


def ovs_host(port_mtu=None, bridge_mtu=None, ports="bond0 vlan50", bonds="eno1 eno2"):
    bond_options = [("ovs_type", "OVSBond"), ("ovs_bonds", bonds), ("ovs_bridge", "vmbr1")]
    port_options = [("ovs_type", "OVSIntPort"), ("ovs_bridge", "vmbr1")]
    if port_mtu:
        port_options.append(("ovs_mtu", str(port_mtu)))
    bridge_options = [("ovs_type", "OVSBridge"), ("ovs_ports", ports)]
    if bridge_mtu:
        bridge_options.append(("ovs_mtu", str(bridge_mtu)))
    return host(
        nic("eno1"),
        nic("eno2"),
        other("bond0", options=bond_options),
        other("vlan50", address="10.50.0.2/24", options=port_options),
        other("vmbr1", options=bridge_options),
    )


def test_ovs_bridge_ports_must_exist_and_be_ovs_ports():
    # Proxmox's writer refuses both (issue 15: lint said nothing).
    silent("BR-01", ovs_host())
    (f,) = fires("BR-01", ovs_host(ports="bond0 vlan50 vlan999"), severity="error")
    assert "vlan999" in f.message and "Open vSwitch" in f.message
    network = ovs_host()
    network.interfaces.append(bridge("vmbr0", ["eno3"]))
    network.interfaces.append(nic("eno3"))
    network.get("vmbr1").inet.options[1] = ("ovs_ports", "bond0 vlan50 vmbr0")
    fires("BR-01", network, severity="error")


def test_ovs_port_mtu_above_its_bridge():
    silent("MTU-02", ovs_host(port_mtu=9000, bridge_mtu=9000))
    (f,) = fires("MTU-02", ovs_host(port_mtu=9000), severity="error")
    assert "vlan50 has MTU 9000" in f.message and "1500" in f.message


def test_ovs_bond_members_must_be_defined_nics():
    silent("BOND-03", ovs_host())
    (f,) = fires("BOND-03", ovs_host(bonds="eno1 eno9"), severity="error")
    assert "eno9" in f.message
