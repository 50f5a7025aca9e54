"""Reading a node's facts document (issue 17), from the shapes `ip -j -d link show` prints.

The samples follow iproute2's JSON output: a bond member carries `master`, the
`SLAVE` flag and `linkinfo.info_slave_data.perm_hwaddr` (and `permaddr` when its address
is the bond's); bonds, bridges and VLANs carry `linkinfo.info_kind`; PCI and virtio NICs
carry `parentbus`/`parentdev`; the loopback has link_type "loopback".
"""

from __future__ import annotations

import json

import pytest

from netwizard.network.host_facts import MAX_BYTES, FactsError, facts_parse, link_file_pins

LO = {
    "ifindex": 1,
    "ifname": "lo",
    "flags": ["LOOPBACK", "UP", "LOWER_UP"],
    "operstate": "UNKNOWN",
    "link_type": "loopback",
    "address": "00:00:00:00:00:00",
}
ENO1 = {
    "ifindex": 2,
    "ifname": "eno1",
    "flags": ["BROADCAST", "MULTICAST", "SLAVE", "UP", "LOWER_UP"],
    "mtu": 1500,
    "master": "bond0",
    "operstate": "UP",
    "link_type": "ether",
    "address": "3c:ec:ef:12:34:56",
    "permaddr": "3c:ec:ef:12:34:56",
    "linkinfo": {
        "info_slave_kind": "bond",
        "info_slave_data": {
            "state": "ACTIVE",
            "mii_status": "UP",
            "link_failure_count": 0,
            "perm_hwaddr": "3c:ec:ef:12:34:56",
            "queue_id": 0,
        },
    },
    "parentbus": "pci",
    "parentdev": "0000:01:00.0",
    "altnames": ["enp1s0f0"],
}
ENO2 = {
    "ifindex": 3,
    "ifname": "eno2",
    "flags": ["NO-CARRIER", "BROADCAST", "MULTICAST", "SLAVE", "UP"],
    "master": "bond0",
    "operstate": "DOWN",
    "link_type": "ether",
    "address": "3c:ec:ef:12:34:56",  # the bond's address; the permanent one is its own
    "permaddr": "3C:EC:EF:12:34:57",
    "linkinfo": {"info_slave_kind": "bond", "info_slave_data": {"perm_hwaddr": "3c:ec:ef:12:34:57"}},
    "parentbus": "pci",
    "parentdev": "0000:01:00.1",
    "altnames": ["enp1s0f1"],
}
ENS18 = {
    "ifindex": 4,
    "ifname": "ens18",
    "flags": ["BROADCAST", "MULTICAST", "UP", "LOWER_UP"],
    "master": "vmbr0",
    "operstate": "UP",
    "link_type": "ether",
    "address": "bc:24:11:aa:bb:cc",
    "linkinfo": {"info_slave_kind": "bridge"},
    "parentbus": "virtio",
    "parentdev": "virtio0",
}
BOND0 = {
    "ifindex": 5,
    "ifname": "bond0",
    "flags": ["BROADCAST", "MULTICAST", "MASTER", "UP", "LOWER_UP"],
    "master": "vmbr0",
    "operstate": "UP",
    "link_type": "ether",
    "address": "3c:ec:ef:12:34:56",
    "linkinfo": {"info_kind": "bond", "info_data": {"mode": "802.3ad"}, "info_slave_kind": "bridge"},
}
VMBR0 = {
    "ifindex": 6,
    "ifname": "vmbr0",
    "flags": ["BROADCAST", "MULTICAST", "UP", "LOWER_UP"],
    "operstate": "UP",
    "link_type": "ether",
    "address": "3c:ec:ef:12:34:56",
    "linkinfo": {"info_kind": "bridge", "info_data": {"vlan_filtering": 1}},
}
VLAN = {
    "ifindex": 7,
    "ifname": "vmbr0.50",
    "flags": ["BROADCAST", "MULTICAST", "UP", "LOWER_UP"],
    "link": "vmbr0",
    "operstate": "UP",
    "link_type": "ether",
    "address": "3c:ec:ef:12:34:56",
    "linkinfo": {"info_kind": "vlan", "info_data": {"protocol": "802.1Q", "id": 50}},
}
TAP = {
    "ifindex": 8,
    "ifname": "tap100i0",
    "flags": ["BROADCAST", "MULTICAST", "PROMISC", "UP", "LOWER_UP"],
    "master": "vmbr0",
    "operstate": "UNKNOWN",
    "link_type": "ether",
    "address": "f6:1c:2b:3d:4e:5f",
    "linkinfo": {"info_kind": "tun", "info_slave_kind": "bridge"},
}
IP_LINK = [LO, ENO1, ENO2, ENS18, BOND0, VMBR0, VLAN, TAP]

LINK_FILE = "[Match]\nMACAddress=3c:ec:ef:12:34:57\nType=ether\n\n[Link]\nName=eno2\n"


def document(**overrides) -> str:
    doc = {
        "netwizard_facts": 1,
        "hostname": "pve1",
        "ip_link": IP_LINK,
        "speeds": {"eno1": 10000, "eno2": -1, "ens18": "1000", "bond0": 10000},
        "bonding": {"bond0": "Bonding Mode: IEEE 802.3ad Dynamic link aggregation\n"},
        "files": {"/usr/local/lib/systemd/network/50-pve-eno2.link": LINK_FILE, "/etc/hosts": "127.0.0.1 localhost\n"},
        "unknown_key": {"ignored": True},
    }
    return json.dumps(doc | overrides)


def test_the_physical_nics_and_what_is_known_of_them():
    facts = facts_parse(document())
    assert facts.hostname == "pve1"
    assert sorted(facts.nics) == ["eno1", "eno2", "ens18"]  # not lo, bond0, vmbr0, the VLAN or the tap
    eno1, eno2, ens18 = facts.nics["eno1"], facts.nics["eno2"], facts.nics["ens18"]
    assert (eno1.permanent_mac, eno1.speed_mbps, eno1.up, eno1.master) == ("3c:ec:ef:12:34:56", 10000, True, "bond0")
    assert (eno1.parent_bus, eno1.parent_dev, eno1.altnames) == ("pci", "0000:01:00.0", ("enp1s0f0",))
    # A bond member's own MAC, not the bond's; no speed and no carrier when its cable is out.
    assert (eno2.mac, eno2.permanent_mac, eno2.speed_mbps, eno2.up) == (
        "3c:ec:ef:12:34:56",
        "3c:ec:ef:12:34:57",
        None,
        False,
    )
    assert eno2.pinned_by == "/usr/local/lib/systemd/network/50-pve-eno2.link" and eno1.pinned_by == ""
    assert (ens18.parent_bus, ens18.speed_mbps, ens18.permanent_mac) == ("virtio", 1000, "bc:24:11:aa:bb:cc")
    assert {"bond0", "vmbr0", "vmbr0.50", "enp1s0f0", "tap100i0"} <= facts.names
    assert facts.nic_by_permanent_mac("3C:EC:EF:12:34:57") is eno2


def test_plain_ip_link_output_is_accepted_too():
    facts = facts_parse(json.dumps(IP_LINK).encode())
    assert sorted(facts.nics) == ["eno1", "eno2", "ens18"] and facts.hostname == ""
    assert facts.nics["eno1"].speed_mbps is None  # ip does not give speeds


def test_the_permanent_mac_comes_from_perm_hwaddr_when_ip_prints_no_permaddr():
    member = {k: v for k, v in ENO2.items() if k != "permaddr"}
    assert facts_parse(json.dumps([member])).nics["eno2"].permanent_mac == "3c:ec:ef:12:34:57"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "is not JSON (line 1, column 2"),
        ('{"hostname": "pve1"}', "neither netwizard's facts document"),
        ('"eno1"', "neither netwizard's facts document"),
        ('{"netwizard_facts": 2, "ip_link": []}', "has format 2; this netwizard reads format 1"),
        ('{"netwizard_facts": 1}', 'has no "ip_link" list'),
    ],
)
def test_an_unreadable_document_says_why(text, message):
    with pytest.raises(FactsError, match=message.replace("(", r"\(").replace('"', '"')):
        facts_parse(text)


def test_a_document_over_20_mib_is_refused_before_it_is_parsed():
    with pytest.raises(FactsError, match="at most 20 MiB"):
        facts_parse(b"[" + b" " * MAX_BYTES + b"]")


@pytest.mark.parametrize(
    "hostile",
    ["eno1\n\tpost-up reboot", "a b", "eno1;reboot", "$(id)", "x" * 16, "", None, 5, "ëno1"],
)
def test_hostile_names_and_values_are_left_out_and_reported(hostile):
    entry = {**ENO1, "ifname": hostile, "altnames": [hostile, "ok0"], "parentdev": hostile, "master": hostile}
    facts = facts_parse(json.dumps({"netwizard_facts": 1, "hostname": hostile, "ip_link": [entry, ENS18]}))
    assert sorted(facts.nics) == ["ens18"]
    # Sixteen letters are a node name, though one letter too long for an interface.
    assert facts.hostname == (hostile if hostile == "x" * 16 else "")
    assert facts.skipped and facts.skipped[0].startswith("entry 1:")
    survivor = facts_parse(json.dumps([{**ENS18, "parentdev": hostile, "master": hostile, "address": hostile}]))
    nic = survivor.nics["ens18"]
    assert (nic.master, nic.mac) == ("", "")
    assert nic.parent_dev == (hostile if hostile == "x" * 16 else "")  # a harmless word is kept


def test_link_files_pin_a_mac_to_a_name_only_in_systemd_s_folder():
    pins = link_file_pins(
        {
            "/usr/local/lib/systemd/network/50-pve-nic0.link": (
                "[Match]\nMACAddress=3C:EC:EF:12:34:56\n[Link]\nName=nic0\n"
            ),
            "/etc/systemd/network/10-x.link": "[Match]\nMACAddress=3c:ec:ef:00:00:01\n[Link]\nName=nic1\n",
            "/usr/local/lib/systemd/network/bad.link": "not an ini file",
            "/usr/local/lib/systemd/network/noname.link": "[Match]\nMACAddress=3c:ec:ef:00:00:02\n",
        }
    )
    assert pins == {"3c:ec:ef:12:34:56": ("nic0", "/usr/local/lib/systemd/network/50-pve-nic0.link")}


def test_what_the_inventory_stores_reads_back_the_same_and_is_checked_again():
    from netwizard.network.host_facts import facts_as_json, facts_from_json

    facts = facts_parse(document(files={"/usr/local/lib/systemd/network/50-pve-eno2.link": LINK_FILE}))
    assert facts_from_json(json.loads(json.dumps(facts_as_json(facts)))) == facts
    assert facts_from_json({}) is None
    stored = facts_as_json(facts)
    stored["nics"][0]["name"] = "eno1\nauto evil"
    stored["nics"][1]["pinned_by"] = "/etc/shadow"
    stored["names"].append("x y")
    stored["hostname"] = "pve1; reboot"
    tampered = facts_from_json(stored)
    assert "eno1" not in tampered.nics and not any("\n" in n or " " in n for n in tampered.names)
    assert tampered.nics["eno2"].pinned_by == "" and tampered.hostname == ""


def test_a_document_nested_too_deeply_is_refused_with_a_message():
    # json would raise RecursionError; the facts reader and the Verify page share one reader.
    with pytest.raises(FactsError, match="nests too deeply"):
        facts_parse("[" * 100_000 + "]" * 100_000)
