"""Pinning NIC names as Proxmox VE 9's pve-network-interface-pinning does (issue 17)."""

from __future__ import annotations

import json

import pytest

from netwizard.network.host_facts import facts_parse
from netwizard.network.pinning import firewall_references, link_file, pin_mapping, renamed
from tests.network.test_host_facts import LO
from tests.network.test_rules_nic_facts import nic

PIN = "[Match]\nMACAddress=3c:ec:ef:00:00:09\nType=ether\n\n[Link]\nName=nic0\n"


def facts(links: list, files: dict | None = None):
    return facts_parse(json.dumps({"netwizard_facts": 1, "ip_link": links, "files": files or {}}))


def test_the_link_file_is_byte_for_byte_what_proxmox_writes():
    made = link_file("nic0", "3c:ec:ef:00:00:01")
    assert made.path == "/usr/local/lib/systemd/network/50-pve-nic0.link"
    assert made.text == "[Match]\nMACAddress=3c:ec:ef:00:00:01\nType=ether\n\n[Link]\nName=nic0\n"


@pytest.mark.parametrize(
    ("name", "mac"),
    [("nic0\nName=evil", "3c:ec:ef:00:00:01"), ("nic0", "3c:ec:ef:00:00:01\n[Link]"), ("a b", "3c:ec:ef:00:00:01")],
)
def test_a_link_file_outside_the_grammar_is_refused(name, mac):
    with pytest.raises(ValueError):
        link_file(name, mac)


def test_nics_are_numbered_in_the_kernels_order_skipping_pins_and_taken_names():
    links = [
        LO,
        nic("enp5s0", "3c:ec:ef:00:00:05", 4),
        nic("eno1", "3c:ec:ef:00:00:01", 2),
        nic("eno2", "3c:ec:ef:00:00:09", 3),  # pinned as nic0 by an earlier run
        nic("enp6s0", "3c:ec:ef:00:00:06", 5),
    ]
    found = facts(links, {"/usr/local/lib/systemd/network/50-pve-nic0.link": PIN.replace("nic0", "eno2")})
    assert pin_mapping(found) == {"eno1": "nic0", "enp5s0": "nic1", "enp6s0": "nic2"}
    assert pin_mapping(found, taken={"nic1"}) == {"eno1": "nic0", "enp5s0": "nic2", "enp6s0": "nic3"}
    assert pin_mapping(found, prefix="lan") == {"eno1": "lan0", "enp5s0": "lan1", "enp6s0": "lan2"}
    with pytest.raises(ValueError):
        pin_mapping(found, prefix="x y")


def test_references_keep_their_vlan_and_alias_suffix():
    mapping = {"eno1": "nic0"}
    assert [renamed(n, mapping) for n in ("eno1", "eno1.100", "eno1:1", "eno10", "bond0")] == [
        "nic0",
        "nic0.100",
        "nic0:1",
        "eno10",
        "bond0",
    ]


def test_firewall_rules_that_name_a_renamed_nic_are_listed():
    text = "[OPTIONS]\nenable: 1\n\n[RULES]\nIN ACCEPT -i eno1 -p tcp -dport 22\nIN ACCEPT -i eno10 -p tcp\n"
    text += "OUT ACCEPT -iface eno1.100\n"
    assert firewall_references(text, ["eno1"]) == ["IN ACCEPT -i eno1 -p tcp -dport 22", "OUT ACCEPT -iface eno1.100"]
