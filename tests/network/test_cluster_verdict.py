"""The cluster verdict (issue 12, item 4): each clause says what the CLUSTER-* rules
compared, and is "agree" only when they had at least two nodes' values to compare and
no finding speaks against it.

The data the clauses are checked against is read here straight from the networks (which
interfaces are marked, which have addresses), not through the rules' helpers.
"""

from __future__ import annotations

import dataclasses

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netwizard.network.model import Kind
from netwizard.network.rules import Context, check_cluster, cluster_verdict
from netwizard.network.rules.across_hosts import AGREE, CLAUSE_CODES, DIFFER, NOT_CHECKED
from tests.examples import examples
from tests.network.strategies import host_networks
from tests.network.test_rules import host, nic
from tests.network.test_rules_across_hosts import cluster, node


def clauses(verdict) -> dict[str, tuple[str, str]]:
    return {c.topic: (c.status, c.text) for c in verdict.clauses}


def unmarked(network):
    """The node with its corosync NICs no longer marked as carrying the cluster network."""
    for iface in network.interfaces:
        iface.carries_cluster = False
    return network


def test_a_consistent_cluster_agrees_on_every_clause_and_says_what_it_compared():
    verdict = cluster_verdict(cluster(node(1), node(2), node(3)))
    found = clauses(verdict)
    assert {status for status, _ in found.values()} == {AGREE} and verdict.agree
    assert verdict.summary == "pve1, pve2 and pve3 agree on everything netwizard compares:"
    assert "same Linux bridges (vmbr0 and vmbr1)" in found["Bridges"][1]
    assert "vmbr1 is VLAN aware on every node" in found["Bridges"][1]
    assert found["Cluster network"][1] == (
        "every node has an address on each of the corosync links 10.99.0.0/24 and 10.98.0.0/24, "
        "with the same subnet and prefix length."
    )
    assert found["Addresses"][1] == "no IP address is configured on two nodes (12 addresses compared)."
    assert "10.50.0.0/24 MTU 9000" in found["MTUs"][1] and "192.168.1.0/24 MTU 1500" in found["MTUs"][1]


def test_a_node_without_a_cluster_network_is_not_called_consistent():
    """The case the issue saw: no rule fires (pve3 takes no part in corosync as far as the
    file says), yet the cluster network was not checked for pve3."""
    nodes = cluster(node(1), node(2), unmarked(node(3)))
    assert not [f for f in check_cluster(nodes) if f.code in CLAUSE_CODES["Cluster network"]]
    verdict = cluster_verdict(nodes)
    status, text = clauses(verdict)["Cluster network"]
    assert status == NOT_CHECKED and not verdict.agree
    assert text.startswith("pve3 has no interface marked as carrying the cluster network.")
    assert "pve1 and pve2 have an address on each of the corosync links" in text
    assert "agree on everything" not in verdict.summary


def test_no_node_with_a_cluster_network():
    verdict = cluster_verdict(cluster(unmarked(node(1)), unmarked(node(2))))
    assert clauses(verdict)["Cluster network"] == (
        NOT_CHECKED,
        "no node has an interface marked as carrying the cluster network.",
    )
    assert not verdict.agree


def test_a_marked_interface_without_an_address_is_named():
    third = node(3)
    for iface in third.interfaces:
        if iface.carries_cluster:
            iface.inet = dataclasses.replace(iface.inet, method="manual", address="")
    status, text = clauses(cluster_verdict(cluster(node(1), node(2), third)))["Cluster network"]
    assert status == NOT_CHECKED
    assert "pve3 marks eno3 and eno4 as carrying the cluster network but has no address there" in text


def test_a_single_node_cluster_has_nothing_to_compare():
    verdict = cluster_verdict(cluster(node(1)))
    assert verdict.clauses == () and not verdict.agree
    assert verdict.summary == "pve1 is the only node, so there is nothing to compare across nodes."


def test_nodes_without_bridges_have_no_bridges_to_agree_on():
    def bare(n: int):
        return host(nic("eno1", address=f"10.0.0.{n}/24"))

    verdict = cluster_verdict(cluster(bare(1), bare(2)))
    found = clauses(verdict)
    assert found["Bridges"] == (NOT_CHECKED, "no node has a Linux bridge.")
    assert found["Addresses"][0] == AGREE and found["MTUs"][0] == AGREE
    assert not verdict.agree and verdict.summary.startswith("Not everything could be compared")


def test_nodes_without_addresses_have_no_addresses_or_mtus_to_compare():
    def bare():
        return host(nic("eno1"))

    found = clauses(cluster_verdict(cluster(bare(), bare())))
    assert found["Addresses"] == (NOT_CHECKED, "no node has an IP address.")
    assert found["MTUs"] == (NOT_CHECKED, "no IP network has addresses on more than one node.")


def test_a_difference_names_the_findings_that_show_it():
    nodes = cluster(node(1), node(2), node(3, vmbr1=False))
    verdict = cluster_verdict(nodes)
    bridges = next(c for c in verdict.clauses if c.topic == "Bridges")
    assert (bridges.status, bridges.codes) == (DIFFER, ("CLUSTER-02",))
    assert "(CLUSTER-02 below)" in bridges.text
    assert verdict.summary == "pve1, pve2 and pve3 do not agree everywhere:"
    # The other clauses still say what held.
    assert {c.topic: c.status for c in verdict.clauses if c.topic != "Bridges"} == {
        "Addresses": AGREE,
        "Cluster network": AGREE,
        "MTUs": AGREE,
    }


# Against generated clusters ------------------------------------------------------------


@st.composite
def clusters(draw):
    """One to three generated nodes, some addressed interfaces marked as carrying corosync."""
    nodes = {}
    for n in range(1, draw(st.integers(1, 3)) + 1):
        network = draw(host_networks(max_nics=4))
        for iface in network.interfaces:
            if iface.kind != Kind.LOOPBACK and iface.addresses:
                iface.carries_cluster = draw(st.booleans())
        nodes[f"pve{n}"] = (network, Context.build(network))
    return nodes


def _has_cluster_address(network) -> bool:
    return any(i.carries_cluster and i.addresses for i in network.interfaces)


def _linux_bridges(network) -> set[str]:
    return {i.name for i in network.interfaces if i.kind == Kind.BRIDGE and i.bridge is not None}


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(clusters())
def test_every_clause_is_backed_by_the_data(nodes):
    findings = check_cluster(nodes)
    verdict = cluster_verdict(nodes, findings)
    networks = [network for network, _ in nodes.values()]
    if len(nodes) < 2:
        assert verdict.clauses == () and not verdict.agree
        return
    assert [c.topic for c in verdict.clauses] == list(CLAUSE_CODES)
    for clause in verdict.clauses:
        raised = {f.code for f in findings if f.code in CLAUSE_CODES[clause.topic]}
        # A clause differs exactly when findings of its rules are there, and names them all.
        assert (clause.status == DIFFER) == bool(raised), (clause, raised)
        assert set(clause.codes) == raised
        if clause.status != AGREE:
            continue
        if clause.topic == "Bridges":
            assert any(_linux_bridges(n) for n in networks)
        elif clause.topic == "Addresses":
            assert sum(1 for n in networks if any(i.addresses for i in n.interfaces if i.kind != Kind.LOOPBACK)) >= 2
        elif clause.topic == "Cluster network":
            assert all(_has_cluster_address(n) for n in networks), clause.text
    if verdict.agree:
        assert all(_has_cluster_address(n) for n in networks)
