"""CLUSTER-02 onwards: the rules that compare the nodes of a cluster.

Every rule fires on a cluster built to break it and stays silent on the consistent
cluster; findings name the host and the interface; CLUSTER-01 is not reported twice.
"""

from __future__ import annotations

from netwizard.network.model import Family, HostNetwork
from netwizard.network.query.index import Net
from netwizard.network.query.mtu import effective_mtu
from netwizard.network.query.vids import vids_text
from netwizard.network.rules import (
    Context,
    Finding,
    SwitchFacts,
    check,
    check_cluster,
    check_nodes,
)
from netwizard.network.rules.across_hosts import natural_key
from tests.network.test_rules import bond, bridge, host, nic, other, vlan

SWITCHES = {
    "sw-a": SwitchFacts(lacp=False),
    "sw-b": SwitchFacts(lacp=False),
    "core-1": SwitchFacts(lacp=True, stack="core"),
    "core-2": SwitchFacts(lacp=True, stack="core"),
}


def node(n: int, *, vmbr1: bool = True, aware: bool = True, vids: str = "2-4094", storage_mtu: int = 9000):
    """A correct Proxmox node: management on vmbr0 over an active-backup bond, guests on the
    VLAN-aware vmbr1 over an LACP bond, storage on bond1.50, corosync on eno3 and eno4."""
    interfaces = [
        nic("eno1", switch="sw-a", speed_mbps=1000),
        nic("eno2", switch="sw-b", speed_mbps=1000),
        nic("eno3", address=f"10.99.0.{10 + n}/24", carries_cluster=True),
        nic("eno4", address=f"10.98.0.{10 + n}/24", carries_cluster=True),
        nic("enp65s0f0", mtu=storage_mtu, switch="core-1", speed_mbps=25000),
        nic("enp65s0f1", mtu=storage_mtu, switch="core-2", speed_mbps=25000),
        bond("bond0", ["eno1", "eno2"], "active-backup", primary="eno1"),
        bond("bond1", ["enp65s0f0", "enp65s0f1"], "802.3ad", hash_policy="layer2+3", mtu=storage_mtu),
        vlan("bond1.50", "bond1", 50, address=f"10.50.0.{10 + n}/24", mtu=storage_mtu),
        bridge("vmbr0", ["bond0"], address=f"192.168.1.{10 + n}/24", gateway="192.168.1.1"),
    ]
    if vmbr1:
        interfaces.append(bridge("vmbr1", ["bond1"], vlan_aware=True if aware else None, vids=vids if aware else ""))
    return host(*interfaces)


def context(network: HostNetwork, **kwargs) -> Context:
    return Context.build(network, switches=SWITCHES, **kwargs)


def cluster(*networks: HostNetwork, **kwargs) -> dict[str, tuple[HostNetwork, Context]]:
    return {f"pve{i}": (network, context(network, **kwargs)) for i, network in enumerate(networks, 1)}


def codes(findings: list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code]


def fires(code: str, nodes, severity: str | None = None) -> list[Finding]:
    """The cross-host findings of `code`, asserting there is at least one (of `severity`, if given)."""
    found = codes(check_cluster(nodes), code)
    assert found, f"{code} did not fire; got {[(f.code, f.host, f.message) for f in check_cluster(nodes)]}"
    if severity:
        assert {f.severity for f in found} == {severity}, found
    return found


def silent(code: str, nodes) -> None:
    assert codes(check_cluster(nodes), code) == []


def where(findings: list[Finding]) -> list[tuple[str, str, str]]:
    return [(f.severity, f.host, f.interface) for f in findings]


# The consistent cluster ---------------------------------------------------------------


def test_every_node_is_clean_on_its_own():
    network = node(1)
    assert check(network, context(network)) == []


def test_a_consistent_cluster_has_no_finding_at_all():
    assert check_nodes(cluster(node(1), node(2), node(3))) == []
    assert check_cluster(cluster(node(1), node(2), node(3))) == []


def test_a_single_node_has_nothing_to_compare():
    assert check_cluster(cluster(node(1))) == []


# CLUSTER-02: a guest bridge missing on a node ------------------------------------------


def test_cluster_02_names_the_missing_bridge_and_the_host():
    (f,) = fires("CLUSTER-02", cluster(node(1), node(2), node(3, vmbr1=False)))
    assert (f.severity, f.host, f.interface) == ("error", "pve3", "vmbr1")
    assert "pve1 and pve2" in f.message and "migrate" in f.message
    assert "Create vmbr1 on pve3" in f.hint and "VLAN aware, bridge-vids 2-4094" in f.hint


def test_cluster_02_reports_each_node_that_lacks_the_bridge():
    findings = check_cluster(cluster(node(1), node(2, vmbr1=False), node(3, vmbr1=False)))
    assert where(codes(findings, "CLUSTER-02")) == [("error", "pve2", "vmbr1"), ("error", "pve3", "vmbr1")]


def test_cluster_02_counts_an_open_vswitch_bridge_of_that_name_as_present():
    third = node(3, vmbr1=False)
    third.interfaces.append(other("vmbr1", options=[("ovs_type", "OVSBridge"), ("ovs_ports", "bond1")]))
    silent("CLUSTER-02", cluster(node(1), node(2), third))


def test_findings_do_not_depend_on_the_order_the_nodes_are_given_in():
    nodes = cluster(node(1), node(2, vids="2-100"), node(3, vmbr1=False))
    backwards = dict(reversed(list(nodes.items())))
    assert check_nodes(backwards) == check_nodes(nodes)


def test_hosts_are_ordered_naturally():
    assert sorted(["pve10", "pve2", "pve1"], key=natural_key) == ["pve1", "pve2", "pve10"]


# CLUSTER-03: VLAN awareness -------------------------------------------------------------


def test_cluster_03_reports_the_node_that_differs_from_the_others():
    (f,) = fires("CLUSTER-03", cluster(node(1), node(2), node(3, aware=False)))
    assert (f.severity, f.host, f.interface) == ("warning", "pve3", "vmbr1")
    assert "not VLAN aware on pve3" in f.message and "bridge-vlan-aware yes" in f.hint


def test_cluster_03_with_no_majority_reports_every_node():
    findings = fires("CLUSTER-03", cluster(node(1), node(2, aware=False)))
    assert where(findings) == [("warning", "pve1", "vmbr1"), ("warning", "pve2", "vmbr1")]
    assert all("every node" in f.hint for f in findings)


# CLUSTER-04: VLANs a VLAN-aware bridge allows ---------------------------------------------


def test_cluster_04_names_the_vlans_the_node_lacks():
    (f,) = fires("CLUSTER-04", cluster(node(1), node(2, vids="2-100 200"), node(3)))
    assert (f.severity, f.host, f.interface) == ("warning", "pve2", "vmbr1")
    assert "101-199 201-4094" in f.message and "pve1 and pve3" in f.message


def test_cluster_04_takes_a_missing_vids_line_as_proxmox_default():
    silent("CLUSTER-04", cluster(node(1), node(2, vids="")))


def test_cluster_04_is_silent_when_the_same_vlans_are_written_differently():
    silent("CLUSTER-04", cluster(node(1, vids="10 11 12 20"), node(2, vids="10-12,20")))


def test_vids_text_merges_ranges():
    assert vids_text([1, 2, 3, 7, 9, 10]) == "1-3 7 9-10"


# CLUSTER-05: one address on two hosts -----------------------------------------------------


def test_cluster_05_reports_the_duplicate_address_on_both_hosts():
    second = node(2)
    second.get("vmbr0").inet.address = "192.168.1.11/24"  # pve1's address
    findings = fires("CLUSTER-05", cluster(node(1), second, node(3)))
    assert where(findings) == [("error", "pve1", "vmbr0"), ("error", "pve2", "vmbr0")]
    assert "192.168.1.11" in findings[0].message and "pve2 (vmbr0)" in findings[0].message


def test_cluster_05_ignores_link_local_addresses():
    first, second = node(1), node(2)
    for network in (first, second):
        network.get("vmbr0").inet6 = Family("static", "fe80::1/64")
    silent("CLUSTER-05", cluster(first, second))


# CLUSTER-06: one subnet per corosync link --------------------------------------------------


def test_cluster_06_reports_a_prefix_that_differs_from_the_other_nodes():
    third = node(3)
    third.get("eno3").inet.address = "10.99.0.13/25"
    (f,) = fires("CLUSTER-06", cluster(node(1), node(2), third))
    assert (f.severity, f.host, f.interface) == ("error", "pve3", "eno3")
    assert "10.99.0.0/25" in f.message and "10.99.0.0/24" in f.message


def test_cluster_06_reports_a_node_whose_only_cluster_address_shares_no_subnet():
    networks = [node(n) for n in (1, 2, 3)]
    for network in networks:
        network.get("eno4").carries_cluster = False  # one corosync link in this cluster
    networks[2].get("eno3").inet.address = "10.97.0.13/24"
    (f,) = fires("CLUSTER-06", cluster(*networks))
    assert (f.host, f.interface) == ("pve3", "eno3") and "cannot reach" in f.message
    assert "10.99.0.0/24" in f.hint


def test_cluster_06_with_a_declared_cluster_network_compares_inside_it():
    networks = [node(n) for n in (1, 2, 3)]
    for n, network in enumerate(networks, 1):
        network.get("eno3").carries_cluster = network.get("eno4").carries_cluster = False
        network.get("eno3").inet.address = f"10.99.{n}.1/24"  # three /24s inside one declared /16
    nodes = cluster(*networks, cluster_networks=["10.99.0.0/16", "10.98.0.0/24"])
    findings = fires("CLUSTER-06", nodes, severity="error")
    assert [f.host for f in findings] == ["pve1", "pve2", "pve3"]  # no majority: each one is named


# CLUSTER-07: a link that not every node has -------------------------------------------------


def test_cluster_07_when_a_node_lacks_the_second_link():
    third = node(3)
    third.get("eno4").carries_cluster = False
    nodes = cluster(node(1), node(2), third)
    (f,) = fires("CLUSTER-07", nodes, severity="warning")
    assert (f.severity, f.host) == ("warning", "pve3")
    assert "10.98.0.0/24" in f.message and "pve1 and pve2" in f.message


def test_cluster_07_replaces_cluster_01_for_that_node():
    third = node(3)
    third.get("eno4").carries_cluster = False
    nodes = cluster(node(1), node(2), third)
    assert codes(check(third, nodes["pve3"][1]), "CLUSTER-01")  # on its own, pve3 gets CLUSTER-01 ...
    combined = check_nodes(nodes)
    assert codes(combined, "CLUSTER-01") == []  # ... in the cluster only the more precise CLUSTER-07
    assert [f.host for f in codes(combined, "CLUSTER-07")] == ["pve3"]


def test_cluster_07_when_only_one_node_has_an_address_in_a_network():
    networks = [node(n) for n in (1, 2, 3)]
    for network in networks[1:]:
        network.get("eno4").carries_cluster = False
    (f,) = fires("CLUSTER-07", cluster(*networks))
    assert (f.host, f.interface) == ("pve1", "eno4") and "Only pve1" in f.message


def test_cluster_07_with_a_declared_network_a_node_has_no_address_in():
    networks = [node(n) for n in (1, 2, 3)]
    for network in networks:
        network.get("eno3").carries_cluster = network.get("eno4").carries_cluster = False
    networks[2].get("eno4").inet.address = "10.96.0.13/24"
    nodes = cluster(*networks, cluster_networks=["10.99.0.0/24", "10.98.0.0/24"])
    (f,) = fires("CLUSTER-07", nodes, severity="warning")
    assert (f.host, f.interface) == ("pve3", "") and "10.98.0.0/24" in f.message


# CLUSTER-08: one corosync link for the whole cluster ----------------------------------------


def single_link_cluster():
    networks = [node(n) for n in (1, 2, 3)]
    for network in networks:
        network.get("eno4").carries_cluster = False
    return cluster(*networks)


def test_cluster_08_once_per_node_instead_of_cluster_01():
    nodes = single_link_cluster()
    assert len(fires("CLUSTER-08", nodes, severity="info")) == 3
    for network, ctx in nodes.values():
        assert codes(check(network, ctx), "CLUSTER-01")
    combined = check_nodes(nodes)
    assert where(codes(combined, "CLUSTER-08")) == [
        ("info", "pve1", "eno3"),
        ("info", "pve2", "eno3"),
        ("info", "pve3", "eno3"),
    ]
    assert codes(combined, "CLUSTER-01") == []
    assert "10.99.0.0/24" in codes(combined, "CLUSTER-08")[0].message


def test_cluster_01_stays_when_one_interface_carries_both_links():
    # vmbr0 carries IPv4 and IPv6 corosync links: two links for the cluster, one path per node.
    networks = [node(n) for n in (1, 2)]
    for n, network in enumerate(networks, 1):
        network.get("eno3").carries_cluster = network.get("eno4").carries_cluster = False
        vmbr0 = network.get("vmbr0")
        vmbr0.carries_cluster = True
        vmbr0.inet6 = Family("static", f"2001:db8::{n}/64")
    combined = check_nodes(cluster(*networks))
    assert codes(combined, "CLUSTER-08") == []
    assert [f.host for f in codes(combined, "CLUSTER-01")] == ["pve1", "pve2"]


# CLUSTER-09: MTU per network ------------------------------------------------------------------


def test_cluster_09_reports_the_node_with_the_odd_mtu():
    (f,) = fires("CLUSTER-09", cluster(node(1), node(2), node(3, storage_mtu=1500)))
    assert (f.severity, f.host, f.interface) == ("warning", "pve3", "bond1.50")
    assert "10.50.0.0/24" in f.message and "MTU 1500" in f.message and "MTU 9000" in f.message


def test_cluster_09_follows_inherited_mtus():
    third = node(3)
    third.get("bond1.50").mtu = None  # inherits 9000 from bond1
    silent("CLUSTER-09", cluster(node(1), node(2), third))
    third.get("bond1").mtu = None  # now the bond inherits from its members, still 9000
    silent("CLUSTER-09", cluster(node(1), node(2), third))


def test_cluster_09_with_no_majority_reports_both_nodes():
    findings = fires("CLUSTER-09", cluster(node(1), node(2, storage_mtu=1500)))
    assert [f.host for f in findings] == ["pve1", "pve2"]


def test_effective_mtu_follows_the_stack():
    network = host(
        nic("eno1", mtu=9000),
        nic("eno2", mtu=9000),
        nic("eno3"),
        bond("bond0", ["eno1", "eno2"]),
        bridge("vmbr0", ["bond0", "eno3"]),
        vlan("vmbr0.5", "vmbr0", 5),
        bridge("vmbr1", ["bond0.7"]),
        other("ovs0", options=[("ovs_type", "OVSBridge")]),
    )
    net = Net(network)
    mtu = {name: effective_mtu(net, network.get(name)) for name in ("bond0", "vmbr0", "vmbr0.5", "vmbr1", "eno3")}
    assert mtu == {"bond0": 9000, "vmbr0": 1500, "vmbr0.5": 1500, "vmbr1": 9000, "eno3": 1500}
    assert effective_mtu(net, network.get("ovs0")) is None  # not modelled: no guess


# Findings carry the host ---------------------------------------------------------------------


def test_every_finding_of_a_cluster_names_its_host_and_says_what_to_change():
    broken = node(3, vmbr1=False, storage_mtu=1500)
    broken.get("bond0").bond.mode = "balance-rr"  # a node-level warning (BOND-30) as well
    findings = check_nodes(cluster(node(1), node(2, aware=False), broken))
    assert {f.code for f in findings} >= {"CLUSTER-02", "CLUSTER-03", "CLUSTER-09", "BOND-30"}
    for f in findings:
        assert f.host in ("pve1", "pve2", "pve3")
        assert f.message.endswith(".") and f.hint and "\n" not in f.message + f.hint
        assert f.as_dict()["host"] == f.host
    severities = [f.severity for f in findings]
    assert severities == sorted(severities, key=["error", "warning", "info"].index)


def test_a_finding_without_host_keeps_the_five_json_keys():
    f = Finding("CLUSTER-02", "error", "vmbr1", "m.", "h")
    assert list(f.as_dict()) == ["code", "severity", "interface", "message", "hint"]
    assert list(Finding("CLUSTER-02", "error", "vmbr1", "m.", "h", host="pve3").as_dict()) == [
        "code",
        "severity",
        "host",
        "interface",
        "message",
        "hint",
    ]
