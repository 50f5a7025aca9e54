"""NIC-* and the measured speeds: what a node's facts document adds to the lint (issue 17)."""

from __future__ import annotations

import json

from netwizard.network.host_facts import facts_parse
from netwizard.network.interfaces_file import parse
from netwizard.network.rules import Context, check, nic_renames
from tests.network.test_host_facts import ENO1, ENO2, ENS18, LO

BOND_FILE = (
    "auto eno1\niface eno1 inet manual\n\nauto eno2\niface eno2 inet manual\n\n"
    "auto bond0\niface bond0 inet manual\n\tbond-slaves eno1 eno2\n\tbond-miimon 100\n\tbond-mode 802.3ad\n"
    "\tbond-xmit-hash-policy layer3+4\n\nauto vmbr0\niface vmbr0 inet static\n\taddress 192.0.2.10/24\n"
    "\tbridge-ports bond0\n\tbridge-stp off\n\tbridge-fd 0\n"
)


def findings(links: list, speeds: dict | None = None) -> list:
    network = parse(BOND_FILE)
    facts = facts_parse(json.dumps({"netwizard_facts": 1, "ip_link": links, "speeds": speeds or {}}))
    return check(network, Context.build(network, switch_lacp="yes", facts=facts))


def codes(found: list) -> list[tuple[str, str, str]]:
    return sorted((f.code, f.severity, f.interface) for f in found if f.code.startswith(("NIC-", "BOND-33")))


def test_a_member_without_link_is_said():
    found = findings([LO, ENO1, ENO2], {"eno1": 10000})
    assert codes(found) == [("NIC-03", "warning", "eno2")]
    (down,) = [f for f in found if f.code == "NIC-03"]
    assert down.message.startswith("eno2, a member of bond0, has no link on the node")


def test_measured_speeds_feed_bond_33():
    up = {**ENO2, "flags": ENO1["flags"], "operstate": "UP"}
    assert codes(findings([ENO1, up], {"eno1": 10000, "eno2": 1000})) == [("BOND-33", "warning", "bond0")]
    assert codes(findings([ENO1, up], {"eno1": 10000, "eno2": 10000})) == []


def test_a_permanent_mac_two_nics_report_is_said():
    up = {**ENO2, "flags": ENO1["flags"], "operstate": "UP", "permaddr": ENO1["permaddr"]}
    up["linkinfo"] = {"info_slave_kind": "bond", "info_slave_data": {"perm_hwaddr": ENO1["permaddr"]}}
    found = findings([ENO1, up, ENS18])
    assert codes(found) == [("NIC-04", "warning", "eno1"), ("NIC-04", "warning", "eno2")]


def test_without_facts_nothing_is_said_about_the_hardware():
    network = parse(BOND_FILE)
    assert codes(check(network, Context.build(network, switch_lacp="yes"))) == []


# NIC-01 and NIC-02 ------------------------------------------------------------------

ENO3_FILE = (
    "auto lo\niface lo inet loopback\n\niface eno3 inet manual\n\nauto vmbr0\niface vmbr0 inet static\n"
    "\taddress 192.0.2.10/24\n\tgateway 192.0.2.1\n\tbridge-ports eno3\n\tbridge-stp off\n\tbridge-fd 0\n"
)
ENO3_MAC = "3c:ec:ef:00:00:03"


def nic(name: str, mac: str, index: int, **extra) -> dict:
    return {
        "ifindex": index,
        "ifname": name,
        "flags": ["BROADCAST", "MULTICAST", "UP", "LOWER_UP"],
        "operstate": "UP",
        "link_type": "ether",
        "address": mac,
        "parentbus": "pci",
        "parentdev": f"0000:0{index}:00.0",
        **extra,
    }


def lint(text: str, links: list, known_macs: dict | None = None, files: dict | None = None) -> list:
    network = parse(text)
    facts = facts_parse(json.dumps({"netwizard_facts": 1, "ip_link": links, "files": files or {}}))
    return check(network, Context.build(network, facts=facts, known_macs=known_macs))


def test_a_nic_renamed_since_is_found_by_its_mac_and_named():
    links = [LO, nic("eno1", "3c:ec:ef:00:00:01", 2), nic("enp2s0f0", ENO3_MAC, 3)]
    found = [f for f in lint(ENO3_FILE, links, {"eno3": ENO3_MAC}) if f.code == "NIC-01"]
    assert [(f.code, f.severity, f.interface) for f in found] == [("NIC-01", "error", "eno3")]
    assert found[0].message.startswith(f"eno3 is now enp2s0f0 (same MAC {ENO3_MAC}): the node has no eno3")
    assert "vmbr0's bridge-ports" in found[0].message
    network = parse(ENO3_FILE)
    facts = facts_parse(json.dumps({"netwizard_facts": 1, "ip_link": links}))
    renames = nic_renames(network, Context.build(network, facts=facts, known_macs={"eno3": ENO3_MAC}))
    assert [(r.old, r.new, r.mac) for r in renames] == [("eno3", "enp2s0f0", ENO3_MAC)]


def test_without_a_known_mac_the_missing_nic_is_named_with_the_nodes_nics():
    links = [LO, nic("eno1", "3c:ec:ef:00:00:01", 2), nic("enp2s0f0", ENO3_MAC, 3)]
    (found,) = [f for f in lint(ENO3_FILE, links) if f.code == "NIC-01"]
    assert found.message.startswith("eno3, named in vmbr0's bridge-ports, does not exist on the node")
    assert "(its NICs: eno1 and enp2s0f0)" in found.message
    # BR-01 would say the same a second time: with facts, NIC-01 alone judges it.
    assert not [f for f in lint(ENO3_FILE, links) if f.code == "BR-01"]


def test_a_nic_the_node_has_but_the_file_leaves_out_is_no_error():
    # The file defines a spare NIC but not the bridge's port, as an installer's file never would.
    text = ENO3_FILE.replace("iface eno3 inet manual", "iface eno1 inet manual")
    links = [LO, nic("eno1", "3c:ec:ef:00:00:01", 2), nic("eno3", ENO3_MAC, 3)]
    assert not [f for f in lint(text, links) if f.code in ("NIC-01", "BR-01")]
    # Without facts the same file is BR-01: netwizard cannot know the NIC exists.
    assert [f.code for f in check(parse(text)) if f.code == "BR-01"] == ["BR-01"]


def test_every_kind_of_reference_is_checked():
    text = (
        "iface eno1 inet manual\n\nauto bond0\niface bond0 inet manual\n\tbond-slaves eno1 eno2\n"
        "\tbond-miimon 100\n\tbond-mode active-backup\n\tbond-primary eno2\n\n"
        "auto eno4.20\niface eno4.20 inet manual\n\n"
        "auto vlan30\niface vlan30 inet static\n\taddress 198.51.100.2/24\n\tvlan-raw-device eno5\n\n"
        "auto vmbr0\niface vmbr0 inet manual\n\tbridge-ports eno6.40 bond0\n\tbridge-stp off\n\tbridge-fd 0\n"
    )
    found = lint(text, [LO, nic("eno1", "3c:ec:ef:00:00:01", 2)])
    assert sorted(f.interface for f in found if f.code == "NIC-01") == ["eno2", "eno4", "eno5", "eno6"]
    (eno2,) = [f for f in found if f.code == "NIC-01" and f.interface == "eno2"]
    assert "bond0's bond-slaves and bond0's bond-primary" in eno2.message


def test_an_altname_counts_as_the_nic():
    links = [LO, nic("enp2s0f0", ENO3_MAC, 2, altnames=["eno3"])]
    assert not [f for f in lint(ENO3_FILE, links, {"eno3": ENO3_MAC}) if f.code == "NIC-01"]


def test_the_management_path_on_unpinned_kernel_names_is_a_warning():
    links = [LO, nic("eno3", ENO3_MAC, 2)]
    (found,) = [f for f in lint(ENO3_FILE, links) if f.code == "NIC-02"]
    assert (found.code, found.severity, found.interface) == ("NIC-02", "warning", "vmbr0")
    assert (
        "stands on eno3, a name the kernel derives from the slot or firmware position, and no .link file pins it:"
        in (found.message)
    )


def test_a_pinned_or_chosen_name_on_the_management_path_is_fine():
    pin = "[Match]\nMACAddress=3c:ec:ef:00:00:03\nType=ether\n\n[Link]\nName=eno3\n"
    files = {"/usr/local/lib/systemd/network/50-pve-eno3.link": pin}
    assert not [f for f in lint(ENO3_FILE, [LO, nic("eno3", ENO3_MAC, 2)], files=files) if f.code == "NIC-02"]
    text = ENO3_FILE.replace("eno3", "nic0")
    assert not [f for f in lint(text, [LO, nic("nic0", ENO3_MAC, 2)]) if f.code == "NIC-02"]


def test_a_planned_pin_is_on_the_node_already():
    # "Pin NIC names" renamed eno3 to nic0; the node reports eno3 until it reboots.
    network = parse(ENO3_FILE.replace("eno3", "nic0"))
    network.interfaces[1].pin_planned = True
    facts = facts_parse(json.dumps({"netwizard_facts": 1, "ip_link": [LO, nic("eno3", ENO3_MAC, 2)]}))
    found = check(network, Context.build(network, facts=facts, known_macs={"nic0": ENO3_MAC}))
    assert not [f for f in found if f.code.startswith("NIC-")]
