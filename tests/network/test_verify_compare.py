"""Verifying a node against its plan: the facts document it prints after `ifreload -a`.

The documents follow what the node prints: `ip -j -d link show` (bond members with
`master`, the SLAVE flag and `info_slave_data`, bonds and bridges with `info_kind`),
`ip -j addr show` (one entry per link with its `addr_info`), `ip -j route show` and
`ip -j -6 route show`, and /proc/net/bonding/BOND in the kernel's format. The plan is the
seed's "Use a bond as bridge port": bond0 (802.3ad, layer2+3) over eno1 and eno2, and
vmbr0 on bond0 with 10.10.10.2/24 and the gateway 10.10.10.1.
"""

from __future__ import annotations

import copy
import json

import pytest

from netwizard.network.host_facts import MAX_BYTES
from netwizard.network.interfaces_file import parse
from netwizard.network.verify.compare import TOPICS, Check, Verification, VerifyError, verify
from tests.conftest import seed_example

SEED = seed_example("Example: Use a bond as bridge port")
SWITCH_MAC = "f4:b5:2f:4a:10:c0"
NO_PARTNER = "00:00:00:00:00:00"
MACS = {"eno1": "3c:ec:ef:12:34:56", "eno2": "3c:ec:ef:12:34:57", "eno3": "3c:ec:ef:12:34:58"}
BOND_MAC = MACS["eno1"]


def plan(text: str = SEED):
    return parse(text)


def seed_with(old: str, new: str):
    assert old in SEED
    return parse(SEED.replace(old, new))


# ip -j -d link show -------------------------------------------------------------------------


def member(name: str, bond: str = "bond0", *, up: bool = True, mtu: int = 1500, aggregator: int = 1) -> dict:
    flags = (
        ["BROADCAST", "MULTICAST", "SLAVE", "UP", "LOWER_UP"]
        if up
        else ["NO-CARRIER", "BROADCAST", "MULTICAST", "SLAVE", "UP"]
    )
    return {
        "ifindex": int(name[-1]) + 1,
        "ifname": name,
        "flags": flags,
        "mtu": mtu,
        "qdisc": "mq",
        "master": bond,
        "operstate": "UP" if up else "DOWN",
        "link_type": "ether",
        "address": BOND_MAC,
        "permaddr": MACS[name],
        "linkinfo": {
            "info_slave_kind": "bond",
            "info_slave_data": {
                "state": "ACTIVE",
                "mii_status": "UP" if up else "DOWN",
                "link_failure_count": 0 if up else 1,
                "perm_hwaddr": MACS[name],
                "queue_id": 0,
                "ad_aggregator_id": aggregator,
            },
        },
        "parentbus": "pci",
        "parentdev": f"0000:01:00.{int(name[-1]) - 1}",
        "altnames": [f"enp1s0f{int(name[-1]) - 1}"],
    }


def nic(name: str, *, up: bool = True) -> dict:
    entry = member(name, up=up)
    del entry["master"], entry["linkinfo"], entry["permaddr"]
    entry["flags"] = [f for f in entry["flags"] if f != "SLAVE"]
    return entry | {"address": MACS[name]}


LO = {
    "ifindex": 1,
    "ifname": "lo",
    "flags": ["LOOPBACK", "UP", "LOWER_UP"],
    "mtu": 65536,
    "operstate": "UNKNOWN",
    "link_type": "loopback",
    "address": "00:00:00:00:00:00",
}
BOND0 = {
    "ifindex": 5,
    "ifname": "bond0",
    "flags": ["BROADCAST", "MULTICAST", "MASTER", "UP", "LOWER_UP"],
    "mtu": 1500,
    "master": "vmbr0",
    "operstate": "UP",
    "link_type": "ether",
    "address": BOND_MAC,
    "linkinfo": {
        "info_kind": "bond",
        "info_data": {"mode": "802.3ad", "miimon": 100, "xmit_hash_policy": "layer2+3", "ad_select": "stable"},
        "info_slave_kind": "bridge",
        "info_slave_data": {"state": "forwarding", "priority": 32, "cost": 100},
    },
}
VMBR0 = {
    "ifindex": 6,
    "ifname": "vmbr0",
    "flags": ["BROADCAST", "MULTICAST", "UP", "LOWER_UP"],
    "mtu": 1500,
    "operstate": "UP",
    "link_type": "ether",
    "address": BOND_MAC,
    "linkinfo": {"info_kind": "bridge", "info_data": {"stp_state": 0, "vlan_filtering": 0, "vlan_protocol": "802.1Q"}},
}
IP_LINK = [LO, member("eno1"), member("eno2"), BOND0, VMBR0]


# ip -j addr show, ip -j route show ----------------------------------------------------------


def addr(ifname: str, *addresses: str, dynamic: bool = False) -> dict:
    """An `ip -j addr show` entry with these addresses (CIDR) and the link-local one."""
    info = []
    for text in addresses:
        ip, prefix = text.rsplit("/", 1)
        item = {"family": "inet6" if ":" in ip else "inet", "local": ip, "prefixlen": int(prefix), "scope": "global"}
        if ":" not in ip:
            item |= {"label": ifname}
        if dynamic:
            item |= {"dynamic": True}
        info.append(item | {"valid_life_time": 4294967295, "preferred_life_time": 4294967295})
    if ifname not in ("lo", "eno1", "eno2"):
        link_local = {"family": "inet6", "local": "fe80::3eec:efff:fe12:3456", "prefixlen": 64, "scope": "link"}
        info.append(link_local | {"valid_life_time": 4294967295, "preferred_life_time": 4294967295})
    return {"ifindex": 0, "ifname": ifname, "flags": ["UP", "LOWER_UP"], "mtu": 1500, "addr_info": info}


IP_ADDR = [
    addr("lo", "127.0.0.1/8", "::1/128"),
    addr("eno1"),
    addr("eno2"),
    addr("bond0"),
    addr("vmbr0", "10.10.10.2/24"),
]
DEFAULT_ROUTE = {"dst": "default", "gateway": "10.10.10.1", "dev": "vmbr0", "flags": []}
IP_ROUTE = [
    DEFAULT_ROUTE,
    {
        "dst": "10.10.10.0/24",
        "dev": "vmbr0",
        "protocol": "kernel",
        "scope": "link",
        "prefsrc": "10.10.10.2",
        "flags": [],
    },
]
IP6_ROUTE = [{"dst": "fe80::/64", "dev": "vmbr0", "protocol": "kernel", "metric": 256, "flags": [], "pref": "medium"}]


# /proc/net/bonding/BOND -----------------------------------------------------------------------


def bonding_text(
    mode: str = "802.3ad",
    members: tuple[str, ...] = ("eno1", "eno2"),
    *,
    down: tuple[str, ...] = (),
    partner: str = SWITCH_MAC,
    aggregators: dict[str, int] | None = None,
    primary: str = "",
    active: str = "",
) -> str:
    """What the kernel prints in /proc/net/bonding/bond0 (Proxmox VE 8, kernel 6.8)."""
    modes = {
        "802.3ad": "IEEE 802.3ad Dynamic link aggregation",
        "active-backup": "fault-tolerance (active-backup)",
        "balance-rr": "load balancing (round-robin)",
    }
    aggregators = aggregators or {}
    lines = ["Ethernet Channel Bonding Driver: v6.8.12-4-pve", "", f"Bonding Mode: {modes[mode]}"]
    if mode == "802.3ad":
        lines.append("Transmit Hash Policy: layer2+3 (2)")
    if mode == "active-backup":
        lines.append(f"Primary Slave: {primary or 'None'}" + (" (primary_reselect always)" if primary else ""))
        lines.append(f"Currently Active Slave: {active or 'None'}")
    lines += ["MII Status: up", "MII Polling Interval (ms): 100", "Up Delay (ms): 0", "Down Delay (ms): 0"]
    lines += ["Peer Notification Delay (ms): 0"]
    if mode == "802.3ad":
        lines += ["", "802.3ad info", "LACP active: on", "LACP rate: slow", "Min links: 0"]
        lines += ["Aggregator selection policy (ad_select): stable", "System priority: 65535"]
        lines += [f"System MAC address: {BOND_MAC}", "Active Aggregator Info:", "\tAggregator ID: 1"]
        ports = sum(1 for m in members if aggregators.get(m, 1) == 1 and m not in down)
        key = 32801 if partner != NO_PARTNER else 1
        lines += [f"\tNumber of ports: {ports}", "\tActor Key: 15", f"\tPartner Key: {key}"]
        lines.append(f"\tPartner Mac Address: {partner}")
    for number, name in enumerate(members, 1):
        up = name not in down
        lines += ["", f"Slave Interface: {name}", f"MII Status: {'up' if up else 'down'}"]
        lines += [f"Speed: {'10000 Mbps' if up else 'Unknown'}", f"Duplex: {'full' if up else 'Unknown'}"]
        lines += [f"Link Failure Count: {0 if up else 1}", f"Permanent HW addr: {MACS[name]}", "Slave queue ID: 0"]
        if mode == "802.3ad":
            state = 61 if partner != NO_PARTNER else 69
            lines += [f"Aggregator ID: {aggregators.get(name, 1)}", "Actor Churn State: none"]
            lines += ["Partner Churn State: none", "Actor Churned Count: 0", "Partner Churned Count: 0"]
            lines += ["details actor lacp pdu:", "    system priority: 65535", f"    system mac address: {BOND_MAC}"]
            lines += ["    port key: 15", "    port priority: 255", f"    port number: {number}"]
            lines += [f"    port state: {state}", "details partner lacp pdu:", "    system priority: 32768"]
            lines += [f"    system mac address: {partner}", "    oper key: 32801", "    port priority: 32768"]
            lines += [f"    port number: {number}", f"    port state: {61 if partner != NO_PARTNER else 1}"]
    return "\n".join(lines) + "\n"


def document(**overrides) -> str:
    doc = {
        "netwizard_facts": 1,
        "hostname": "pve1",
        "ip_link": IP_LINK,
        "ip_addr": IP_ADDR,
        "ip_route": IP_ROUTE,
        "ip6_route": IP6_ROUTE,
        "speeds": {"eno1": 10000, "eno2": 10000, "bond0": 20000},
        "bonding": {"bond0": bonding_text()},
        "files": {"/etc/hosts": "127.0.0.1 localhost\n"},
        "collected_by": "a key netwizard does not know",
    }
    return json.dumps(doc | overrides)


def links(*changes: dict, drop: tuple[str, ...] = (), add: tuple[dict, ...] = ()) -> list[dict]:
    """IP_LINK with entries changed (matched by ifname), dropped or added."""
    by_name = {c["ifname"]: c for c in changes}
    out = [copy.deepcopy(e) | by_name.get(e["ifname"], {}) for e in IP_LINK if e["ifname"] not in drop]
    return out + list(add)


def failed(verification: Verification) -> list[str]:
    return [c.name for c in verification.failed]


def only_failure(verification: Verification) -> Check:
    assert len(verification.failed) == 1, failed(verification)
    return verification.failed[0]


# The passing document ------------------------------------------------------------------------


def test_a_node_that_took_the_plan_passes_every_check_in_topic_then_plan_order():
    verification = verify(plan(), document())
    assert verification.ok and verification.hostname == "pve1"
    assert [(c.topic, c.name) for c in verification.checks] == [
        ("interfaces", "eno1 link"),
        ("interfaces", "eno2 link"),
        ("interfaces", "bond0 link"),
        ("interfaces", "vmbr0 link"),
        ("bonds", "bond0 mode"),
        ("bonds", "bond0 member eno1"),
        ("bonds", "bond0 member eno2"),
        ("bonds", "bond0 LACP"),
        ("bridges", "vmbr0 port bond0"),
        ("addresses", "vmbr0 10.10.10.2/24"),
        ("addresses", "default route IPv4"),
    ]
    assert verification.summary() == "11 checks: all pass."
    verdicts = {c.name: c.verdict for c in verification.checks}
    assert verdicts["bond0 mode"] == "bond0 runs 802.3ad as planned."
    assert verdicts["bond0 LACP"] == (
        f"LACP negotiated on bond0: eno1 and eno2 are in aggregator 1 with partner {SWITCH_MAC}."
    )
    assert verdicts["default route IPv4"] == "The IPv4 default route goes to 10.10.10.1 via vmbr0 as planned."
    assert all(c.topic in TOPICS and c.action == "" and c.checklist == "" for c in verification.checks)


def test_the_evidence_is_the_entry_behind_each_check():
    checks = {c.name: c for c in verify(plan(), document()).checks}
    assert json.loads(checks["eno1 link"].evidence)["permaddr"] == MACS["eno1"]
    assert checks["bond0 LACP"].evidence == bonding_text()
    assert json.loads(checks["vmbr0 10.10.10.2/24"].evidence)["ifname"] == "vmbr0"
    assert json.loads(checks["default route IPv4"].evidence) == DEFAULT_ROUTE


def test_bytes_are_read_like_text():
    assert verify(plan(), document().encode()).ok


# 2. bonds ----------------------------------------------------------------------------------


def test_no_lacp_partner_is_the_switchs_to_fix_and_links_the_bonds_checklist():
    bonding = bonding_text(partner=NO_PARTNER, aggregators={"eno1": 1, "eno2": 2})
    check = only_failure(verify(plan(), document(bonding={"bond0": bonding})))
    assert (check.topic, check.name, check.checklist) == ("bonds", "bond0 LACP", "bond0")
    assert check.verdict == (
        "LACP did not negotiate on bond0: the switch ports are not in an LACP port-channel "
        "(partner MAC 00:00:00:00:00:00)."
    )
    assert check.action == (
        "Put the switch ports of eno1 and eno2 in one LACP port-channel (mode active), then check again; "
        "the switch-side checklist lists the steps."
    )
    assert check.evidence == bonding


def test_a_member_outside_the_active_aggregator_is_the_switchs_to_fix_too():
    bonding = bonding_text(aggregators={"eno1": 1, "eno2": 2})
    check = only_failure(verify(plan(), document(bonding={"bond0": bonding})))
    assert (check.name, check.checklist) == ("bond0 LACP", "bond0")
    assert "eno2 is outside the active aggregator 1" in check.verdict


def test_a_member_down_fails_its_link_and_its_membership_but_lacp_still_runs_on_the_other():
    verification = verify(
        plan(), document(ip_link=links(member("eno2", up=False)), bonding={"bond0": bonding_text(down=("eno2",))})
    )
    assert failed(verification) == ["eno2 down", "bond0 member eno2"]
    down, membership = verification.failed
    assert (
        down.verdict == "eno2 is down on the node (operstate DOWN; flags NO-CARRIER, BROADCAST, MULTICAST, SLAVE, UP)."
    )
    assert "check its cable" in down.action
    assert membership.verdict == "eno2 is in bond0 but its link is down (MII status down; 1 link failure)."
    assert {c.name: c.ok for c in verification.checks}["bond0 LACP"]


def test_a_member_not_enslaved():
    lone_eno2 = nic("eno2")
    verification = verify(
        plan(),
        document(
            ip_link=links(drop=("eno2",), add=(lone_eno2,)),
            bonding={"bond0": bonding_text(members=("eno1",))},
        ),
    )
    check = only_failure(verification)
    assert check.name == "bond0 member eno2"
    assert check.verdict == "eno2 is not in bond0: the running bond has eno1."
    assert check.action.startswith("Apply the file with `ifreload -a`")


def test_a_member_the_plan_does_not_list():
    verification = verify(
        plan(),
        document(
            ip_link=links(add=(member("eno3"),)),
            ip_addr=[*IP_ADDR, addr("eno3")],
            bonding={"bond0": bonding_text(members=("eno1", "eno2", "eno3"))},
        ),
    )
    check = only_failure(verification)
    assert check.name == "bond0 member eno3"
    assert check.verdict == "eno3 is in bond0, but the plan does not make it a member."
    assert "`ip link set eno3 nomaster`" in check.action


def test_the_wrong_mode_running():
    bonding = bonding_text("active-backup", active="eno1")
    check = only_failure(verify(plan(), document(bonding={"bond0": bonding})))
    assert check.name == "bond0 mode"
    assert check.verdict == "bond0 runs active-backup, but the plan says 802.3ad."
    assert check.checklist == ""


ACTIVE_BACKUP_PLAN = (
    "bond-mode 802.3ad\n      bond-xmit-hash-policy layer2+3",
    "bond-mode active-backup\n\tbond-primary eno2",
)


def test_active_backup_on_its_primary_passes():
    bonding = bonding_text("active-backup", primary="eno2", active="eno2")
    verification = verify(seed_with(*ACTIVE_BACKUP_PLAN), document(bonding={"bond0": bonding}))
    assert verification.ok
    assert {c.name: c.verdict for c in verification.checks}["bond0 primary"] == (
        "eno2, bond0's primary, is its active member as planned."
    )


def test_active_backup_on_another_member_than_its_primary():
    bonding = bonding_text("active-backup", primary="eno2", active="eno1")
    check = only_failure(verify(seed_with(*ACTIVE_BACKUP_PLAN), document(bonding={"bond0": bonding})))
    assert check.name == "bond0 primary"
    assert check.verdict == "bond0 sends through eno1, not through its primary eno2."
    assert check.action == "Make eno2 active: `echo eno2 > /sys/class/net/bond0/bonding/active_slave`."


def test_active_backup_away_from_a_primary_that_is_down_says_to_fix_the_primary():
    bonding = bonding_text("active-backup", primary="eno2", active="eno1", down=("eno2",))
    document_ = document(ip_link=links(member("eno2", up=False)), bonding={"bond0": bonding})
    verification = verify(seed_with(*ACTIVE_BACKUP_PLAN), document_)
    assert failed(verification) == ["eno2 down", "bond0 member eno2", "bond0 primary"]
    assert "fix eno2's link" in verification.failed[-1].action


def test_active_backup_running_without_the_planned_primary():
    bonding = bonding_text("active-backup", active="eno1")
    check = only_failure(verify(seed_with(*ACTIVE_BACKUP_PLAN), document(bonding={"bond0": bonding})))
    assert check.action.startswith("The running bond has no primary: apply the file with `ifreload -a`")


def test_a_bond_without_mode_is_planned_as_balance_rr():
    network = seed_with("      bond-mode 802.3ad\n      bond-xmit-hash-policy layer2+3\n", "")
    assert verify(network, document(bonding={"bond0": bonding_text("balance-rr")})).ok
    check = only_failure(verify(network, document()))
    assert check.verdict == "bond0 runs 802.3ad, but the plan says balance-rr."


def test_a_bond_without_its_proc_file():
    check = only_failure(verify(plan(), document(bonding={})))
    assert (check.name, check.checklist) == ("bond0 status", "")
    assert check.verdict == (
        "There is no /proc/net/bonding/bond0 in the facts: bond0 does not run, "
        "or the facts were collected before `ifreload -a`."
    )
    assert json.loads(check.evidence)["ifname"] == "bond0"


def test_an_unreadable_proc_file_quotes_the_parsers_error():
    check = only_failure(verify(plan(), document(bonding={"bond0": "Bonding Mode: nonsense\n"})))
    assert check.name == "bond0 status"
    assert check.verdict.startswith("/proc/net/bonding/bond0 cannot be read: line 1: expected ")


# 1. interfaces -----------------------------------------------------------------------------


def test_an_interface_missing_on_the_node():
    verification = verify(
        plan(),
        document(ip_link=links(drop=("eno2",)), bonding={"bond0": bonding_text(members=("eno1",))}),
    )
    assert failed(verification) == ["eno2 missing", "bond0 member eno2"]
    missing, membership = verification.failed
    assert missing.verdict == "eno2 does not exist on the node."
    assert missing.action.startswith("Find the NIC's name on the node (`ip link`)")
    assert membership.action == "eno2 does not exist on the node: see its interfaces check."
    assert missing.evidence == "ip link reports: lo, eno1, bond0, vmbr0."


def test_a_nic_named_by_its_altname_exists():
    verification = verify(parse(SEED.replace("eno2", "enp1s0f1")), document())
    assert verification.ok
    assert {c.name: c.verdict for c in verification.checks}["bond0 member enp1s0f1"] == (
        "enp1s0f1 is in bond0 and its link is up."
    )


def test_a_bridge_above_a_down_bond_is_down_and_says_what_is_beneath():
    down = {"flags": ["NO-CARRIER", "BROADCAST", "MULTICAST", "UP"], "operstate": "DOWN"}
    verification = verify(plan(), document(ip_link=links({"ifname": "bond0", **down}, {"ifname": "vmbr0", **down})))
    checks = {c.name: c for c in verification.failed}
    assert checks["vmbr0 down"].verdict == (
        "vmbr0 is down on the node (operstate DOWN; flags NO-CARRIER, BROADCAST, MULTICAST, UP)."
    )
    assert checks["vmbr0 down"].action == "bond0 is down or missing beneath it: fix that first."


def test_an_administratively_down_interface_is_to_bring_up():
    verification = verify(
        plan(), document(ip_link=links({"ifname": "vmbr0", "flags": ["BROADCAST"], "operstate": "DOWN"}))
    )
    check = only_failure(verification)
    assert check.action.startswith("Bring it up: apply the file with `ifreload -a`")


def test_a_bridge_without_ports_has_no_carrier_and_passes_saying_so():
    network = parse(
        SEED + "\nauto vmbr1\niface vmbr1 inet manual\n\tbridge-ports none\n\tbridge-stp off\n\tbridge-fd 0\n"
    )
    vmbr1 = copy.deepcopy(VMBR0) | {"ifname": "vmbr1", "flags": ["NO-CARRIER", "BROADCAST", "MULTICAST", "UP"]}
    verification = verify(network, document(ip_link=[*IP_LINK, vmbr1 | {"operstate": "DOWN"}]))
    assert verification.ok
    assert {c.name: c.verdict for c in verification.checks}["vmbr1 link"] == (
        "vmbr1 is up but has no carrier (operstate DOWN): the plan gives it no ports, "
        "so it has none until a guest joins it."
    )


# 3. bridges --------------------------------------------------------------------------------


def test_a_planned_port_not_attached():
    bond0 = {k: v for k, v in BOND0.items() if k != "master"}
    vmbr0 = {"ifname": "vmbr0", "flags": ["NO-CARRIER", "BROADCAST", "MULTICAST", "UP"], "operstate": "DOWN"}
    verification = verify(plan(), document(ip_link=links(vmbr0, drop=("bond0",), add=(bond0,))))
    assert failed(verification) == ["vmbr0 down", "vmbr0 port bond0"]
    assert verification.failed[1].verdict == "bond0 is not a port of vmbr0: it has no master."


def test_a_port_in_another_bridge():
    check = only_failure(verify(plan(), document(ip_link=links({"ifname": "bond0", "master": "vmbr9"}))))
    assert check.verdict == "bond0 is enslaved to vmbr9, not to vmbr0."


VLAN_AWARE = ("bridge-fd 0", "bridge-fd 0\n        bridge-vlan-aware yes\n        bridge-vids 2-4094")


def test_a_vlan_aware_bridge_that_does_not_filter_vlans():
    check = only_failure(verify(seed_with(*VLAN_AWARE), document()))
    assert (check.topic, check.name) == ("bridges", "vmbr0 VLAN filtering")
    assert check.verdict == "vmbr0 does not filter VLANs (vlan_filtering 0), but the plan makes it VLAN-aware."
    assert "vlan_filtering 1" in check.action


def test_a_vlan_aware_bridge_that_filters_vlans():
    vmbr0 = {"ifname": "vmbr0", "linkinfo": {"info_kind": "bridge", "info_data": {"vlan_filtering": 1}}}
    assert verify(seed_with(*VLAN_AWARE), document(ip_link=links(vmbr0))).ok


# 4. addresses ------------------------------------------------------------------------------


def test_a_planned_address_missing():
    check = only_failure(verify(plan(), document(ip_addr=[*IP_ADDR[:4], addr("vmbr0")])))
    assert (check.topic, check.name) == ("addresses", "vmbr0 10.10.10.2/24")
    assert check.verdict == "10.10.10.2/24 is not on vmbr0."


def test_a_planned_address_with_another_prefix_length():
    check = only_failure(verify(plan(), document(ip_addr=[*IP_ADDR[:4], addr("vmbr0", "10.10.10.2/16")])))
    assert check.verdict == "vmbr0 has 10.10.10.2/16, not 10.10.10.2/24: the prefix length differs."


def test_a_planned_address_on_another_interface_too_is_reported_once():
    ip_addr = [*IP_ADDR[:3], addr("bond0", "10.10.10.2/24"), IP_ADDR[4]]
    check = only_failure(verify(plan(), document(ip_addr=ip_addr)))
    assert check.name == "vmbr0 10.10.10.2/24"
    assert check.verdict == "10.10.10.2/24 is on vmbr0 as planned, but on bond0 too."
    assert "`ip addr del 10.10.10.2/24 dev bond0`" in check.action
    assert [json.loads(e)["ifname"] for e in check.evidence.split("\n\n")] == ["vmbr0", "bond0"]


def test_a_planned_address_only_on_another_interface():
    ip_addr = [*IP_ADDR[:3], addr("bond0", "10.10.10.2/24"), addr("vmbr0")]
    check = only_failure(verify(plan(), document(ip_addr=ip_addr)))
    assert check.verdict == "10.10.10.2/24 is not on vmbr0; it is on bond0."


def test_the_wrong_default_gateway_is_one_failure():
    route = DEFAULT_ROUTE | {"gateway": "10.10.10.254"}
    check = only_failure(verify(plan(), document(ip_route=[route, *IP_ROUTE[1:]])))
    assert check.name == "default route IPv4"
    assert check.verdict == "The node's IPv4 default route goes to 10.10.10.254 via vmbr0, not to 10.10.10.1 via vmbr0."
    assert "`ip route del default via 10.10.10.254 dev vmbr0`" in check.action


def test_the_default_route_through_another_interface():
    route = DEFAULT_ROUTE | {"dev": "bond0"}
    check = only_failure(verify(plan(), document(ip_route=[route, *IP_ROUTE[1:]])))
    assert check.verdict == "The node's IPv4 default route goes to 10.10.10.1 via bond0, not to 10.10.10.1 via vmbr0."


def test_no_default_route():
    check = only_failure(verify(plan(), document(ip_route=IP_ROUTE[1:])))
    assert check.verdict == "The node has no IPv4 default route; the plan's goes to 10.10.10.1 via vmbr0."


def test_an_unplanned_default_route_fails_but_one_from_router_advertisements_does_not():
    static = {"dst": "default", "gateway": "2001:db8::1", "dev": "vmbr0", "metric": 1024, "flags": [], "pref": "medium"}
    learnt = static | {"gateway": "fe80::1", "protocol": "ra", "expires": 1788}
    check = only_failure(verify(plan(), document(ip6_route=[*IP6_ROUTE, static, learnt])))
    assert (check.subject, check.name) == ("default route", "default route IPv6")
    assert check.verdict == "The node has an IPv6 default route to 2001:db8::1 via vmbr0 that the plan does not have."
    assert verify(plan(), document(ip6_route=[*IP6_ROUTE, learnt])).ok


def test_ipv6_addresses_and_gateway_and_extra_address_lines():
    network_text = (
        SEED.replace("        gateway  10.10.10.1\n", "        gateway  10.10.10.1\n        address 10.10.10.3/24\n")
        + "\niface vmbr0 inet6 static\n\taddress 2001:DB8::2/64\n\tgateway 2001:db8::1\n"
    )
    network = parse(network_text)
    route6 = {"dst": "default", "gateway": "2001:db8::1", "dev": "vmbr0", "metric": 1024, "flags": []}
    ip_addr = [*IP_ADDR[:4], addr("vmbr0", "10.10.10.2/24", "10.10.10.3/24", "2001:db8::2/64")]
    verification = verify(network, document(ip_addr=ip_addr, ip6_route=[*IP6_ROUTE, route6]))
    assert verification.ok
    names = [c.name for c in verification.checks if c.topic == "addresses"]
    assert names == [
        "vmbr0 10.10.10.2/24",
        "vmbr0 10.10.10.3/24",
        "vmbr0 2001:db8::2/64",
        "default route IPv4",
        "default route IPv6",
    ]
    check = only_failure(
        verify(
            network,
            document(
                ip_addr=[*IP_ADDR[:4], addr("vmbr0", "10.10.10.2/24", "2001:db8::2/64")], ip6_route=[*IP6_ROUTE, route6]
            ),
        )
    )
    assert check.name == "vmbr0 10.10.10.3/24"


def test_a_dhcp_interface_needs_only_some_address():
    network = seed_with(
        "iface vmbr0 inet static\n        address  10.10.10.2/24\n        gateway  10.10.10.1\n",
        "iface vmbr0 inet dhcp\n",
    )
    dhcp_route = DEFAULT_ROUTE | {"gateway": "192.0.2.1", "protocol": "dhcp", "metric": 100}
    ip_addr = [*IP_ADDR[:4], addr("vmbr0", "192.0.2.50/24", dynamic=True)]
    verification = verify(network, document(ip_addr=ip_addr, ip_route=[dhcp_route]))
    assert verification.ok
    assert {c.name: c.verdict for c in verification.checks}["vmbr0 IPv4 DHCP"] == (
        "vmbr0 has 192.0.2.50/24, as the plan asks DHCP for."
    )
    check = only_failure(verify(network, document(ip_addr=[*IP_ADDR[:4], addr("vmbr0")], ip_route=[])))
    assert check.verdict == "vmbr0 has no IPv4 address, though the plan has it ask DHCP for one."


# 5. mtu ------------------------------------------------------------------------------------


JUMBO = ("bond-mode 802.3ad\n", "bond-mode 802.3ad\n      mtu 9000\n")


def test_mtu_1500_where_9000_is_planned():
    network = parse(SEED.replace(*JUMBO).replace("bridge-fd 0", "bridge-fd 0\n        mtu 9000"))
    at_9000 = [{"ifname": n, "mtu": 9000} for n in ("eno1", "bond0")]
    verification = verify(network, document(ip_link=links(*at_9000)))
    assert failed(verification) == ["eno2 MTU", "vmbr0 MTU"]
    eno2, vmbr0 = verification.failed
    assert eno2.verdict == "eno2 runs MTU 1500, but bond0's MTU 9000 applies to its members."
    assert vmbr0.verdict == "vmbr0 runs MTU 1500, but the plan sets 9000."
    assert all(c.topic == "mtu" for c in verification.failed)
    every = [{"ifname": n, "mtu": 9000} for n in ("eno1", "eno2", "bond0", "vmbr0")]
    assert verify(network, document(ip_link=links(*every))).ok


# 6. unplanned ------------------------------------------------------------------------------


BOND1 = BOND0 | {"ifindex": 9, "ifname": "bond1", "address": MACS["eno3"]}
del BOND1["master"]


def test_an_old_bond_still_up():
    verification = verify(
        plan(),
        document(ip_link=[*IP_LINK, member("eno3", "bond1"), BOND1], ip_addr=[*IP_ADDR, addr("bond1", "192.0.2.7/24")]),
    )
    assert failed(verification) == ["bond1 unplanned", "bond1 address 192.0.2.7/24"]
    old_bond, old_address = verification.failed
    assert old_bond.verdict == "bond1 is running but the plan has no bond1: an old bond still up."
    assert old_bond.action == "If nothing needs it, remove it: `ip link delete bond1`, then collect the facts again."
    assert old_address.verdict == "192.0.2.7/24 is on bond1, but the plan gives bond1 no address."


def test_an_unplanned_address_on_a_planned_interface():
    ip_addr = [*IP_ADDR[:4], addr("vmbr0", "10.10.10.2/24", "10.10.10.9/24")]
    check = only_failure(verify(plan(), document(ip_addr=ip_addr)))
    assert (check.topic, check.name) == ("unplanned", "vmbr0 address 10.10.10.9/24")
    assert check.verdict == "10.10.10.9/24 is on vmbr0, but the plan gives vmbr0 other addresses."


def test_proxmox_guest_devices_and_link_local_addresses_are_not_judged():
    tap = {
        "ifindex": 20,
        "ifname": "tap100i0",
        "flags": ["UP", "LOWER_UP"],
        "master": "vmbr0v100",
        "operstate": "UNKNOWN",
        "linkinfo": {"info_kind": "tun", "info_slave_kind": "bridge"},
    }
    guest_bridge = VMBR0 | {"ifindex": 21, "ifname": "vmbr0v100"}
    guest_vlan = {
        "ifindex": 22,
        "ifname": "bond0.100",
        "flags": ["UP", "LOWER_UP"],
        "master": "vmbr0v100",
        "operstate": "UP",
        "linkinfo": {"info_kind": "vlan", "info_data": {"protocol": "802.1Q", "id": 100}},
    }
    firewall = VMBR0 | {"ifindex": 23, "ifname": "fwbr101i0"}
    veth = {
        "ifindex": 24,
        "ifname": "veth102i0",
        "flags": ["UP", "LOWER_UP"],
        "operstate": "UP",
        "linkinfo": {"info_kind": "veth"},
    }
    ip_link = [*IP_LINK, tap, guest_bridge, guest_vlan, firewall, veth]
    ip_addr = [*IP_ADDR, addr("tap100i0"), addr("vmbr0v100", "198.51.100.1/24"), addr("veth102i0")]
    assert verify(plan(), document(ip_link=ip_link, ip_addr=ip_addr)).ok


def test_addresses_of_stanzas_netwizard_does_not_judge_are_planned_all_the_same():
    ovs = "\nauto vmbr1\niface vmbr1 inet static\n\taddress 192.0.2.9/24\n\tovs_type OVSBridge\n"
    vmbr1 = VMBR0 | {"ifindex": 40, "ifname": "vmbr1", "linkinfo": {"info_kind": "openvswitch"}}
    ip_addr = [*IP_ADDR, addr("vmbr1", "192.0.2.9/24")]
    verification = verify(parse(SEED + ovs), document(ip_link=[*IP_LINK, vmbr1], ip_addr=ip_addr))
    assert verification.ok and "vmbr1" not in {c.subject for c in verification.checks}


def test_a_plan_that_sources_other_files_says_an_unplanned_bridge_may_come_from_them():
    network = parse("source /etc/network/interfaces.d/*\n\n" + SEED)
    vnet = VMBR0 | {"ifindex": 30, "ifname": "vnet1"}
    check = only_failure(verify(network, document(ip_link=[*IP_LINK, vnet])))
    assert check.verdict == "vnet1 is running but the plan has no vnet1: an old bridge still up."
    assert check.action.endswith("It may come from a file the plan's `source` lines include.")


# Summary -------------------------------------------------------------------------------------


def test_the_summary_names_the_failed_checks():
    network = parse(SEED.replace("bridge-fd 0", "bridge-fd 0\n        mtu 9000"))
    bonding = bonding_text(partner=NO_PARTNER, aggregators={"eno1": 1, "eno2": 2})
    verification = verify(network, document(bonding={"bond0": bonding}))
    assert verification.summary() == "12 checks: 2 fail (bond0 LACP, vmbr0 MTU)."
    assert not verification.ok
    assert Verification((), "").summary() == "0 checks: the plan has nothing netwizard verifies."
    assert not Verification((), "").ok


def test_one_failure_reads_in_the_singular():
    verification = verify(plan(), document(ip_route=IP_ROUTE[1:]))
    assert verification.summary() == "11 checks: 1 fails (default route IPv4)."


# Documents that cannot be read, and hostile ones -----------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("{not json", r"is not JSON \(line 1, column 2"),
        (b"\xc3\x28{}", r"not UTF-8 text \(byte 0\)"),
        ('{"hostname": "pve1"}', "not netwizard's facts document"),
        (json.dumps(IP_LINK), "not netwizard's facts document"),
        ('{"netwizard_facts": 2, "ip_link": []}', "has format 2; this netwizard reads format 1"),
        ('{"netwizard_facts": "1", "ip_link": []}', "not netwizard's facts document"),
        ('{"netwizard_facts": true, "ip_link": []}', "not netwizard's facts document"),
        ('{"netwizard_facts": 1}', 'has no "ip_link" list'),
        ('{"netwizard_facts": "\ud800"}', "not netwizard's facts document"),
        ('{"netwizard_facts": 1, "ip_link": {}}', 'has no "ip_link" list'),
        ("[" * 100_000 + "]" * 100_000, "nests too deeply"),
    ],
)
def test_an_unreadable_document_says_why(data, message):
    with pytest.raises(VerifyError, match=message):
        verify(plan(), data)


def test_a_document_over_20_mib_is_refused_before_it_is_parsed():
    with pytest.raises(VerifyError, match="at most 20 MiB"):
        verify(plan(), b"{" + b" " * MAX_BYTES + b"}")


HOSTILE = ["<script>alert(1)</script>", "eno1\n\tpost-up reboot", "a b", "$(id)", "x" * 16, "ëno1"]


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_are_skipped_and_never_in_a_verdict(name):
    bad_bond = BOND1 | {"ifname": name}
    bad_master = member("eno3", name)
    ip_link = [*IP_LINK, bad_bond, bad_master, {"ifname": name}, "not an object", 7]
    ip_addr = [*IP_ADDR, addr(name, "192.0.2.66/24"), addr("eno3", f"{name}/24"), {"addr_info": "x"}]
    route = {"dst": "default", "gateway": "192.0.2.1", "dev": name}
    scoped = {"dst": "default", "gateway": f"fe80::1%{name}", "dev": "vmbr0"}
    verification = verify(
        plan(),
        document(
            hostname=name,
            ip_link=ip_link,
            ip_addr=ip_addr,
            ip_route=[*IP_ROUTE, route],
            ip6_route=[*IP6_ROUTE, scoped],
            bonding={"bond0": bonding_text(), name: bonding_text()},
        ),
    )
    said = [text for c in verification.checks for text in (c.subject, c.verdict, c.action, c.label)]
    assert not any(name in text for text in said)
    # eno3 itself is a plain NIC the plan lacks: not a bond, bridge or VLAN, and no address.
    assert verification.ok, failed(verification)
    assert verification.hostname == (name if name == "x" * 16 else "")


def test_evidence_is_plain_ascii_and_capped():
    noisy = bonding_text() + "\x1b[31m\u202e" + "x" * 30_000
    with_huge_link = links({"ifname": "vmbr0", "ifalias": "é\u202e" * 30_000})
    checks = {c.name: c for c in verify(plan(), document(ip_link=with_huge_link, bonding={"bond0": noisy})).checks}
    for check in (checks["bond0 mode"], checks["vmbr0 link"]):
        assert len(check.evidence) <= 20_000 and check.evidence.endswith("[cut at 20,000 characters]")
        assert check.evidence.isascii() and "\x1b" not in check.evidence
