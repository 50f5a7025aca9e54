"""NIC-* and the measured speeds: what a node's facts document adds to the lint (issue 17)."""

from __future__ import annotations

import json

from netwizard.network.host_facts import facts_parse
from netwizard.network.interfaces_file import parse
from netwizard.network.rules import Context, check
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
    # Facts about NICs the bond does not use say nothing either.
    assert codes(findings([LO, ENS18])) == []
