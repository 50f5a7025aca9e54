"""Root-command lines (issue 13 §1): found once, reported by FMT-02, and the lines around them.

A root-command line runs a program or includes other files when ifupdown2 (root) reads the
file. Lint warns about each, saying what it runs; the app gates the download on approval.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from netwizard.network.interfaces_file import UnsafeValueError, parse, render
from netwizard.network.interfaces_file.root_commands import lines_sha256, root_command_lines
from netwizard.network.rules import check
from tests.network.test_rules import bridge, fires, host, nic, other, silent, with_code
from tests.network.test_rules_fmt import plain_bridge

PWNED = "set bridge vmbr9 other-config:x=1; touch /tmp/PWNED"

OVS_FILE = f"""source /tmp/*
source-directory /etc/network/interfaces.d

auto lo
iface lo inet loopback

mapping eth9
\tscript /usr/local/bin/pick-config
\tmap eth9 net1

auto eno1
iface eno1 inet manual
\tovs_type OVSPort
\tovs_bridge vmbr9
\tovs_extra set interface ${{IFACE}} other-config:x=1

auto vmbr9
iface vmbr9 inet manual
\tovs_type OVSBridge
\tovs_ports eno1
\tovs_extra {PWNED}
\tpost-up /usr/local/bin/nat.sh
"""


def test_every_kind_of_root_command_line_is_found_with_what_it_runs():
    lines = root_command_lines(parse(OVS_FILE))
    assert [(line.interface, line.text) for line in lines] == [
        ("", "source /tmp/*"),
        ("", "source-directory /etc/network/interfaces.d"),
        ("", "script /usr/local/bin/pick-config"),
        ("eno1", "ovs_extra set interface ${IFACE} other-config:x=1"),
        ("vmbr9", f"ovs_extra {PWNED}"),
        ("vmbr9", "post-up /usr/local/bin/nat.sh"),
    ]
    runs = [line.runs for line in lines]
    assert "/tmp/*" in runs[0] and "root" in runs[0]
    assert "/etc/network/interfaces.d" in runs[1]
    assert "/usr/local/bin/pick-config" in runs[2]
    assert "ovs-vsctl" in runs[3] and "shell" in runs[4]
    assert "/usr/local/bin/nat.sh" in runs[5] and "post-up" in runs[5]


def test_a_tab_after_the_keyword_is_still_a_root_command_line():
    (line,) = root_command_lines(parse("source\t/tmp/*\n\nauto lo\niface lo inet loopback\n"))
    assert line.text == "source\t/tmp/*" and "/tmp/*" in line.runs


def test_map_lines_and_ordinary_options_are_not_root_command_lines():
    network = parse("auto vmbr0\niface vmbr0 inet manual\n\tbridge-ports none\n\tbridge-ageing 300\n")
    assert root_command_lines(network) == []
    assert lines_sha256([]) == lines_sha256(root_command_lines(network))


def test_the_fingerprint_changes_with_any_line_and_only_then():
    before = lines_sha256(root_command_lines(parse(OVS_FILE)))
    assert lines_sha256(root_command_lines(parse(OVS_FILE))) == before
    assert lines_sha256(root_command_lines(parse(OVS_FILE.replace("nat.sh", "nat2.sh")))) != before
    assert lines_sha256(root_command_lines(parse(OVS_FILE.replace("source /tmp/*\n", "")))) != before
    # A change elsewhere in the file keeps the fingerprint.
    assert lines_sha256(root_command_lines(parse(OVS_FILE.replace("eth9 net1", "eth9 net2")))) == before


def test_fmt_02_warns_for_each_root_command_line_with_what_it_runs():
    findings = with_code(check(parse(OVS_FILE)), "FMT-02")
    assert len(findings) == 6 and {f.severity for f in findings} == {"warning"}
    by_text = {f.message.split("'")[1]: f for f in findings}
    assert by_text["source /tmp/*"].interface == ""
    assert "includes the files matching /tmp/*" in by_text["source /tmp/*"].message
    pwned = next(f for f in findings if "PWNED" in f.message)
    assert pwned.interface == "vmbr9" and "ovs-vsctl" in pwned.message and "root" in pwned.message
    assert all("approve" in f.hint for f in findings)


@pytest.mark.parametrize(
    "option",
    [("pre-up", "x"), ("up", "x"), ("post-up", "x"), ("pre-down", "x"), ("down", "x"), ("post_down", "x")],
)
def test_fmt_02_every_hook_spelling_is_a_root_command_line(option):
    (f,) = fires("FMT-02", plain_bridge(option), severity="warning")
    assert option[0] in f.message


def test_ovs_extra_may_use_the_iface_variable_but_no_other_template_code():
    silent(
        "FMT-01", host(other("eno1", options=[("ovs_type", "OVSPort"), ("ovs_extra", "set interface ${IFACE} x=1")]))
    )
    render(parse(OVS_FILE))  # the writer keeps ${IFACE} in ovs_extra
    fires("FMT-01", host(other("eno1", options=[("ovs_extra", "set interface ${HOME} x=1")])), severity="error")
    fires("FMT-01", plain_bridge(("alias", "${IFACE}")), severity="error")


# FMT-09: `allow` inside a stanza ------------------------------------------------------------

ALLOW_FILE = (
    "auto lo\niface lo inet loopback\n\nauto vmbr0\niface vmbr0 inet manual\n\tbridge-ports none\n\tallow foo\n"
)


def test_fmt_09_allow_inside_a_stanza_is_an_error():
    (f,) = with_code(check(parse(ALLOW_FILE)), "FMT-09")
    assert f.severity == "error" and f.interface == "vmbr0"
    assert "ifupdown2 stops with an error" in f.message
    silent("FMT-09", plain_bridge(("bridge-ageing", "300")))
    # Built by hand: an allow-CLASS key would end the stanza for ifupdown2.
    fires("FMT-09", plain_bridge(("allow-hotplug", "eno1")), severity="error")


@pytest.mark.oracle
def test_ifupdown2_really_fails_on_allow_inside_a_stanza():
    from tests.oracles import ifup_check

    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "interfaces"
        path.write_text(ALLOW_FILE)
        result = ifup_check(path)
        assert result.returncode != 0 and "list index out of range" in result.stderr
        path.write_text(ALLOW_FILE.replace("\tallow foo\n", ""))
        assert "list index out of range" not in ifup_check(path).stderr


# FMT-07: the Open vSwitch values accept only their grammar ---------------------------------------------


@pytest.mark.parametrize(
    "option",
    [
        ("ovs_options", "tag=10; touch /tmp/PWNED"),
        ("ovs_options", "tag=$(id)"),
        ("ovs_options", "tag=`id`"),
        ("ovs_options", "lacp=active | sh"),
        ("ovs_options", "tag=10 && reboot"),
        ("ovs_options", "tag>/tmp/x"),
        ("ovs_options", "notakeyvalue"),
        ("ovs_ports", "eno1;touch"),
        ("ovs_ports", "eno1 $(reboot)"),
        ("ovs_ports", "eno1 'x'"),
        ("ovs_bonds", "eno1 eno2&"),
        ("ovs_bridge", "vmbr0<x"),
        ("ovs_bridge", "vmbr0 vmbr1"),
        ("ovs_mtu", "1500;reboot"),
        ("ovs_mtu", "big"),
    ],
)
def test_fmt_07_ovs_values_outside_their_grammar_are_errors(option):
    network = host(other("vmbr9", options=[("ovs_type", "OVSBridge"), option]))
    (f,) = fires("FMT-07", network, severity="error")
    assert option[0] in f.message
    with pytest.raises(UnsafeValueError):  # and the writer refuses them, however they arrived
        render(network)


def test_ovs_values_within_their_grammar_pass():
    network = host(
        nic("eno1"),
        nic("eno2"),
        other("bond9", options=[("ovs_type", "OVSBond"), ("ovs_bridge", "vmbr9"), ("ovs_bonds", "eno1 eno2")]),
        other(
            "vmbr9",
            options=[
                ("ovs_type", "OVSBridge"),
                ("ovs_ports", "bond9"),
                ("ovs_mtu", "9000"),
                ("ovs_options", "bond_mode=balance-tcp lacp=active other_config:lacp-time=fast trunks=10,20"),
            ],
        ),
    )
    silent("FMT-07", network)
    silent("FMT-01", network)
    render(network)


def test_wizard_networks_have_no_root_command_lines():
    assert root_command_lines(host(nic("eno1"), bridge("vmbr0", ["eno1"], address="10.0.0.2/24"))) == []
