"""The cluster runbook: node by node, with quorum, corosync and MTU checks between nodes.

The runbook is text for a page, but its command lines (indented by exactly four spaces
outside the plan blocks) are pasted into root shells, so they are collected, checked
with `bash -n` and held to a short list of programs.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess

import pytest

from netwizard.network.model import HostNetwork
from netwizard.network.plans.apply import apply_plan
from netwizard.network.plans.cluster_apply import COMMAND_INDENT, NodeStep, cluster_apply_plan
from tests.network.test_apply_plan import pve1
from tests.network.test_rules import bridge, host, nic

BASH = shutil.which("bash")
PROGRAMS = {"pvecm", "corosync-cfgtool", "ping", "grep", "ha-manager"}
PLAN_BLOCK = re.compile(r"^----- begin plan for (\S+) -----\n(.*?)\n----- end plan for \1 -----$", re.M | re.S)


def node(number: int) -> HostNetwork:
    network = host(
        nic("eno1"),
        nic("eno2", address=f"10.10.10.{number}/24", mtu=1500),
        nic("eno3", address=f"10.10.20.{number}/24", mtu=9000),
        bridge("vmbr0", ["eno1"], address=f"192.168.1.1{number}/24", gateway="192.168.1.1"),
    )
    network.hostname = f"pve{number}"
    return network


def peers(number: int, *others: int) -> tuple[tuple[str, str, int], ...]:
    return tuple(
        peer
        for other in others
        for peer in (
            ("corosync link 0", f"10.10.10.{other}", 1500),
            ("Ceph public 10.10.20.0/24", f"10.10.20.{other}", 9000),
        )
    )


def three_nodes() -> list[NodeStep]:
    """pve1 and pve3 change, pve2 keeps its file."""
    return [
        NodeStep("pve1", apply_plan(pve1(), hostname="pve1"), peers(1, 2, 3)),
        NodeStep("pve2", "", peers(2, 1, 3)),
        NodeStep("pve3", apply_plan(node(3), hostname="pve3"), peers(3, 1, 2)),
    ]


def commands(runbook: str) -> list[str]:
    """The lines the runbook marks as commands: four spaces in, outside the plan blocks."""
    outside = PLAN_BLOCK.sub("", runbook)
    return [line[len(COMMAND_INDENT) :] for line in outside.splitlines() if re.match(r" {4}\S", line)]


def assert_in_order(text: str, marks: list[str]) -> None:
    """Each mark occurs after the one before it (marks may repeat from block to block)."""
    position = 0
    for mark in marks:
        found = text.find(mark, position)
        assert found != -1, f"{mark!r} missing after position {position}"
        position = found + len(mark)


def section(runbook: str, title: str) -> str:
    """From `title` to the blank line after it (sections are separated by one), or to the end."""
    start = runbook.index(title)
    end = runbook.find("\n\n", start)
    return runbook[start : end if end != -1 else None]


# Order and content ------------------------------------------------------------------------


def test_header_quorum_nodes_and_final_check_come_in_order():
    runbook = cluster_apply_plan("prod", three_nodes())
    marks = [
        "Network change for cluster prod",
        "Order: pve1, pve2, pve3 (3 nodes).",
        "Rule: one node at a time; do not start the next node until the checks below pass.",
        "Before starting",
        "    pvecm status\n",
        "Node 1 of 3: pve1",
        "----- end plan for pve1 -----",
        "    pvecm status | grep -E 'Quorate|Total votes'",
        "Node 2 of 3: pve2",
        "Node 3 of 3: pve3",
        "----- end plan for pve3 -----",
        "    corosync-cfgtool -s",
        "Final check, on pve3",
        "    pvecm nodes",
    ]
    assert_in_order(runbook, marks)
    assert runbook.endswith("    pvecm nodes\n")


def test_the_header_says_console_and_ha_fencing_plainly():
    header = cluster_apply_plan("prod", three_nodes()).split("Before starting")[0]
    assert "console access" in header and "IPMI" in header
    assert "reboots after about 60 s" in header
    assert "migrate them away or put the node into HA maintenance (PVE 7.3 and later)" in header


def test_before_starting_shows_the_command_and_what_to_look_for():
    before = section(cluster_apply_plan("prod", three_nodes()), "Before starting")
    assert '"Quorate: Yes"' in before and "do not start" in before
    assert commands(before) == ["pvecm status"]


def test_each_node_block_has_its_plan_then_its_checks_then_the_rule():
    runbook = cluster_apply_plan("prod", three_nodes())
    block = runbook[runbook.index("Node 1 of 3: pve1") : runbook.index("Node 2 of 3")]
    order = [
        "ha-manager crm-command node-maintenance enable pve1",
        "Paste pve1's safe apply plan (below) into a root shell on pve1",
        "----- begin plan for pve1 -----",
        "----- end plan for pve1 -----",
        "Checks on pve1",
        "Quorate: Yes",
        'every other node\'s nodeid line must say "connected"',
        "the largest packet that fits its network's MTU unfragmented",
        "corosync link 0, MTU 1500, to 10.10.10.2 (1472 = 1500 - 28):\n    ping -M do -s 1472 -c 3 10.10.10.2",
        "Ceph public 10.10.20.0/24, MTU 9000, to 10.10.20.3 (8972 = 9000 - 28):",
        "Only when all of these pass",
        "ha-manager crm-command node-maintenance disable pve1",
        "revert pve1 (its plan's revert timer, or type anything but keep) before touching",
    ]
    assert_in_order(block, order)
    assert "go on to the next node" in block
    assert "go on to the final check" in runbook[runbook.index("Node 3 of 3") :]


def test_each_plan_is_embedded_verbatim():
    steps = three_nodes()
    blocks = dict(PLAN_BLOCK.findall(cluster_apply_plan("prod", steps)))
    assert blocks == {"pve1": steps[0].plan.rstrip("\n"), "pve3": steps[2].plan.rstrip("\n")}


def test_a_node_without_change_is_checked_but_not_changed():
    runbook = cluster_apply_plan("prod", three_nodes())
    block = runbook[runbook.index("Node 2 of 3: pve2") : runbook.index("Node 3 of 3")]
    assert "no change for pve2; skip to the checks" in block
    assert "plan for pve2" not in runbook and "ha-manager" not in block
    assert commands(block) == [
        "pvecm status | grep -E 'Quorate|Total votes'",
        "corosync-cfgtool -s",
        "ping -M do -s 1472 -c 3 10.10.10.1",
        "ping -M do -s 8972 -c 3 10.10.20.1",
        "ping -M do -s 1472 -c 3 10.10.10.3",
        "ping -M do -s 8972 -c 3 10.10.20.3",
    ]
    assert "pve2 did not change" in block


@pytest.mark.parametrize(
    ("address", "mtu", "command", "arithmetic"),
    [
        ("10.10.20.2", 9000, "ping -M do -s 8972 -c 3 10.10.20.2", "(8972 = 9000 - 28)"),
        ("10.10.10.2", 1500, "ping -M do -s 1472 -c 3 10.10.10.2", "(1472 = 1500 - 28)"),
        ("fd00:20::2", 9000, "ping -6 -M do -s 8952 -c 3 fd00:20::2", "(8952 = 9000 - 48)"),
        ("fd00:10::2", 1500, "ping -6 -M do -s 1452 -c 3 fd00:10::2", "(1452 = 1500 - 48)"),
    ],
)
def test_the_mtu_test_sends_the_largest_unfragmented_packet(address, mtu, command, arithmetic):
    runbook = cluster_apply_plan("prod", [NodeStep("pve1", "", (("storage", address, mtu),))])
    assert commands(runbook)[-3] == command  # before the final pvecm status and pvecm nodes
    assert f"storage, MTU {mtu}, to {address} {arithmetic}:" in runbook
    assert "MTU - 28 for IPv4 (IP 20 + ICMP 8), MTU - 48 for IPv6 (IPv6 40 + ICMPv6 8)" in runbook
    assert "a hop\n  on that network (a switch port, bond or bridge) has a smaller MTU" in runbook


def test_a_node_without_peers_gets_quorum_and_corosync_checks_only():
    runbook = cluster_apply_plan("prod", [NodeStep("pve1", "")])
    assert "MTU" not in runbook and not any(line.startswith("ping") for line in commands(runbook))
    assert "pvecm status | grep -E 'Quorate|Total votes'" in commands(runbook)


def test_addresses_are_reprinted_from_the_parsed_address():
    runbook = cluster_apply_plan("prod", [NodeStep("pve1", "", (("Ceph", "FD00:0020:0000::0002", 9000),))])
    assert "ping -6 -M do -s 8952 -c 3 fd00:20::2" in commands(runbook)
    assert "FD00:0020" not in runbook


def test_the_final_check_names_every_node():
    final = section(cluster_apply_plan("prod", three_nodes()), "Final check, on pve3")
    assert "Membership information" in final and "at least pve1, pve2, pve3" in final
    assert "Total votes equal to Expected votes" in final


# Commands ---------------------------------------------------------------------------------


def test_the_command_lines_are_valid_bash_and_only_the_expected_programs(tmp_path):
    assert BASH, "bash is part of every Debian system"
    runbook = cluster_apply_plan("prod", three_nodes())
    lines = commands(runbook)
    assert len(lines) == 1 + 2 * 3 + 3 * 6 + 2  # quorum, HA x2 changed nodes, checks x3 nodes, final
    script = tmp_path / "commands.sh"
    script.write_text("\n".join(lines) + "\n")
    result = subprocess.run([BASH, "-n", str(script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    for line in lines:
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        tokens = list(lexer)
        assert not set("$`;&<>\\") & set(line), line  # no substitution, list, redirection or escape
        assert all(t == "|" for t in tokens if set(t) <= set(lexer.punctuation_chars)), line
        segments = " ".join(tokens).split(" | ")
        assert {segment.split()[0] for segment in segments} <= PROGRAMS, line


def test_the_embedded_plans_stay_valid_bash(tmp_path):
    for name, plan in PLAN_BLOCK.findall(cluster_apply_plan("prod", three_nodes())):
        path = tmp_path / f"{name}.sh"
        path.write_text(plan + "\n")
        assert subprocess.run([BASH, "-n", str(path)], capture_output=True).returncode == 0


# Validation ---------------------------------------------------------------------------------


@pytest.mark.parametrize("cluster", ["", "a" * 16, "my_cluster", "prod;reboot", "-prod", "prod\n", "$(id)", None])
def test_a_cluster_name_outside_the_grammar_is_refused(cluster):
    with pytest.raises(ValueError, match="cluster name"):
        cluster_apply_plan(cluster, three_nodes())


def test_cluster_names_proxmox_accepts_are_fine():
    for cluster in ("prod", "PVE-Cluster-01", "a" * 15):
        assert f"cluster {cluster}\n" in cluster_apply_plan(cluster, three_nodes())


@pytest.mark.parametrize("name", ["", "pve1; reboot", "pve1\nreboot", "$(reboot)", "pve 1", "-pve1", "pve1.", None])
def test_a_node_name_outside_the_grammar_is_refused(name):
    with pytest.raises(ValueError, match="host name"):
        cluster_apply_plan("prod", [NodeStep(name, "")])


@pytest.mark.parametrize(
    ("steps", "match"),
    [
        ([], "at least one node"),
        ([NodeStep("pve1", ""), NodeStep("pve1", "")], "appears twice"),
        ([NodeStep("pve1", ""), NodeStep("PVE1", "")], "appears twice"),
        ([("pve1", "", ())], "not a NodeStep"),
        ([NodeStep("pve1", None)], "not text"),
    ],
)
def test_bad_step_lists_are_refused(steps, match):
    with pytest.raises(ValueError, match=match):
        cluster_apply_plan("prod", steps)


@pytest.mark.parametrize(
    ("peer", "match"),
    [
        (("ring0", "10.0.0.256", 1500), "not an IP address"),
        (("ring0", "10.0.0.1; reboot", 1500), "not an IP address"),
        (("ring0", " 10.0.0.1", 1500), "not an IP address"),
        (("ring0", 167772161, 1500), "not an IP address"),
        (("ring0", "fe80::1%$(reboot)", 1500), "link-local"),
        (("ring0", "fe80::1", 1500), "link-local"),
        (("ring0", "0.0.0.0", 1500), "unicast"),
        (("ring0", "224.0.0.1", 1500), "unicast"),
        (("ring0", "127.0.0.1", 1500), "unicast"),
        (("ring0", "::1", 1500), "unicast"),
        (("ring0", "10.0.0.2", 575), "MTU"),
        (("ring0", "10.0.0.2", 65521), "MTU"),
        (("ring0", "10.0.0.2", "9000"), "MTU"),
        (("ring0", "10.0.0.2", 9000.0), "MTU"),
        (("ring0", "10.0.0.2", True), "MTU"),
        (("ring0", "fd00::2", 1279), "IPv6 minimum"),
        (("", "10.0.0.2", 1500), "label"),
        (("a" * 61, "10.0.0.2", 1500), "label"),
        (("Ceph; reboot", "10.0.0.2", 1500), "label"),
        (("$(id)", "10.0.0.2", 1500), "label"),
        (("ring`id`", "10.0.0.2", 1500), "label"),
        (("ring0\nring1", "10.0.0.2", 1500), "label"),
        ((" ring0", "10.0.0.2", 1500), "label"),
        (("ring0", "10.0.0.2"), "not \\(label, address, MTU\\)"),
        ("ring0", "not \\(label, address, MTU\\)"),
    ],
)
def test_a_peer_outside_the_grammar_is_refused(peer, match):
    with pytest.raises(ValueError, match=match):
        cluster_apply_plan("prod", [NodeStep("pve1", "", (peer,))])


def test_peers_at_the_limits_are_fine():
    limits = (("a" * 60, "10.0.0.2", 576), ("x (y) z/24: a.b_c-d", "fd00::2", 65520), ("v6", "2001:db8::2", 1280))
    runbook = cluster_apply_plan("prod", [NodeStep("pve1", "", limits)])
    assert "ping -M do -s 548 -c 3 10.0.0.2" in commands(runbook)
    assert "ping -6 -M do -s 65472 -c 3 fd00::2" in commands(runbook)


@pytest.mark.parametrize(
    "line",
    [
        "----- end plan for pve1 -----",
        "----- begin plan for pve2 -----",
        "  ----- END PLAN FOR pve1 -----",
        "---- end plan for anything",
    ],
)
def test_a_plan_that_holds_a_delimiter_line_is_refused(line):
    plan = apply_plan(pve1(), hostname="pve1").replace("netwizard_apply\n", f"{line}\nnetwizard_apply\n", 1)
    with pytest.raises(ValueError, match="delimiter"):
        cluster_apply_plan("prod", [NodeStep("pve1", plan)])


def test_a_comment_that_quotes_a_delimiter_is_no_delimiter_line():
    network = pve1()
    network.get("vmbr1").comments = ["----- end plan for pve1 -----"]  # rendered as a '#' comment
    plan = apply_plan(network, hostname="pve1")
    assert dict(PLAN_BLOCK.findall(cluster_apply_plan("prod", [NodeStep("pve1", plan)]))) == {"pve1": plan.rstrip("\n")}
