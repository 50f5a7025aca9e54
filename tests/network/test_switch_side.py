"""The switch-side checklist per bond: what the switch must do for each of the seven
modes, which VLANs the ports carry, the MTU, members on several switches, and snippets
that never carry an unchecked name."""

from __future__ import annotations

import pytest

from netwizard.network.bonding import SwitchNeed
from netwizard.network.model import HostNetwork
from netwizard.network.plans.switch_side import Checklist, bond_switch_checklist, host_switch_checklists
from netwizard.network.rules import Context, SwitchFacts
from tests.network.test_rules import bond, bridge, host, nic, vlan

SWITCHES = {
    "sw-a": SwitchFacts(lacp=True),
    "sw-b": SwitchFacts(lacp=True),
    "core-1": SwitchFacts(lacp=True, stack="core"),
    "core-2": SwitchFacts(lacp=True, stack="core"),
}


def network(mode: str, *, switches=("sw-a", "sw-a"), lacp_rate="", bond_mtu=None, extra=(), vlan_aware=None, vids=""):
    result = host(
        nic("eno1", switch=switches[0], switch_port="Ethernet1/1", speed_mbps=10000),
        nic("eno2", switch=switches[1], switch_port="Ethernet1/2", speed_mbps=10000),
        bond("bond0", ["eno1", "eno2"], mode, lacp_rate=lacp_rate, mtu=bond_mtu),
        bridge("vmbr0", ["bond0"], address="192.168.1.11/24", gateway="192.168.1.1", vlan_aware=vlan_aware, vids=vids),
        *extra,
    )
    result.hostname = "pve1"
    return result


def checklist(net: HostNetwork, bond_name: str = "bond0") -> Checklist:
    return bond_switch_checklist(net, bond_name, Context.build(net, switches=SWITCHES))


def snippet(c: Checklist, family: str) -> str:
    (s,) = [s for s in c.snippets if s.family == family]
    return s.text


def channel_lines(c: Checklist) -> list[str]:
    return [
        line.strip() for s in c.snippets for line in s.text.splitlines() if "channel-group" in line or "802.3ad" in line
    ]


# One test per mode: what the switch must be set to ------------------------------------------


def test_balance_rr_needs_a_static_aggregation_without_lacp():
    c = checklist(network("balance-rr"))
    assert c.switch_mode == SwitchNeed.STATIC and c.lacp_rate == ""
    assert "static link aggregation without LACP" in c.steps[0]
    assert "channel-group 1 mode on" in snippet(c, "Cisco NX-OS")
    assert "channel-group 1 mode on" in snippet(c, "Arista EOS")
    assert "lacp" not in snippet(c, "Juniper Junos") and "ether-options 802.3ad ae0" in snippet(c, "Juniper Junos")
    assert any("out of order" in w for w in c.warnings)


def test_active_backup_needs_plain_ports_and_no_channel():
    c = checklist(network("active-backup"))
    assert c.switch_mode == SwitchNeed.NONE
    assert "no port-channel, no LAG, no LACP" in c.steps[0] and "active member" in c.steps[0]
    assert channel_lines(c) == []
    assert "interface port-channel" not in snippet(c, "Cisco NX-OS")


def test_balance_xor_needs_a_static_aggregation():
    c = checklist(network("balance-xor"))
    assert c.switch_mode == SwitchNeed.STATIC
    assert "EtherChannel 'mode on'" in c.steps[0]
    assert "channel-group 1 mode on" in snippet(c, "Cisco NX-OS")
    assert not any("mode active" in line for line in channel_lines(c))


def test_broadcast_needs_a_static_aggregation_and_warns_of_duplicates():
    c = checklist(network("broadcast"))
    assert c.switch_mode == SwitchNeed.STATIC
    assert "channel-group 1 mode on" in snippet(c, "Arista EOS")
    assert any("more than once" in w for w in c.warnings)


def test_802_3ad_needs_an_lacp_port_channel_with_the_bonds_rate():
    slow = checklist(network("802.3ad"))
    assert slow.switch_mode == SwitchNeed.LACP and slow.lacp_rate == "slow"
    assert "LACP (802.3ad) port-channel" in slow.steps[0]
    assert "slow" in slow.steps[0] and "Linux default" in slow.steps[0]
    assert "channel-group 1 mode active" in snippet(slow, "Cisco NX-OS")
    assert "lacp rate fast" not in snippet(slow, "Cisco NX-OS")
    assert "lacp active" in snippet(slow, "Juniper Junos")

    fast = checklist(network("802.3ad", lacp_rate="fast"))
    assert fast.lacp_rate == "fast" and "Linux default" not in fast.steps[0]
    assert "lacp rate fast" in snippet(fast, "Cisco NX-OS")
    assert "lacp timer fast" in snippet(fast, "Arista EOS")
    assert "lacp periodic fast" in snippet(fast, "Juniper Junos")
    assert "partner MAC address" in fast.steps[-1]


def test_the_lacp_rate_step_keeps_carrier_loss_apart_from_a_silent_partner():
    # bonding.rst lacp_rate/miimon, bond_3ad.c AD_LONG_TIMEOUT_TIME: 90 s (slow) or 3 s
    # (fast) is how long a member whose link stays up but whose partner is silent stays in.
    for rate in ("", "fast"):
        step = checklist(network("802.3ad", lacp_rate=rate)).steps[0]
        assert "dead link" not in step, step
        assert "link stays up" in step and "as soon as its link drops" in step, step
    assert "90 seconds" in checklist(network("802.3ad")).steps[0]


def test_a_static_aggregation_step_does_not_promise_what_the_switch_does_without_lacp():
    step = checklist(network("balance-xor")).steps[0]
    assert "would never come up" not in step and "never answers" in step


def test_balance_tlb_needs_nothing_from_the_switch():
    c = checklist(network("balance-tlb"))
    assert c.switch_mode == SwitchNeed.NONE
    assert "ordinary switch port" in c.steps[0]
    assert channel_lines(c) == []
    assert any("port security" in w for w in c.warnings)


def test_balance_alb_needs_nothing_from_the_switch_but_allows_several_macs():
    c = checklist(network("balance-alb"))
    assert c.switch_mode == SwitchNeed.NONE
    assert "ARP" in c.steps[0]
    assert channel_lines(c) == []
    assert any("answers ARP" in w for w in c.warnings) and any("updelay" in w for w in c.warnings)


def test_a_bond_without_mode_line_is_balance_rr():
    net = network("balance-rr")
    net.get("bond0").bond.mode = ""
    c = checklist(net)
    assert c.mode == "balance-rr" and c.switch_mode == SwitchNeed.STATIC
    assert any("no bond-mode line" in w for w in c.warnings)


# Members and switches ------------------------------------------------------------------------


def test_members_list_their_switch_port_and_speed():
    c = checklist(network("802.3ad"))
    assert [(m.nic, m.switch, m.port, m.speed_mbps) for m in c.members] == [
        ("eno1", "sw-a", "Ethernet1/1", 10000),
        ("eno2", "sw-a", "Ethernet1/2", 10000),
    ]
    assert "eno1 -> sw-a port Ethernet1/1, 10 Gbit/s" in c.as_text()
    assert c.topology == "single" and not c.needs_stack


def test_lacp_across_a_stack_needs_a_multi_chassis_channel():
    c = checklist(network("802.3ad", switches=("core-1", "core-2")))
    assert c.needs_stack and c.topology == "stack" and c.switches == ("core-1", "core-2")
    assert "stack/MLAG group core" in c.as_text()
    assert "vpc 1" in snippet(c, "Cisco NX-OS") and "mlag 1" in snippet(c, "Arista EOS")
    assert "! on core-1" in snippet(c, "Cisco NX-OS") and "! on core-2" in snippet(c, "Cisco NX-OS")


def test_lacp_across_independent_switches_is_called_out():
    c = checklist(network("802.3ad", switches=("sw-a", "sw-b")))
    assert c.needs_stack and c.topology == "independent"
    assert any("does not work" in w for w in c.warnings)
    assert "will not work" in c.as_text()
    assert "vpc" not in snippet(c, "Cisco NX-OS")


def test_active_backup_across_independent_switches_is_fine():
    c = checklist(network("active-backup", switches=("sw-a", "sw-b")))
    assert not c.needs_stack
    assert any("is fine" in w for w in c.warnings)
    assert "connected to each other" in c.as_text()


@pytest.mark.parametrize("mode", ["balance-tlb", "balance-alb"])
def test_tlb_and_alb_across_independent_switches_are_not_called_fine(mode):
    # bonding.rst 11.2.1: only active-backup and broadcast suit several independent switches.
    c = checklist(network(mode, switches=("sw-a", "sw-b")))
    text = c.as_text()
    assert "That is fine" not in text and "active-backup" in text
    assert "same switch" in text
    stacked = checklist(network(mode, switches=("core-1", "core-2"))).as_text()
    assert "stack" in stacked and "does not work reliably" not in stacked


def test_unrecorded_cabling_asks_for_it():
    net = network("802.3ad")
    for name in ("eno1", "eno2"):
        net.get(name).switch = net.get(name).switch_port = ""
    c = bond_switch_checklist(net, "bond0")
    assert c.topology is None and "does not know which switch" in c.as_text()
    assert "<port of eno1>" in snippet(c, "Cisco NX-OS")


# VLANs -----------------------------------------------------------------------------------------


def test_vlans_come_from_the_bridge_vids_and_the_vlan_interfaces_on_the_stack():
    extra = (
        vlan("bond0.50", "bond0", 50, address="10.50.0.11/24"),
        vlan("vmbr0.60", "vmbr0", 60, address="10.60.0.11/24"),
        bridge("vmbr5", ["bond0.70"]),  # implicit VLAN port on the bond
        nic("eno3"),
        vlan("eno3.80", "eno3", 80, address="10.80.0.11/24"),  # another NIC: not this bond's business
    )
    c = checklist(network("802.3ad", extra=extra, vlan_aware=True, vids="100-199 300"))
    assert c.tagged_vlans == ((50, 50), (60, 60), (70, 70), (100, 199), (300, 300))
    assert c.port_mode == "trunk"
    assert any("bridge-vids" in s and "vmbr0" in s for s in c.vlan_sources)
    assert any(s.startswith("50 for bond0.50") for s in c.vlan_sources)
    assert c.untagged[0].startswith("vmbr0's own address (192.168.1.11/24)")
    assert "switchport trunk allowed vlan 50,60,70,100-199,300" in snippet(c, "Cisco NX-OS")
    assert "switchport trunk native vlan <untagged-vlan>" in snippet(c, "Arista EOS")
    assert "vlan members [ 50 60 70 100-199 300 ]" in snippet(c, "Juniper Junos")


def test_a_vlan_aware_bridge_without_vids_carries_proxmox_default():
    c = checklist(network("802.3ad", vlan_aware=True))
    assert c.tagged_vlans == ((2, 4094),)
    assert "Proxmox's default" in c.vlan_sources[0]


def test_a_plain_bridge_makes_access_ports_and_mentions_tagged_guests():
    c = checklist(network("active-backup"))
    assert c.tagged_vlans == () and c.port_mode == "access"
    assert c.guest_tags_on_demand
    assert "guests on vmbr0 without a VLAN tag" in c.untagged
    assert "bond0.<tag>" in c.as_text()
    assert "switchport access vlan <untagged-vlan>" in snippet(c, "Cisco NX-OS")


def test_a_bond_carrying_only_vlans_has_no_native_vlan():
    net = host(
        nic("eno1", switch="sw-a"),
        nic("eno2", switch="sw-a"),
        bond("bond0", ["eno1", "eno2"], "802.3ad"),
        vlan("bond0.50", "bond0", 50, address="10.50.0.11/24"),
    )
    c = checklist(net)
    assert c.untagged == () and c.tagged_vlans == ((50, 50),)
    assert "leave the native VLAN unused" in c.as_text()
    assert "native" not in snippet(c, "Cisco NX-OS")


# MTU ---------------------------------------------------------------------------------------------


def test_mtu_is_the_largest_on_the_bond_and_what_rides_on_it_with_tag_headroom():
    extra = (vlan("bond0.50", "bond0", 50, address="10.50.0.11/24", mtu=9000),)
    c = checklist(network("802.3ad", bond_mtu=9000, extra=extra))
    assert c.mtu == 9000 and c.mtu_from == ("bond0", "bond0.50")
    assert c.frame_bytes == 9000 + 18 + 4
    assert "9216" in c.as_text()
    assert "  mtu 9216" in snippet(c, "Cisco NX-OS") and "mtu 9216" in snippet(c, "Juniper Junos")


def test_mtu_default_needs_nothing():
    c = checklist(network("active-backup"))
    assert (c.mtu, c.mtu_from, c.frame_bytes) == (1500, (), 1518)
    assert "nothing to change" in c.as_text()
    assert "mtu" not in snippet(c, "Cisco NX-OS")


def test_qinq_adds_a_second_tag():
    outer = vlan("bond0.100", "bond0", 100, protocol="802.1ad")
    c = checklist(network("802.3ad", extra=(outer,)))
    assert c.frame_bytes == 1500 + 18 + 8
    assert any("QinQ" in w for w in c.warnings)


# Output and safety ---------------------------------------------------------------------------------


def test_as_text_numbers_the_steps_and_labels_the_examples():
    text = checklist(network("802.3ad", lacp_rate="fast")).as_text()
    assert text.startswith("Switch-side checklist for bond0 on pve1 (LACP (802.3ad))\n")
    assert "\n1. Bundle the member ports" in text
    for family in ("Cisco NX-OS", "Arista EOS", "Juniper Junos"):
        assert f"--- Example for {family}: adapt before use" in text


def test_names_outside_the_grammar_never_reach_a_snippet():
    net = network("802.3ad")
    net.get("eno1").switch_port = "Ethernet1/1\nreload"
    net.get("eno2").switch_port = "1/2; write erase"
    net.hostname = "pve1 ; reload"
    c = checklist(net)
    snippets = "\n".join(s.text for s in c.snippets)
    assert "reload" not in snippets and "erase" not in snippets
    assert "<port of eno1>" in snippets and "<port of eno2>" in snippets


def test_every_linux_bond_gets_a_checklist_and_other_names_are_refused():
    extra = (nic("eno3"), nic("eno4"), bond("bond1", ["eno3", "eno4"], "active-backup"))
    net = network("802.3ad", extra=extra)
    assert [c.bond for c in host_switch_checklists(net)] == ["bond0", "bond1"]
    with pytest.raises(ValueError, match="not a Linux bond"):
        bond_switch_checklist(net, "vmbr0")
    net.get("bond1").bond.mode = "802.3adx"
    with pytest.raises(ValueError, match="not a bonding mode"):
        bond_switch_checklist(net, "bond1")
