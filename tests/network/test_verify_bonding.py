"""Reading /proc/net/bonding/<bond> (`netwizard.network.verify.bonding`).

The samples are written here in the layout of the kernel's bond_procfs.c as a 6.x kernel
on Proxmox VE 8/9 prints it when root reads the file: the driver line, the bond's part,
the 802.3ad block with the active aggregator, then one block per member (with the "details
actor/partner lacp pdu" blocks of newer kernels). MACs are made up; the switch's OUI is a
real vendor's.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netwizard.network import bonding
from netwizard.network.verify import MODES, BondingParseError, BondSlave, BondStatus, bonding_parse
from netwizard.network.verify.bonding import MAX_BYTES
from tests.examples import examples
from tests.network.strategies import nasty_text

PROPERTY = settings(max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])

ACTIVE_BACKUP_PRIMARY = """\
Ethernet Channel Bonding Driver: v6.8.12-4-pve

Bonding Mode: fault-tolerance (active-backup)
Primary Slave: eno1 (primary_reselect always)
Currently Active Slave: eno1
MII Status: up
MII Polling Interval (ms): 100
Up Delay (ms): 200
Down Delay (ms): 0
Peer Notification Delay (ms): 0

Slave Interface: eno1
MII Status: up
Speed: 1000 Mbps
Duplex: full
Link Failure Count: 0
Permanent HW addr: 3C:EC:EF:12:34:56
Slave queue ID: 0

Slave Interface: eno2
MII Status: up
Speed: 1000 Mbps
Duplex: full
Link Failure Count: 0
Permanent HW addr: 3c:ec:ef:12:34:57
Slave queue ID: 0
"""

ACTIVE_BACKUP_NO_PRIMARY = """\
Ethernet Channel Bonding Driver: v6.14.8-2-pve

Bonding Mode: fault-tolerance (active-backup)
Primary Slave: None
Currently Active Slave: nic1
MII Status: up
MII Polling Interval (ms): 100
Up Delay (ms): 0
Down Delay (ms): 0
Peer Notification Delay (ms): 0

Slave Interface: nic0
MII Status: down
Speed: Unknown
Duplex: Unknown
Link Failure Count: 2
Permanent HW addr: 3c:ec:ef:12:34:58
Slave queue ID: 0

Slave Interface: nic1
MII Status: up
Speed: 10000 Mbps
Duplex: full
Link Failure Count: 0
Permanent HW addr: 3c:ec:ef:12:34:59
Slave queue ID: 0
"""

SWITCH_MAC = "f4:b5:2f:4a:10:c0"  # Juniper's OUI


def _lacp_member(name: str, mac: str, aggregator: int, *, actor_state: int, partner: str, partner_state: int) -> str:
    partner_key, partner_number = (21, 12) if partner != "00:00:00:00:00:00" else (1, 1)
    return f"""
Slave Interface: {name}
MII Status: up
Speed: 25000 Mbps
Duplex: full
Link Failure Count: 0
Permanent HW addr: {mac}
Slave queue ID: 0
Aggregator ID: {aggregator}
Actor Churn State: none
Partner Churn State: {"none" if partner_state != 1 else "churned"}
Actor Churned Count: 0
Partner Churned Count: {0 if partner_state != 1 else 1}
details actor lacp pdu:
    system priority: 65535
    system mac address: 0c:42:a1:8e:20:10
    port key: 21
    port priority: 255
    port number: {1 if name.endswith("0") else 2}
    port state: {actor_state}
details partner lacp pdu:
    system priority: {127 if partner_key == 21 else 65535}
    system mac address: {partner}
    oper key: {partner_key}
    port priority: {127 if partner_key == 21 else 255}
    port number: {partner_number}
    port state: {partner_state}
"""


def _lacp_bond(*, aggregator_ports: int, partner: str, partner_key: int, members: str, release: str) -> str:
    return f"""\
Ethernet Channel Bonding Driver: v{release}

Bonding Mode: IEEE 802.3ad Dynamic link aggregation
Transmit Hash Policy: layer2+3 (2)
MII Status: up
MII Polling Interval (ms): 100
Up Delay (ms): 0
Down Delay (ms): 0
Peer Notification Delay (ms): 0

802.3ad info
LACP active: on
LACP rate: fast
Min links: 0
Aggregator selection policy (ad_select): stable
System priority: 65535
System MAC address: 0c:42:a1:8e:20:10
Active Aggregator Info:
\tAggregator ID: 1
\tNumber of ports: {aggregator_ports}
\tActor Key: 21
\tPartner Key: {partner_key}
\tPartner Mac Address: {partner}
{members}"""


# Both members in aggregator 1 with the switch as partner; states 63 (ours, fast) and 61.
LACP_NEGOTIATED = _lacp_bond(
    aggregator_ports=2,
    partner=SWITCH_MAC.upper(),
    partner_key=21,
    release="6.8.12-4-pve",
    members=_lacp_member("enp65s0f0", "0c:42:a1:8e:20:10", 1, actor_state=63, partner=SWITCH_MAC, partner_state=61)
    + _lacp_member("enp65s0f1", "0c:42:a1:8e:20:11", 1, actor_state=63, partner=SWITCH_MAC, partner_state=61),
)
# The switch ports are not in a port-channel: no LACPDU comes back, the partner stays the
# default (all zeros, state 1) and each member sits in an aggregator of its own.
LACP_NOT_NEGOTIATED = _lacp_bond(
    aggregator_ports=1,
    partner="00:00:00:00:00:00",
    partner_key=1,
    release="6.8.12-4-pve",
    members=_lacp_member(
        "enp65s0f0", "0c:42:a1:8e:20:10", 1, actor_state=71, partner="00:00:00:00:00:00", partner_state=1
    )
    + _lacp_member("enp65s0f1", "0c:42:a1:8e:20:11", 2, actor_state=71, partner="00:00:00:00:00:00", partner_state=1),
)
# One member lost its link: it stays listed, down, without speed or duplex.
LACP_MEMBER_DOWN = LACP_NEGOTIATED.replace(
    """Slave Interface: enp65s0f1
MII Status: up
Speed: 25000 Mbps
Duplex: full
Link Failure Count: 0""",
    """Slave Interface: enp65s0f1
MII Status: down
Speed: Unknown
Duplex: Unknown
Link Failure Count: 1""",
).replace("\tNumber of ports: 2", "\tNumber of ports: 1")

# A 5.15 kernel (Proxmox VE 7) prints no details blocks.
LACP_OLDER_KERNEL = """\
Ethernet Channel Bonding Driver: v5.15.158-2-pve

Bonding Mode: IEEE 802.3ad Dynamic link aggregation
Transmit Hash Policy: layer3+4 (1)
MII Status: up
MII Polling Interval (ms): 100
Up Delay (ms): 0
Down Delay (ms): 0
Peer Notification Delay (ms): 0

802.3ad info
LACP rate: slow
Min links: 0
Aggregator selection policy (ad_select): stable
System priority: 65535
System MAC address: 3c:ec:ef:12:34:56
Active Aggregator Info:
\tAggregator ID: 3
\tNumber of ports: 2
\tActor Key: 9
\tPartner Key: 1001
\tPartner Mac Address: 70:0f:6a:1c:2b:00

Slave Interface: eno1
MII Status: up
Speed: 1000 Mbps
Duplex: full
Link Failure Count: 0
Permanent HW addr: 3c:ec:ef:12:34:56
Slave queue ID: 0
Aggregator ID: 3
Actor Churn State: none
Partner Churn State: none
Actor Churned Count: 0
Partner Churned Count: 0

Slave Interface: eno2
MII Status: up
Speed: 1000 Mbps
Duplex: full
Link Failure Count: 0
Permanent HW addr: 3c:ec:ef:12:34:57
Slave queue ID: 0
Aggregator ID: 3
Actor Churn State: none
Partner Churn State: none
Actor Churned Count: 0
Partner Churned Count: 0
"""

BALANCE_ALB = """\
Ethernet Channel Bonding Driver: v6.8.12-4-pve

Bonding Mode: adaptive load balancing
Primary Slave: None
Currently Active Slave: eno1
MII Status: up
MII Polling Interval (ms): 100
Up Delay (ms): 0
Down Delay (ms): 0
Peer Notification Delay (ms): 0

Slave Interface: eno1
MII Status: up
Speed: 1000 Mbps
Duplex: full
Link Failure Count: 0
Permanent HW addr: 3c:ec:ef:12:34:56
Slave queue ID: 0

Slave Interface: eno2
MII Status: going back
Speed: 100 Mbps
Duplex: half
Link Failure Count: 3
Permanent HW addr: 3c:ec:ef:12:34:57
Slave queue ID: 0
"""

BALANCE_XOR = """\
Ethernet Channel Bonding Driver: v6.8.12-4-pve

Bonding Mode: load balancing (xor)
Transmit Hash Policy: layer3+4 (1)
MII Status: up
MII Polling Interval (ms): 100
Up Delay (ms): 0
Down Delay (ms): 0
Peer Notification Delay (ms): 0

Slave Interface: eno3
MII Status: up
Speed: 10000 Mbps
Duplex: full
Link Failure Count: 0
Permanent HW addr: 3c:ec:ef:12:34:5a
Slave queue ID: 0

Slave Interface: eno4
MII Status: up
Speed: 10000 Mbps
Duplex: full
Link Failure Count: 0
Permanent HW addr: 3c:ec:ef:12:34:5b
Slave queue ID: 0
"""

BROADCAST = """\
Ethernet Channel Bonding Driver: v6.14.8-2-pve

Bonding Mode: fault-tolerance (broadcast)
MII Status: up
MII Polling Interval (ms): 100
Up Delay (ms): 0
Down Delay (ms): 0
Peer Notification Delay (ms): 0

Slave Interface: ens18
MII Status: up
Speed: Unknown
Duplex: Unknown
Link Failure Count: 0
Permanent HW addr: bc:24:11:aa:bb:cc
Slave queue ID: 0
"""

BALANCE_RR = """\
Ethernet Channel Bonding Driver: v6.8.12-4-pve

Bonding Mode: load balancing (round-robin)
MII Status: down
MII Polling Interval (ms): 0
Up Delay (ms): 0
Down Delay (ms): 0
Peer Notification Delay (ms): 0
"""


def _member(name: str, mac: str, **changes) -> BondSlave:
    """A member up at 1 Gbit/s full duplex, as most samples have them, with `changes`."""
    return replace(BondSlave(name, "up", 1000, "full", 0, mac, None), **changes)


def _line_of(text: str, start: str, occurrence: int = 1) -> int:
    found = [n for n, line in enumerate(text.split("\n"), 1) if line.strip().startswith(start)]
    return found[occurrence - 1]


# Samples of every mode -------------------------------------------------------------------


def test_active_backup_with_a_primary():
    status = bonding_parse("bond0", ACTIVE_BACKUP_PRIMARY)

    assert status == BondStatus(
        name="bond0",
        mode="active-backup",
        mii_status="up",
        miimon_ms=100,
        primary="eno1",
        active_slave="eno1",
        hash_policy="",
        lacp_rate="",
        active_aggregator_id=None,
        partner_mac="",
        partner_key=None,
        slaves=(_member("eno1", "3c:ec:ef:12:34:56"), _member("eno2", "3c:ec:ef:12:34:57")),
    )
    assert not status.lacp_negotiated


def test_active_backup_without_a_primary_after_a_failover():
    status = bonding_parse("bond0", ACTIVE_BACKUP_NO_PRIMARY)

    assert (status.primary, status.active_slave) == ("", "nic1")
    assert status.slaves == (
        _member("nic0", "3c:ec:ef:12:34:58", mii_status="down", speed_mbps=None, duplex="", link_failure_count=2),
        _member("nic1", "3c:ec:ef:12:34:59", speed_mbps=10000),
    )


def test_active_backup_with_fail_over_mac_and_no_active_member():
    text = ACTIVE_BACKUP_NO_PRIMARY.replace("(active-backup)", "(active-backup) (fail_over_mac active)").replace(
        "Currently Active Slave: nic1", "Currently Active Slave: None"
    )

    status = bonding_parse("bond0", text)

    assert (status.mode, status.active_slave) == ("active-backup", "")


def test_lacp_negotiated_with_the_switch():
    status = bonding_parse("bond0", LACP_NEGOTIATED)

    assert (status.mode, status.hash_policy, status.lacp_rate) == ("802.3ad", "layer2+3", "fast")
    assert (status.active_aggregator_id, status.partner_mac, status.partner_key) == (1, SWITCH_MAC, 21)
    assert [(s.name, s.aggregator_id, s.actor_port_state, s.partner_port_state) for s in status.slaves] == [
        ("enp65s0f0", 1, 63, 61),
        ("enp65s0f1", 1, 63, 61),
    ]
    assert (status.primary, status.active_slave) == ("", "")
    assert status.lacp_negotiated


def test_lacp_not_negotiated_when_the_switch_ports_are_no_port_channel():
    status = bonding_parse("bond0", LACP_NOT_NEGOTIATED)

    assert (status.active_aggregator_id, status.partner_mac, status.partner_key) == (1, "00:00:00:00:00:00", 1)
    assert [(s.aggregator_id, s.actor_port_state, s.partner_port_state) for s in status.slaves] == [
        (1, 71, 1),
        (2, 71, 1),
    ]
    assert not status.lacp_negotiated


def test_lacp_not_negotiated_when_an_up_member_is_outside_the_active_aggregator():
    text = LACP_NEGOTIATED.replace("Aggregator ID: 1\nActor Churn State", "Aggregator ID: 2\nActor Churn State", 1)

    status = bonding_parse("bond0", text)

    assert [s.aggregator_id for s in status.slaves] == [2, 1]
    assert not status.lacp_negotiated


def test_lacp_with_one_member_down_is_still_negotiated():
    status = bonding_parse("bond0", LACP_MEMBER_DOWN)

    down = status.slaves[1]
    assert (down.mii_status, down.speed_mbps, down.duplex, down.link_failure_count) == ("down", None, "", 1)
    assert status.lacp_negotiated  # the member that is down does not count


def test_lacp_is_not_negotiated_when_no_member_is_up():
    status = bonding_parse(
        "bond0", LACP_MEMBER_DOWN.replace("MII Status: up\nSpeed: 25000", "MII Status: down\nSpeed: 25000")
    )

    assert all(s.mii_status == "down" for s in status.slaves)
    assert not status.lacp_negotiated


def test_lacp_read_without_root_has_no_active_aggregator():
    head, _, rest = LACP_NEGOTIATED.partition("System priority: 65535\n")
    text = head + rest.split("\n\n", 1)[1]  # no system lines and no "Active Aggregator Info:" block

    status = bonding_parse("bond0", text)

    assert (status.active_aggregator_id, status.partner_mac, status.partner_key) == (None, "", None)
    assert not status.lacp_negotiated


def test_lacp_without_an_active_aggregator_and_a_member_without_aggregator():
    text = LACP_NOT_NEGOTIATED.split("Active Aggregator Info:")[0] + "bond bond0 has no active aggregator\n"
    text += "\nSlave Interface: enp65s0f0\nMII Status: down\nSpeed: Unknown\nDuplex: Unknown\n"
    text += "Link Failure Count: 0\nPermanent HW addr: 0c:42:a1:8e:20:10\nSlave queue ID: 0\nAggregator ID: N/A\n"

    status = bonding_parse("bond0", text)

    assert status.active_aggregator_id is None
    assert status.slaves[0].aggregator_id is None
    assert not status.lacp_negotiated


def test_lacp_on_an_older_kernel_without_details_blocks():
    status = bonding_parse("bond1", LACP_OLDER_KERNEL)

    assert (status.hash_policy, status.lacp_rate, status.active_aggregator_id, status.partner_key) == (
        "layer3+4",
        "slow",
        3,
        1001,
    )
    assert [(s.aggregator_id, s.actor_port_state, s.partner_port_state) for s in status.slaves] == [
        (3, None, None),
        (3, None, None),
    ]
    assert status.lacp_negotiated


def test_balance_alb():
    status = bonding_parse("bond0", BALANCE_ALB)

    assert (status.mode, status.primary, status.active_slave, status.hash_policy) == ("balance-alb", "", "eno1", "")
    assert status.slaves[1] == _member(
        "eno2", "3c:ec:ef:12:34:57", mii_status="going back", speed_mbps=100, duplex="half", link_failure_count=3
    )


def test_balance_xor_with_its_hash_policy():
    status = bonding_parse("bond2", BALANCE_XOR)

    assert (status.mode, status.hash_policy, status.primary, status.lacp_rate) == ("balance-xor", "layer3+4", "", "")
    assert [s.name for s in status.slaves] == ["eno3", "eno4"]


def test_broadcast_and_balance_rr():
    broadcast = bonding_parse("bond3", BROADCAST)
    round_robin = bonding_parse("bond4", BALANCE_RR)

    assert (broadcast.mode, broadcast.slaves[0].speed_mbps, broadcast.slaves[0].duplex) == ("broadcast", None, "")
    assert (round_robin.mode, round_robin.mii_status, round_robin.miimon_ms, round_robin.slaves) == (
        "balance-rr",
        "down",
        0,
        (),
    )


def test_transmit_load_balancing_is_known():
    assert bonding_parse("bond0", BALANCE_ALB.replace("adaptive load", "transmit load")).mode == "balance-tlb"


def test_modes_map_the_kernels_seven_texts_to_ifupdown2s_names():
    assert set(MODES.values()) == set(bonding.MODE_NAMES)
    assert len(MODES) == 7


# What varies between kernels --------------------------------------------------------------


def test_arp_monitoring_lines_and_unknown_lines_are_ignored():
    text = ACTIVE_BACKUP_PRIMARY.replace(
        "MII Polling Interval (ms): 100\n",
        "MII Polling Interval (ms): 0\nARP Polling Interval (ms): 1000\nARP Missed Max: 2\n"
        "ARP IP target/s (n.n.n.n form): 192.0.2.1, 192.0.2.2\nNS IPv6 target/s (xx::xx form): 2001:db8::1\n"
        "A line some future kernel adds: 42\n802.3ad info\n",
    )

    status = bonding_parse("bond0", text)

    assert status.miimon_ms == 0
    assert status.slaves == bonding_parse("bond0", ACTIVE_BACKUP_PRIMARY).slaves


def test_indentation_line_endings_and_blank_lines_do_not_matter():
    text = "\n\n" + "\r\n".join("  " + line if line else "\t" for line in LACP_NEGOTIATED.split("\n"))

    assert bonding_parse("bond0", text) == bonding_parse("bond0", LACP_NEGOTIATED)


def test_an_infiniband_member_keeps_its_20_byte_address():
    address = "80:00:02:08:fe:80:00:00:00:00:00:00:e4:1d:2d:03:00:1a:2b:3c"
    text = BROADCAST.replace("Slave Interface: ens18", "Slave Interface: ib0").replace("bc:24:11:aa:bb:cc", address)

    assert bonding_parse("bond0", text).slaves[0].permanent_mac == address


def test_a_member_without_its_permanent_address():
    text = BROADCAST.replace("Permanent HW addr: bc:24:11:aa:bb:cc\n", "")

    assert bonding_parse("bond0", text).slaves[0].permanent_mac == ""


# Refusals ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "at", "words"),
    [
        ("", 1, "Ethernet Channel Bonding Driver"),
        ("\n\n", 3, "found the end of the text"),
        (BALANCE_XOR.split("\n", 2)[2], 1, "Ethernet Channel Bonding Driver"),
        ("\n\nbonding: v6.8\n" + BALANCE_XOR, 3, "Ethernet Channel Bonding Driver"),
        (
            BALANCE_XOR.replace("Bonding Mode: load balancing (xor)\n", ""),
            "Slave Interface",
            "'Bonding Mode: …' before",
        ),
        ("Ethernet Channel Bonding Driver: v6.8\n\nMII Status: up\n", 4, "without a 'Bonding Mode"),
        (BALANCE_XOR + BALANCE_RR, 26, "a second 'Ethernet Channel Bonding Driver:'"),
        (
            BALANCE_XOR.replace("MII Status: up", "Bonding Mode: balance-rr", 1),
            "Bonding Mode: bal",
            "a second 'Bonding",
        ),
        (BALANCE_XOR.replace("load balancing (xor)", "reverse proximity hash"), 3, "'reverse proximity hash'"),
        (BALANCE_XOR.replace("load balancing (xor)", "balance-xor"), 3, "unknown bonding mode 'balance-xor'"),
        (BALANCE_XOR.replace("(xor)", "(xor) (fail_over_mac active)"), 3, "unknown bonding mode"),
        (BALANCE_XOR.replace("layer3+4 (1)", "layer3+4"), 4, "'layer2+3 (2)'"),
        (BALANCE_XOR.replace("3c:ec:ef:12:34:5b", "3c:ec:ef:12:5b"), "Permanent HW addr: 3c:ec:ef:12:5b", "a MAC"),
        (
            BALANCE_XOR.replace("3c:ec:ef:12:34:5b", "3c-ec-ef-12-34-5b"),
            "Permanent HW addr: 3c-",
            "'3c-ec-ef-12-34-5b'",
        ),
        (LACP_NEGOTIATED.replace(SWITCH_MAC.upper(), "f4:b5:2f:4a:10:zz"), "Partner Mac", "expected a MAC address"),
        (BALANCE_XOR.replace("Count: 0", "Count: many", 1), "Link Failure Count: many", "expected a number"),
        (BALANCE_XOR.replace("(ms): 100", "(ms): -100"), 6, "expected a number, found '-100'"),
        (BALANCE_XOR.replace("Speed: 10000 Mbps", "Speed: 10 Gbps", 1), "Speed: 10 G", "'1000 Mbps' or 'Unknown'"),
        (BALANCE_XOR.replace("Duplex: full", "Duplex: FULL", 1), "Duplex: FULL", "'full', 'half' or 'Unknown'"),
        (LACP_NEGOTIATED.replace("Partner Key: 21", "Partner Key: 0x15"), "Partner Key", "expected a number"),
        (LACP_NEGOTIATED.replace("port state: 61", "port state: 256", 1), "port state: 256", "a number up to 255"),
        (LACP_NEGOTIATED.replace("LACP rate: fast", "LACP rate: 1"), "LACP rate", "'fast' or 'slow'"),
        (
            LACP_NEGOTIATED.replace("Aggregator ID: 1\nActor", "Aggregator ID: one\nActor", 1),
            "Aggregator ID: one",
            "number",
        ),
        (BALANCE_XOR.replace("MII Status: up", "MII Status: 1", 1), "MII Status: 1", "a link status"),
        (BALANCE_XOR.replace("Slave Interface: eno4", "Slave Interface: eno3"), 19, "'eno3' is listed twice"),
    ],
)
def test_a_text_the_kernel_would_not_print_is_refused_naming_the_line(text, at, words):
    line = at if isinstance(at, int) else _line_of(text, at)

    with pytest.raises(BondingParseError) as raised:
        bonding_parse("bond0", text)

    assert raised.value.line == line
    assert str(raised.value).startswith(f"line {line}: ")
    assert words in raised.value.message


def test_line_numbers_count_newlines_only():
    text = BALANCE_XOR.replace("Up Delay (ms): 0", "Up Delay (ms): 0\u2028\x0c\x1c").replace(
        "Speed: 10000 Mbps", "Speed: x", 1
    )

    with pytest.raises(BondingParseError) as raised:
        bonding_parse("bond0", text)

    assert raised.value.line == _line_of(BALANCE_XOR, "Speed:")


@pytest.mark.parametrize(
    "name",
    ["", "bond 0", "bond0; reboot", "<script>", "bond0\n", "bond\x000", "a" * 16, "-bond0", "bönd0", "../bond0"],
)
def test_a_hostile_bond_name_is_refused(name):
    with pytest.raises(BondingParseError, match="is not an interface name") as raised:
        bonding_parse(name, BALANCE_RR)

    assert raised.value.line is None


@pytest.mark.parametrize(
    ("old", "new", "start"),
    [
        ("Slave Interface: eno1", "Slave Interface: <img src=x onerror=alert(1)>", "Slave Interface"),
        ("Slave Interface: eno2", "Slave Interface: eno2 && reboot", "Slave Interface"),
        ("Slave Interface: eno2", "Slave Interface: abcdefghijklmnopq", "Slave Interface"),
        ("Slave Interface: eno2", "Slave Interface:", "Slave Interface"),
        ("Primary Slave: eno1 (", "Primary Slave: <b>eno1</b> (", "Primary Slave"),
        ("Currently Active Slave: eno1", "Currently Active Slave: eno1\x1b[2J", "Currently Active Slave"),
        ("Currently Active Slave: eno1", "Currently Active Slave: 'eno1'", "Currently Active Slave"),
    ],
)
def test_a_hostile_member_name_is_refused(old, new, start):
    text = ACTIVE_BACKUP_PRIMARY.replace(old, new)

    with pytest.raises(BondingParseError, match="expected an interface name") as raised:
        bonding_parse("bond0", text)

    assert raised.value.line == _line_of(text, start, 2 if "eno2" in old else 1)
    assert "\x1b" not in str(raised.value)  # control characters are escaped in the message


def test_names_that_the_kernel_allows_are_kept():
    text = BROADCAST.replace("Slave Interface: ens18", "Slave Interface: enp65s0f0.100:1")

    status = bonding_parse("uplink-A_1+x.9", text)

    assert (status.name, status.slaves[0].name) == ("uplink-A_1+x.9", "enp65s0f0.100:1")


def test_a_text_of_one_mebibyte_is_read_and_one_byte_more_refused():
    exactly = BALANCE_RR + "\n" * (MAX_BYTES - len(BALANCE_RR))
    assert bonding_parse("bond0", exactly).mode == "balance-rr"

    with pytest.raises(BondingParseError, match="larger than 1,048,576 bytes") as raised:
        bonding_parse("bond0", exactly + "\n")
    assert raised.value.line is None

    with pytest.raises(BondingParseError, match="larger than"):  # counted in UTF-8 bytes, not characters
        bonding_parse("bond0", BALANCE_RR + "é" * ((MAX_BYTES - len(BALANCE_RR)) // 2 + 1))


# Properties --------------------------------------------------------------------------------

_MODE_TEXTS = {mode: text for text, mode in MODES.items()}
_HASH_NUMBERS = {"layer2": 0, "layer3+4": 1, "layer2+3": 2, "encap2+3": 3, "encap3+4": 4, "vlan+srcmac": 5}
_WITH_PRIMARY = {"active-backup", "balance-tlb", "balance-alb"}
_LACP = "802.3ad"


def _kernel_text(status: BondStatus, *, fail_over_mac: bool, indent: str, newline: str) -> str:
    """`status` as a 6.x kernel prints it for root (a test-local writer, after bond_procfs.c)."""
    mode = _MODE_TEXTS[status.mode] + (" (fail_over_mac active)" if fail_over_mac else "")
    lines = ["Ethernet Channel Bonding Driver: v6.8.12-4-pve", "", f"Bonding Mode: {mode}"]
    if status.hash_policy:
        lines.append(f"Transmit Hash Policy: {status.hash_policy} ({_HASH_NUMBERS[status.hash_policy]})")
    if status.mode in _WITH_PRIMARY:
        primary = f"{status.primary} (primary_reselect always)" if status.primary else "None"
        lines += [f"Primary Slave: {primary}", f"Currently Active Slave: {status.active_slave or 'None'}"]
    lines.append(f"MII Status: {status.mii_status}")
    if status.miimon_ms is not None:
        lines.append(f"MII Polling Interval (ms): {status.miimon_ms}")
    lines += ["Up Delay (ms): 0", "Down Delay (ms): 0", "Peer Notification Delay (ms): 0"]
    if status.mode == _LACP:
        lines += ["", "802.3ad info", "LACP active: on", f"LACP rate: {status.lacp_rate}", "Min links: 0"]
        lines += ["Aggregator selection policy (ad_select): stable", "System priority: 65535"]
        lines.append("System MAC address: 0c:42:a1:8e:20:10")
        if status.active_aggregator_id is None:
            lines.append(f"bond {status.name} has no active aggregator")
        else:
            lines += ["Active Aggregator Info:", f"\tAggregator ID: {status.active_aggregator_id}"]
            lines += [f"\tNumber of ports: {len(status.slaves)}", "\tActor Key: 21"]
            lines += [f"\tPartner Key: {status.partner_key}", f"\tPartner Mac Address: {status.partner_mac}"]
    for slave in status.slaves:
        speed = "Unknown" if slave.speed_mbps is None else f"{slave.speed_mbps} Mbps"
        lines += ["", f"Slave Interface: {slave.name}", f"MII Status: {slave.mii_status}", f"Speed: {speed}"]
        lines += [f"Duplex: {slave.duplex or 'Unknown'}", f"Link Failure Count: {slave.link_failure_count}"]
        if slave.permanent_mac:
            lines.append(f"Permanent HW addr: {slave.permanent_mac}")
        lines.append("Slave queue ID: 0")
        if status.mode == _LACP and slave.aggregator_id is None:
            lines.append("Aggregator ID: N/A")
        elif status.mode == _LACP:
            lines += [f"Aggregator ID: {slave.aggregator_id}", "Actor Churn State: none"]
            lines += ["Partner Churn State: none", "Actor Churned Count: 0", "Partner Churned Count: 0"]
            if slave.actor_port_state is not None:
                lines += ["details actor lacp pdu:", "    system priority: 65535", "    port key: 21"]
                lines += ["    port number: 1", f"    port state: {slave.actor_port_state}"]
                partner = status.partner_mac or "00:00:00:00:00:00"
                lines += ["details partner lacp pdu:", f"    system mac address: {partner}"]
                lines += ["    oper key: 1", f"    port state: {slave.partner_port_state}"]
    return newline.join(indent + line if line else line for line in lines) + newline


_NAMES = st.from_regex(r"[A-Za-z0-9_][A-Za-z0-9_.:+-]{0,14}", fullmatch=True).filter(lambda n: n != "None")
_MACS = st.lists(st.integers(0, 255), min_size=6, max_size=6).map(lambda b: ":".join(f"{x:02x}" for x in b))
_COUNTS = st.integers(0, 2**31 - 1)


@st.composite
def _slaves(draw, *, lacp: bool) -> BondSlave:
    aggregator = draw(st.none() | st.integers(1, 65535)) if lacp else None
    states = draw(st.none() | st.tuples(st.integers(0, 255), st.integers(0, 255))) if aggregator else None
    return BondSlave(
        name=draw(_NAMES),
        mii_status=draw(st.sampled_from(["up", "down", "going back", "going down"])),
        speed_mbps=draw(st.none() | st.sampled_from([10, 100, 1000, 2500, 10000, 25000, 100000]) | _COUNTS),
        duplex=draw(st.sampled_from(["full", "half", ""])),
        link_failure_count=draw(_COUNTS),
        permanent_mac=draw(st.just("") | _MACS),
        aggregator_id=aggregator,
        actor_port_state=states[0] if states else None,
        partner_port_state=states[1] if states else None,
    )


@st.composite
def bond_statuses(draw) -> BondStatus:
    mode = draw(st.sampled_from(sorted(MODES.values())))
    lacp = mode == _LACP
    slaves = draw(st.lists(_slaves(lacp=lacp), max_size=4, unique_by=lambda s: s.name))
    names = st.sampled_from([s.name for s in slaves]) | st.just("") if slaves else st.just("")
    hashes = st.sampled_from(sorted(_HASH_NUMBERS))
    if mode in ("balance-xor", _LACP):
        hash_policy = draw(hashes)
    else:
        hash_policy = draw(hashes | st.just("")) if mode == "balance-tlb" else ""
    aggregator = draw(st.none() | st.tuples(st.integers(1, 65535), st.just("00:00:00:00:00:00") | _MACS, _COUNTS))
    aggregator = aggregator if lacp else None
    return BondStatus(
        name=draw(_NAMES),
        mode=mode,
        mii_status=draw(st.sampled_from(["up", "down"])),
        miimon_ms=draw(st.none() | _COUNTS),
        primary=draw(names) if mode in _WITH_PRIMARY else "",
        active_slave=draw(names) if mode in _WITH_PRIMARY else "",
        hash_policy=hash_policy,
        lacp_rate=draw(st.sampled_from(["fast", "slow"])) if lacp else "",
        active_aggregator_id=aggregator[0] if aggregator else None,
        partner_mac=aggregator[1] if aggregator else "",
        partner_key=aggregator[2] if aggregator else None,
        slaves=tuple(slaves),
    )


@PROPERTY
@given(
    status=bond_statuses(),
    fail_over_mac=st.booleans(),
    indent=st.sampled_from(["", "  ", "\t"]),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_a_status_written_as_the_kernel_does_reads_back_equal(status, fail_over_mac, indent, newline):
    text = _kernel_text(
        status, fail_over_mac=fail_over_mac and status.mode == "active-backup", indent=indent, newline=newline
    )

    assert bonding_parse(status.name, text) == status


@settings(max_examples=examples(200), deadline=None)
@given(status=bond_statuses(), line=st.integers(0, 60), garbage=nasty_text())
def test_a_damaged_text_is_read_or_refused_with_a_line_never_crashed(status, line, garbage):
    lines = _kernel_text(status, fail_over_mac=False, indent="", newline="\n").split("\n")
    lines.insert(min(line, len(lines)), garbage)

    try:
        read = bonding_parse(status.name, "\n".join(lines))
    except BondingParseError as error:
        assert error.line is not None
        assert 1 <= error.line <= len(lines) + garbage.count("\n")
    else:
        assert read.mode == status.mode
