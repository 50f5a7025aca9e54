"""recommend_bond_mode: the answers the bond step asks, and what the user is told."""

from __future__ import annotations

import pytest

from netwizard.network import bonding
from netwizard.network.query.context import INDEPENDENT, SINGLE, STACK
from netwizard.network.rules import Answers, Context, check, recommend_bond_mode
from tests.network.test_rules import bond, bridge, host, nic, with_code


def test_lacp_switch_recommends_802_3ad():
    rec = recommend_bond_mode(Answers(switch_lacp=True, topology=STACK, carries=frozenset({"guest"})))
    assert rec.mode == "802.3ad"
    assert "LACP" in rec.reasoning
    assert rec.options == {"bond-miimon": "100", "bond-xmit-hash-policy": "layer2+3"}
    assert not rec.not_allowed
    assert "802.3ad" not in rec.cautions
    assert rec.recommended is bonding.LACP


def test_no_lacp_recommends_active_backup_and_refuses_802_3ad():
    rec = recommend_bond_mode(Answers(switch_lacp=False, topology=SINGLE))
    assert rec.mode == "active-backup"
    assert set(rec.not_allowed) == {"802.3ad"}
    assert "LACP" in rec.not_allowed["802.3ad"]
    assert rec.options == {"bond-miimon": "100"}


def test_dont_know_gives_advice_not_an_error():
    rec = recommend_bond_mode({"switch_lacp": "unknown", "topology": "", "carries_cluster": "no"})
    assert rec.mode == "active-backup"
    assert not rec.not_allowed  # nothing is forbidden on a guess
    assert "802.3ad" in rec.cautions
    assert any("LACP" in a for a in rec.advice)


def test_cluster_network_allows_only_active_backup_whatever_the_switch():
    for lacp in (True, False, None):
        rec = recommend_bond_mode(Answers(switch_lacp=lacp, carries_cluster=True))
        assert rec.mode == "active-backup"
        assert set(rec.not_allowed) == set(bonding.MODE_NAMES) - {"active-backup"}
        assert all("cluster" in reason for reason in rec.not_allowed.values())
        assert "cluster" in rec.reasoning


def test_the_cluster_lock_says_why_and_claims_nothing_proxmox_no_longer_says():
    # pvecm.adoc "Corosync Over Bonds" (pve-docs 0db8bc3): the balancing modes can split the
    # cluster when a member fails with its link up; pve-network.adoc dropped "other modes are
    # unsupported" in 4ab400d. The reason names corosync and what goes wrong.
    rec = recommend_bond_mode(Answers(switch_lacp=True, carries_cluster=True))
    assert "corosync" in rec.reasoning and "quorum" in rec.reasoning
    assert "supports only" not in rec.reasoning
    for mode, reason in rec.not_allowed.items():
        assert "supports only" not in reason
        assert bonding.cluster_network_risk(mode) in reason, (mode, reason)
    assert "90 seconds" in rec.not_allowed["802.3ad"]


def test_cluster_as_carried_traffic_counts_as_the_cluster_network():
    rec = recommend_bond_mode({"switch_lacp": "yes", "carries": ["guest", "cluster"]})
    assert rec.mode == "active-backup"
    assert rec.second_corosync_link


def test_second_corosync_link_advice_unless_the_cluster_has_two():
    assert recommend_bond_mode(Answers(carries_cluster=True, cluster_links=1)).second_corosync_link
    assert recommend_bond_mode(Answers(carries_cluster=True)).second_corosync_link
    rec = recommend_bond_mode(Answers(carries_cluster=True, cluster_links=2))
    assert not rec.second_corosync_link
    assert not recommend_bond_mode(Answers(switch_lacp=True)).second_corosync_link


def test_independent_switches_lead_to_active_backup_even_with_lacp():
    rec = recommend_bond_mode(Answers(switch_lacp=True, topology=INDEPENDENT))
    assert rec.mode == "active-backup"
    assert "independent" in rec.reasoning
    assert "802.3ad" in rec.cautions


def test_modes_with_caveats_are_allowed_but_come_with_a_caution():
    rec = recommend_bond_mode(Answers(switch_lacp=True, topology=SINGLE))
    for mode in ("balance-rr", "broadcast", "balance-tlb", "balance-alb", "balance-xor"):
        assert rec.allowed(mode) and rec.cautions[mode]


def test_storage_on_lacp_mentions_the_layer3_4_trade_off():
    rec = recommend_bond_mode(Answers(switch_lacp=True, topology=STACK, carries=frozenset({"storage"})))
    assert any("layer3+4" in a for a in rec.advice)


def test_choices_list_every_mode_once_with_its_verdict():
    choices = recommend_bond_mode(Answers(switch_lacp=False, carries_cluster=False)).choices()
    assert [c.mode.name for c in choices] == list(bonding.MODE_NAMES)
    by_name = {c.mode.name: c for c in choices}
    assert [c.mode.name for c in choices if c.recommended] == ["active-backup"]
    assert not by_name["802.3ad"].allowed and "LACP" in by_name["802.3ad"].note
    assert by_name["balance-rr"].allowed and by_name["balance-rr"].note
    assert by_name["active-backup"].allowed and by_name["active-backup"].note == ""


def test_invalid_answers_are_refused():
    with pytest.raises(ValueError):
        recommend_bond_mode({"switch_lacp": "perhaps"})
    with pytest.raises(ValueError):
        Answers(topology="ring")
    with pytest.raises(ValueError):
        Answers(carries=frozenset({"backups"}))


@pytest.mark.parametrize("lacp", [True, False, None])
@pytest.mark.parametrize("topology", [SINGLE, STACK, INDEPENDENT, None])
@pytest.mark.parametrize("cluster", [True, False])
def test_the_recommended_mode_never_gets_an_error_from_the_rules(lacp, topology, cluster):
    """What the wizard recommends, the service layer must accept under the same facts."""
    rec = recommend_bond_mode(Answers(switch_lacp=lacp, topology=topology, carries_cluster=cluster))
    network = host(
        nic("eno1"),
        nic("eno2"),
        bond("bond0", ["eno1", "eno2"], rec.mode, hash_policy=rec.options.get("bond-xmit-hash-policy", "")),
        bridge("vmbr0", ["bond0"], address="10.10.10.2/24", gateway="10.10.10.1"),
    )
    network.get("vmbr0").carries_cluster = cluster
    bond_topology = {"bond0": topology} if topology else {}
    ctx = Context.build(network, switch_lacp=lacp, bond_topology=bond_topology)
    findings = check(network, ctx)
    assert not [f for f in findings if f.severity == "error"], findings
    # and every mode it refuses is one the rules refuse too
    for mode in rec.not_allowed:
        network.get("bond0").bond.mode = mode
        errors = [f for f in check(network, ctx) if f.severity == "error"]
        assert with_code(errors, "BOND-26") or with_code(errors, "BOND-27"), (mode, errors)
