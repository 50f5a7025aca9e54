"""The rules engine as a whole: builders the family tests share, a correct host that stays
silent, the order of findings, and the context built from inventory facts or flags."""

from __future__ import annotations

import copy
import ipaddress
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netwizard.network.interfaces_file import parse, render
from netwizard.network.model import BondSettings, BridgeSettings, Family, HostNetwork, Interface, Kind, VlanSettings
from netwizard.network.query.context import INDEPENDENT, SINGLE, STACK
from netwizard.network.rules import PROXMOX_IFUPDOWN2, Context, Finding, SwitchFacts, check, has_errors
from tests.examples import examples
from tests.network.strategies import host_networks, messy

# Builders --------------------------------------------------------------------------


def _family(address: str = "", gateway: str = "", method: str | None = None, options=()) -> Family:
    return Family(method or ("static" if address else "manual"), address, gateway, list(options))


def nic(name: str, *, address="", gateway="", method=None, mtu=None, options=(), **facts) -> Interface:
    return Interface(name, Kind.NIC, autostart=True, inet=_family(address, gateway, method, options), mtu=mtu, **facts)


def bond(
    name: str,
    slaves,
    mode="active-backup",
    *,
    miimon: int | None = 100,
    hash_policy="",
    lacp_rate="",
    primary="",
    address="",
    gateway="",
    mtu=None,
    options=(),
) -> Interface:
    return Interface(
        name,
        Kind.BOND,
        autostart=True,
        inet=_family(address, gateway, None, options),
        mtu=mtu,
        bond=BondSettings(list(slaves), mode, miimon, hash_policy, lacp_rate, primary),
    )


def bridge(
    name: str, ports, *, address="", gateway="", stp="off", fd=0, vlan_aware=None, vids="", mtu=None, options=()
):
    return Interface(
        name,
        Kind.BRIDGE,
        autostart=True,
        inet=_family(address, gateway, None, options),
        mtu=mtu,
        bridge=BridgeSettings(list(ports), stp, fd, vlan_aware, vids),
    )


def vlan(name: str, raw: str, vid: int, *, address="", gateway="", protocol="", mtu=None, options=()) -> Interface:
    return Interface(
        name,
        Kind.VLAN,
        autostart=True,
        inet=_family(address, gateway, None, options),
        mtu=mtu,
        vlan=VlanSettings(raw, vid, protocol),
    )


def other(name: str, *, address="", options=()) -> Interface:
    return Interface(name, Kind.OTHER, autostart=True, inet=_family(address, "", None, options))


def host(*interfaces: Interface) -> HostNetwork:
    lo = Interface("lo", Kind.LOOPBACK, autostart=True, inet=Family("loopback"))
    return HostNetwork([lo, *interfaces])


def with_code(findings: list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code]


def fires(code: str, network: HostNetwork, context: Context | None = None, severity: str | None = None):
    """The findings of `code`, asserting there is at least one (of `severity`, if given)."""
    found = with_code(check(network, context), code)
    assert found, f"{code} did not fire; got {[(f.code, f.message) for f in check(network, context)]}"
    if severity:
        assert {f.severity for f in found} == {severity}, found
    return found


def silent(code: str, network: HostNetwork, context: Context | None = None) -> None:
    found = with_code(check(network, context), code)
    assert not found, found


def good_host() -> HostNetwork:
    """A correct, realistic Proxmox node: what every family's rules must leave alone."""
    return host(
        nic("eno1", switch="sw-a", speed_mbps=1000),
        nic("eno2", switch="sw-b", speed_mbps=1000),
        nic("eno3", address="10.99.0.11/24", carries_cluster=True),
        nic("enp65s0f0", mtu=9000, switch="core-1", speed_mbps=25000),
        nic("enp65s0f1", mtu=9000, switch="core-2", speed_mbps=25000),
        bond("bond0", ["eno1", "eno2"], "active-backup", primary="eno1"),
        bond(
            "bond1",
            ["enp65s0f0", "enp65s0f1"],
            "802.3ad",
            hash_policy="layer2+3",
            mtu=9000,
            options=[("bond-lacp-rate", "fast"), ("bond-min-links", "1")],
        ),
        vlan("bond1.50", "bond1", 50, address="10.50.0.11/24", mtu=9000),
        bridge("vmbr0", ["bond0"], address="192.168.1.11/24", gateway="192.168.1.1"),
        bridge("vmbr1", ["bond1"], vlan_aware=True, vids="2-4094"),
        vlan("vmbr1.60", "vmbr1", 60, address="10.60.0.11/24"),
        vlan("vlan70", "bond1", 70, address="10.70.0.11/24"),
    )


GOOD_SWITCHES = {
    "sw-a": SwitchFacts(lacp=False),
    "sw-b": SwitchFacts(lacp=False),
    "core-1": SwitchFacts(lacp=True, stack="core"),
    "core-2": SwitchFacts(lacp=True, stack="core"),
}


def good_context(network: HostNetwork | None = None) -> Context:
    network = network or good_host()
    # vmbr0 carries corosync link0 over the active-backup bond, eno3 is link1.
    network.get("vmbr0").carries_cluster = True
    return Context.build(network, switches=GOOD_SWITCHES)


# The whole engine --------------------------------------------------------------------


def test_a_correct_host_gets_no_finding_at_all():
    network = good_host()
    assert check(network, good_context(network)) == []


def test_the_correct_host_has_an_ipv6_family_too_and_stays_clean():
    network = good_host()
    network.get("vmbr0").inet6 = Family("static", "2001:db8::11/64", "2001:db8::1")
    assert check(network, good_context(network)) == []


def test_findings_come_errors_first_then_in_file_order_and_are_deterministic():
    network = host(
        bond("bond0", ["eno9"], "active-backup"),  # BOND-03 error + BOND-04 warning
        bridge("vmbr0", ["eno8"], mtu=9000),  # BR-01 error, BR-13 info
        bond("bond1", ["eno1", "eno2"], "balance-rr"),  # BOND-30 warning, BOND-03 errors
    )
    findings = check(network)
    severities = [f.severity for f in findings]
    assert severities == sorted(severities, key=["error", "warning", "info"].index)
    errors = [f.interface for f in findings if f.severity == "error"]
    assert errors == sorted(errors, key=["bond0", "vmbr0", "bond1"].index)
    assert check(network) == findings  # same input, same list


def test_every_finding_says_what_is_wrong_and_what_to_change():
    findings = check(
        host(
            bond("bond0", ["eno1"], "802.3ad", miimon=None, primary="eno9"),
            vlan("eno1.4095", "eno1", 4095),
            bridge("vmbr0", ["eno7"], address="10.0.0.1", gateway="192.168.0.1"),
        )
    )
    assert len(findings) >= 6
    for f in findings:
        assert f.severity in ("error", "warning", "info")
        assert f.message.endswith(".") and f.hint
        assert "\n" not in f.message + f.hint
    assert has_errors(findings)


def test_as_dict_has_exactly_the_json_keys():
    f = Finding("BOND-26", "error", "bond0", "m.", "h")
    assert f.as_dict() == {"code": "BOND-26", "severity": "error", "interface": "bond0", "message": "m.", "hint": "h"}


# The context -----------------------------------------------------------------------


def test_context_from_inventory_facts():
    network = host(
        nic("eno1", switch="sw-a", speed_mbps=10000),
        nic("eno2", switch="sw-b", speed_mbps=10000, carries_cluster=True),
    )
    ctx = Context.build(network, switches={"sw-a": (True, "pair"), "sw-b": (True, "pair")})
    eno1, eno2 = network.get("eno1"), network.get("eno2")
    assert ctx.cluster_interfaces == {"eno2"}
    assert ctx.lacp(eno1) is True
    assert ctx.speed(eno1) == 10000
    assert ctx.topology("bond0", [eno1, eno2]) == STACK


@pytest.mark.parametrize(
    ("switches", "expected"),
    [
        ({"sw-a": (True, "")}, SINGLE),  # both members on sw-a (see below)
        ({"sw-a": (True, "x"), "sw-b": (True, "x")}, STACK),
        ({"sw-a": (True, "x"), "sw-b": (True, "y")}, INDEPENDENT),
        ({"sw-a": (True, ""), "sw-b": (True, "")}, INDEPENDENT),
    ],
)
def test_topology_follows_switch_names_and_stack_groups(switches, expected):
    second = "sw-a" if len(switches) == 1 else "sw-b"
    members = [nic("eno1", switch="sw-a"), nic("eno2", switch=second)]
    assert Context.build(host(*members), switches=switches).topology("bond0", members) == expected


def test_topology_is_unknown_when_a_member_has_no_switch_and_the_users_answer_wins():
    members = [nic("eno1", switch="sw-a"), nic("eno2")]
    assert Context.build(host(*members)).topology("bond0", members) is None
    ctx = Context.build(host(*members), bond_topology={"bond0": INDEPENDENT})
    assert ctx.topology("bond0", members) == INDEPENDENT


def test_context_from_command_line_flags():
    ctx = Context.build(cluster_networks=["10.10.10.0/24", "fd00::/64"], switch_lacp="no")
    assert ctx.cluster_networks == (ipaddress.ip_network("10.10.10.0/24"), ipaddress.ip_network("fd00::/64"))
    assert ctx.lacp(nic("eno1", switch="anything")) is False
    assert ctx.carries_cluster(nic("vmbr0"), [ipaddress.ip_address("10.10.10.2")])
    assert not ctx.carries_cluster(nic("vmbr0"), [ipaddress.ip_address("10.10.11.2")])


def test_context_rejects_nonsense():
    with pytest.raises(ValueError):
        Context.build(switch_lacp="maybe")
    with pytest.raises(ValueError):
        Context.build(cluster_networks=["10.10.10.300/24"])
    with pytest.raises(ValueError):
        Context(bond_topology={"bond0": "ring"})


def test_the_inventory_context_assumes_proxmox_with_ifupdown2():
    network = host(nic("eno2", switch="sw-a"), vlan("mgmt", "eno2", 30))
    ctx = Context.for_inventory(network, switches={"sw-a": (True, "")})
    assert ctx.ifupdown == PROXMOX_IFUPDOWN2 and ctx.lacp(network.get("eno2")) is True
    assert check(network, ctx) == []


def test_open_vswitch_objects_named_like_bonds_and_bridges_are_kept_not_judged():
    network = host(
        nic("eth4"),
        nic("eth5"),
        bond("bond1", [], "", miimon=None, options=[("ovs_type", "OVSBond"), ("ovs_bonds", "eth4 eth5")]),
        bridge("vmbr6", [], options=[("ovs_type", "OVSBridge"), ("ovs_ports", "bond1")]),
    )
    assert {(f.code, f.interface) for f in check(network)} == {("FMT-08", "bond1"), ("FMT-08", "vmbr6")}


# Properties over generated networks ------------------------------------------------


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(host_networks())
def test_a_network_and_its_written_file_get_the_same_findings(network):
    """The lint of a file and the check of the stored host agree."""
    assert Counter(check(network)) == Counter(check(parse(render(network))))


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(messy(), st.randoms(use_true_random=False))
def test_findings_do_not_depend_on_the_order_of_the_interfaces(network, rnd):
    """The inventory and the file may list interfaces differently; the verdict is the same."""
    shuffled = copy.deepcopy(network)
    rnd.shuffle(shuffled.interfaces)
    assert Counter(check(shuffled)) == Counter(check(network))


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(messy())
def test_check_never_fails_and_always_gives_the_same_well_formed_list(network):
    findings = check(network)
    assert check(network) == findings
    # a finding is about the host (""), an interface, or a member a bond or bridge names
    known = {""} | {i.name for i in network.interfaces} | {m for i in network.interfaces for m in _members(i)}
    for f in findings:
        assert f.severity in ("error", "warning", "info") and re.fullmatch(r"[A-Z]+-\d\d", f.code)
        assert f.message and f.hint and "\n" not in f.message + f.hint
        assert f.interface in known


def _members(iface: Interface) -> list[str]:
    return (iface.bond.slaves if iface.bond else []) + (iface.bridge.ports if iface.bridge else [])


def test_every_code_the_rules_emit_has_a_test_that_makes_it_fire():
    rules = Path(__file__).resolve().parents[2] / "netwizard" / "network" / "rules"
    emitted = set()
    for source in rules.glob("*.py"):
        emitted |= set(re.findall(r'"([A-Z]+-\d\d)"', source.read_text()))
    tests = "".join(p.read_text() for p in Path(__file__).parent.glob("test_rules*.py"))
    fired = set(re.findall(r'fires\(\s*"([A-Z]+-\d\d)"', tests)) | set(re.findall(r'\("([A-Z]+-\d\d)", "', tests))
    assert emitted - fired == set()
