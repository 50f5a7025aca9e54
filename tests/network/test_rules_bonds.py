"""BOND-*: each rule fires on the defect it names and stays silent once the defect is fixed."""

from __future__ import annotations

import pytest

from netwizard.network import bonding
from netwizard.network.query.context import INDEPENDENT
from netwizard.network.rules import Context, SwitchFacts
from tests.network.test_rules import bond, bridge, fires, host, nic, silent, vlan


def two_nics(**facts):
    return nic("eno1", **facts), nic("eno2", **facts)


def ab(**kw):
    return host(*two_nics(), bond("bond0", ["eno1", "eno2"], "active-backup", **kw))


def lacp_bond(**kw):
    kw.setdefault("hash_policy", "layer2+3")
    return host(*two_nics(), bond("bond0", ["eno1", "eno2"], "802.3ad", **kw))


# BOND-01 ----------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["Active-Backup", "802.3adx", "lacp", "7"])
def test_bond_01_unknown_mode(mode):
    fires("BOND-01", host(*two_nics(), bond("bond0", ["eno1", "eno2"], mode)), severity="error")


def test_bond_01_missing_mode_falls_back_to_balance_rr():
    (f,) = fires("BOND-01", host(*two_nics(), bond("bond0", ["eno1", "eno2"], "")), severity="error")
    assert "balance-rr" in f.message


@pytest.mark.parametrize("mode", ["active-backup", "802.3ad", "1", "4"])
def test_bond_01_silent_on_real_modes_and_their_numbers(mode):
    silent("BOND-01", host(*two_nics(), bond("bond0", ["eno1", "eno2"], mode)))


# BOND-02 / 03 / 04 -------------------------------------------------------------------


@pytest.mark.parametrize("slaves", [[], ["none"], ["eno1", "eno1"]])
def test_bond_02_no_members_or_a_member_twice(slaves):
    fires("BOND-02", host(*two_nics(), bond("bond0", slaves)), severity="error")


def test_bond_02_silent_with_distinct_members():
    silent("BOND-02", ab())


def test_bond_03_member_missing_or_not_a_nic():
    (f,) = fires("BOND-03", host(nic("eno1"), bond("bond0", ["eno1", "eno9"])), severity="error")
    assert "eno9" in f.message
    network = host(nic("eno1"), bridge("vmbr0", []), bond("bond0", ["eno1", "vmbr0"]))
    (f,) = fires("BOND-03", network, severity="error")
    assert "bridge" in f.message
    fires("BOND-03", host(nic("eno1"), vlan("eno1.5", "eno1", 5), bond("bond0", ["eno1.5"])))
    fires("BOND-03", host(*two_nics(), bond("bond0", ["eno1", "eno2"]), bond("bond1", ["bond0"])))


def test_bond_03_silent_with_nic_members():
    silent("BOND-03", ab())


def test_bond_04_single_member_warns():
    fires("BOND-04", host(nic("eno1"), bond("bond0", ["eno1"])), severity="warning")
    silent("BOND-04", ab())


# BOND-05 -----------------------------------------------------------------------------


def test_bond_05_nic_in_two_bonds_or_in_a_bond_and_a_bridge():
    network = host(*two_nics(), nic("eno3"), bond("bond0", ["eno1", "eno2"]), bond("bond1", ["eno2", "eno3"]))
    (f,) = fires("BOND-05", network, severity="error")
    assert f.interface == "eno2" and "bond0" in f.message and "bond1" in f.message
    network = host(*two_nics(), bond("bond0", ["eno1", "eno2"]), bridge("vmbr0", ["eno1"]))
    fires("BOND-05", network, severity="error")


def test_bond_05_silent_when_the_bridge_uses_the_bond():
    silent("BOND-05", host(*two_nics(), bond("bond0", ["eno1", "eno2"]), bridge("vmbr0", ["bond0"])))


# BOND-06 / 07 ------------------------------------------------------------------------


def test_bond_06_member_with_an_address_or_dhcp():
    network = host(nic("eno1", address="10.1.1.1/24"), nic("eno2"), bond("bond0", ["eno1", "eno2"]))
    (f,) = fires("BOND-06", network, severity="error")
    assert f.interface == "eno1"
    fires("BOND-06", host(nic("eno1", method="dhcp"), nic("eno2"), bond("bond0", ["eno1", "eno2"])))


def test_bond_06_silent_when_the_address_is_on_the_bond():
    silent("BOND-06", ab(address="10.1.1.1/24"))


def test_bond_07_member_mtu_differs_from_the_bond():
    network = host(nic("eno1", mtu=9000), nic("eno2"), bond("bond0", ["eno1", "eno2"], mtu=1500))
    (f,) = fires("BOND-07", network, severity="error")
    assert f.interface == "eno1"


def test_bond_07_silent_with_matching_or_unset_member_mtu():
    silent("BOND-07", host(nic("eno1", mtu=9000), nic("eno2"), bond("bond0", ["eno1", "eno2"], mtu=9000)))


# BOND-08 / 10 / 11 -------------------------------------------------------------------


@pytest.mark.parametrize("miimon", [0, 1000])
def test_bond_08_link_monitoring_off_or_out_of_range(miimon):
    fires("BOND-08", ab(miimon=miimon), severity="error")


def test_bond_08_a_missing_line_is_a_warning():
    # Proxmox and ifupdown2 accept it and the kernel then monitors every 100 ms; the
    # danger is a later reload (issue 15: no error on a line both accept).
    (f,) = fires("BOND-08", ab(miimon=None), severity="warning")
    assert "100 ms" in f.message


def test_bond_08_reads_an_unmodelled_miimon_line():
    fires("BOND-08", ab(miimon=None, options=[("bond-miimon", "100 garbage")]), severity="error")
    silent("BOND-08", ab(miimon=None, options=[("bond_miimon", "100")]))


def test_bond_08_silent_with_100():
    silent("BOND-08", ab())


@pytest.mark.parametrize("key", ["bond-updelay", "bond-downdelay"])
def test_bond_10_delay_without_link_monitoring(key):
    fires("BOND-10", ab(miimon=0, options=[(key, "200")]), severity="error")
    fires("BOND-10", ab(options=[(key, "70000")]), severity="error")
    silent("BOND-10", ab(options=[(key, "200")]))


def test_bond_11_delay_not_a_multiple_of_miimon():
    (f,) = fires("BOND-11", ab(options=[("bond-updelay", "150")]), severity="warning")
    assert "100" in f.message
    silent("BOND-11", ab(options=[("bond-updelay", "200")]))


# BOND-12 / 13 ------------------------------------------------------------------------


@pytest.mark.parametrize("policy", ["layer5", "vlan+srcmac", "Layer2+3"])
def test_bond_12_unknown_hash_policy(policy):
    fires("BOND-12", lacp_bond(hash_policy=policy), severity="error")


def test_bond_12_silent_on_valid_policies():
    for policy in ("layer2", "layer2+3", "layer3+4", "encap2+3", "encap3+4", "1"):
        silent("BOND-12", lacp_bond(hash_policy=policy))


def test_bond_13_hash_policy_has_no_effect_outside_xor_and_lacp():
    fires("BOND-13", ab(hash_policy="layer3+4"), severity="warning")
    silent("BOND-13", lacp_bond(hash_policy="layer3+4"))
    silent("BOND-13", host(*two_nics(), bond("bond0", ["eno1", "eno2"], "balance-xor", hash_policy="layer2+3")))


# BOND-15 / 16 ------------------------------------------------------------------------


def test_bond_15_lacp_rate_outside_802_3ad():
    fires("BOND-15", ab(lacp_rate="fast"), severity="warning")
    fires("BOND-15", ab(options=[("bond-lacp-rate", "fast")]), severity="warning")
    silent("BOND-15", lacp_bond(lacp_rate="fast"))


def test_bond_16_invalid_lacp_rate():
    fires("BOND-16", lacp_bond(lacp_rate="2"), severity="error")
    silent("BOND-16", lacp_bond(lacp_rate="slow"))


# BOND-17 / 18 / 19 -------------------------------------------------------------------


def test_bond_17_primary_in_a_mode_without_one():
    fires("BOND-17", lacp_bond(primary="eno1"), severity="error")
    silent("BOND-17", ab(primary="eno1"))
    silent("BOND-17", host(*two_nics(), bond("bond0", ["eno1", "eno2"], "balance-alb", primary="eno1")))


@pytest.mark.parametrize("mode", ["balance-tlb", "balance-alb"])
def test_bond_35_a_primary_proxmox_does_not_write(mode):
    # The kernel uses it in tlb and alb, but Proxmox's writer keeps it for active-backup only.
    (finding,) = fires("BOND-35", host(*two_nics(), bond("bond0", ["eno1", "eno2"], mode, primary="eno1")))
    assert finding.severity == "warning" and "Proxmox leaves bond-primary out" in finding.message
    silent("BOND-35", ab(primary="eno1"))
    silent("BOND-35", lacp_bond(primary="eno1"))  # BOND-17's error says more there


@pytest.mark.parametrize("primary", ["eno3", "eno1 eno2"])
def test_bond_18_primary_not_exactly_one_member(primary):
    fires("BOND-18", ab(primary=primary), severity="error")


def test_bond_18_silent_on_a_member():
    silent("BOND-18", ab(primary="eno2"))


def test_bond_19_reselect_without_primary():
    fires("BOND-19", ab(options=[("bond-primary-reselect", "failure")]), severity="warning")
    silent("BOND-19", ab(primary="eno1", options=[("bond-primary-reselect", "failure")]))


# BOND-20 / 21 / 22 -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("builder", "options"),
    [
        (ab, [("bond-ad-actor-sys-prio", "100")]),
        (ab, [("bond-ad-sys-mac-addr", "02:00:00:00:00:01")]),
        (lacp_bond, [("bond-ad-actor-sys-prio", "0")]),
        (lacp_bond, [("bond-ad-actor-system", "01:00:5e:00:00:01")]),
        (lacp_bond, [("bond-ad-actor-system", "01:02:03")]),
    ],
)
def test_bond_20_lacp_actor_settings(builder, options):
    fires("BOND-20", builder(options=options), severity="error")


def test_bond_20_silent_on_valid_lacp_actor_settings():
    options = [("bond-ad-actor-sys-prio", "100"), ("bond-ad-actor-system", "02:00:00:00:00:01")]
    silent("BOND-20", lacp_bond(options=options))


def test_bond_21_min_links():
    fires("BOND-21", ab(options=[("bond-min-links", "1")]), severity="warning")
    fires("BOND-21", lacp_bond(options=[("bond-min-links", "3")]), severity="error")
    fires("BOND-21", lacp_bond(options=[("bond-min-links", "300")]), severity="error")
    silent("BOND-21", lacp_bond(options=[("bond-min-links", "2")]))


def test_bond_22_peer_notifications():
    fires("BOND-22", lacp_bond(options=[("bond-num-grat-arp", "2")]), severity="warning")
    fires("BOND-22", ab(options=[("bond-num-grat-arp", "2"), ("bond-num-unsol-na", "3")]), severity="warning")
    fires("BOND-22", ab(options=[("bond-num-grat-arp", "300")]), severity="warning")
    silent("BOND-22", ab(options=[("bond-num-grat-arp", "2"), ("bond-num-unsol-na", "2")]))


# BOND-23 / 24 ------------------------------------------------------------------------


def test_bond_23_arp_monitoring():
    fires("BOND-23", ab(options=[("bond-arp-interval", "1000"), ("bond-arp-ip-target", "10.0.0.1")]), severity="error")
    silent("BOND-23", ab())


@pytest.mark.parametrize("key", ["bond-lacp-bypass-allow", "es-sys-mac", "bond-ad-select", "bond_fail_over_mac"])
def test_bond_24_options_proxmox_cannot_set(key):
    fires("BOND-24", lacp_bond(options=[(key, "1")]), severity="error")


def test_bond_24_silent_on_supported_options():
    silent("BOND-24", lacp_bond(options=[("bond-lacp-rate", "fast"), ("bond-use-carrier", "yes")]))


# BOND-25 / 26 / 27 / 28 / 29 (the switch and the cluster) -----------------------------


def test_bond_25_suggests_lacp_when_the_switch_has_it():
    network = ab()
    (f,) = fires("BOND-25", network, Context.build(network, switch_lacp="yes"), severity="info")
    assert "802.3ad" in f.hint
    silent("BOND-25", network, Context.build(network, switch_lacp="no"))


def test_bond_25_reminds_to_configure_lacp_when_unknown():
    fires("BOND-25", lacp_bond(), severity="info")
    silent("BOND-25", lacp_bond(), Context.build(switch_lacp="yes"))


def test_bond_26_bond_with_the_cluster_address_must_be_active_backup():
    network = lacp_bond(address="10.10.10.2/24")
    ctx = Context.build(network, cluster_networks=["10.10.10.0/24"], switch_lacp="yes")
    (f,) = fires("BOND-26", network, ctx, severity="error")
    assert "active-backup" in f.hint
    # Why, not only that: corosync, and what LACP does when a member fails with its link up.
    assert "corosync" in f.message and "supports only" not in f.message
    assert bonding.cluster_network_risk("802.3ad") in f.message
    silent("BOND-26", ab(address="10.10.10.2/24"), ctx)
    silent("BOND-26", network, Context.build(network, cluster_networks=["10.10.11.0/24"], switch_lacp="yes"))


def test_bond_26_follows_the_bridge_above_the_bond():
    network = host(*two_nics(), bond("bond0", ["eno1", "eno2"], "802.3ad"), bridge("vmbr0", ["bond0"]))
    network.get("vmbr0").carries_cluster = True
    (f,) = fires("BOND-26", network, Context.build(network), severity="error")
    assert "vmbr0" in f.message


def test_bond_26_follows_a_vlan_on_the_bridge_above_the_bond():
    network = host(
        *two_nics(),
        bond("bond0", ["eno1", "eno2"], "balance-xor"),
        bridge("vmbr0", ["bond0"], vlan_aware=True, vids="2-4094"),
        vlan("vmbr0.50", "vmbr0", 50, address="10.50.0.2/24"),
    )
    ctx = Context.build(network, cluster_networks=["10.50.0.0/24"])
    (f,) = fires("BOND-26", network, ctx, severity="error")
    assert f.interface == "bond0" and "vmbr0.50" in f.message


def test_bond_26_follows_a_vlan_on_the_bond_and_a_bridge_over_an_implicit_vlan():
    network = host(*two_nics(), bond("bond0", ["eno1", "eno2"], "802.3ad"), vlan("bond0.30", "bond0", 30))
    network.get("bond0.30").carries_cluster = True
    fires("BOND-26", network, Context.build(network))
    network = host(*two_nics(), bond("bond0", ["eno1", "eno2"], "802.3ad"), bridge("vmbr1", ["bond0.40"]))
    network.get("vmbr1").carries_cluster = True
    fires("BOND-26", network, Context.build(network))


def test_bond_26_silent_when_the_cluster_network_is_elsewhere():
    network = host(
        *two_nics(),
        nic("eno3", address="10.99.0.2/24", carries_cluster=True),
        bond("bond0", ["eno1", "eno2"], "802.3ad"),
        bridge("vmbr0", ["bond0"], address="10.10.10.2/24"),
    )
    silent("BOND-26", network, Context.build(network))


def test_bond_27_lacp_on_a_switch_without_it():
    network = host(*two_nics(switch="sw-a"), bond("bond0", ["eno1", "eno2"], "802.3ad"))
    fires("BOND-27", network, Context.build(network, switches={"sw-a": (False, "")}), severity="error")
    fires("BOND-27", network, Context.build(network, switch_lacp="no"), severity="error")
    silent("BOND-27", network, Context.build(network, switches={"sw-a": (True, "")}))
    silent("BOND-27", network, Context.build(network))  # unknown is advice (BOND-25), not an error


def test_bond_28_static_aggregation_modes_need_it_on_the_switch():
    network = host(*two_nics(switch="sw-a"), bond("bond0", ["eno1", "eno2"], "balance-xor"))
    no_lag = Context.build(network, switches={"sw-a": SwitchFacts(lacp=False, static_lag=False)})
    fires("BOND-28", network, no_lag, severity="error")
    silent("BOND-28", network, Context.build(network, switches={"sw-a": SwitchFacts(static_lag=True)}))
    silent("BOND-28", host(*two_nics(switch="sw-a"), bond("bond0", ["eno1", "eno2"])), no_lag)


def test_bond_29_balancing_across_independent_switches():
    network = host(nic("eno1", switch="sw-a"), nic("eno2", switch="sw-b"), bond("bond0", ["eno1", "eno2"], "802.3ad"))
    switches = {"sw-a": (True, ""), "sw-b": (True, "")}
    fires("BOND-29", network, Context.build(network, switches=switches), severity="warning")
    fires("BOND-29", network, Context.build(network, bond_topology={"bond0": INDEPENDENT}), severity="warning")
    stacked = {"sw-a": (True, "mlag"), "sw-b": (True, "mlag")}
    silent("BOND-29", network, Context.build(network, switches=stacked))
    ab_network = host(nic("eno1", switch="sw-a"), nic("eno2", switch="sw-b"), bond("bond0", ["eno1", "eno2"]))
    silent("BOND-29", ab_network, Context.build(ab_network, switches=switches))


# BOND-30 / 31 / 32 / 33 / 34 ---------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "mode"),
    [("BOND-30", "balance-rr"), ("BOND-31", "broadcast"), ("BOND-32", "balance-tlb"), ("BOND-32", "balance-alb")],
)
def test_modes_with_caveats_warn(code, mode):
    fires(code, host(*two_nics(), bond("bond0", ["eno1", "eno2"], mode)), severity="warning")
    silent(code, ab())


def test_bond_33_lacp_members_of_different_speeds():
    network = host(
        nic("eno1", speed_mbps=10000), nic("eno2", speed_mbps=1000), bond("bond0", ["eno1", "eno2"], "802.3ad")
    )
    fires("BOND-33", network, severity="warning")
    network.get("eno2").speed_mbps = 10000
    silent("BOND-33", network)


def test_bond_34_bond_that_is_a_bridge_port_has_an_address():
    network = host(*two_nics(), bond("bond0", ["eno1", "eno2"], address="192.168.1.2/24"), bridge("vmbr0", ["bond0"]))
    (f,) = fires("BOND-34", network, severity="error")
    assert "vmbr0" in f.hint
    silent(
        "BOND-34", host(*two_nics(), bond("bond0", ["eno1", "eno2"]), bridge("vmbr0", ["bond0"], address="1.2.3.4/24"))
    )


def test_bond_02_members_listed_as_bond_ports_are_members_with_a_warning():
    # ifupdown2 reads bond-ports as bond-slaves; Proxmox does not read it at all.
    network = host(nic("eno1"), nic("eno2"), bond("bond0", [], "active-backup", options=[("bond-ports", "eno1 eno2")]))
    (f,) = fires("BOND-02", network, severity="warning")
    assert "bond-slaves eno1 eno2" in f.hint
    silent("BOND-03", network)
