"""The safe apply plan and the lock-out warnings.

The plan is shell code a root user pastes, so besides its content it is checked with
`bash -n` and run end to end against stand-in commands (systemctl, ifreload, ... that
only log their arguments), with /etc/network pointed at a temporary folder.
"""

from __future__ import annotations

import copy
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from netwizard.network.file_changes import file_changes
from netwizard.network.interfaces_file import render
from netwizard.network.model import HostNetwork
from netwizard.network.plans.apply import apply_plan, lockout_warnings
from netwizard.network.rules import Context
from tests.network.test_rules import bond, bridge, host, nic, vlan

BASH = shutil.which("bash")


def pve1() -> HostNetwork:
    network = host(
        nic("eno1"),
        nic("eno2"),
        nic("eno3", address="10.99.0.11/24"),
        bond("bond0", ["eno1", "eno2"], "active-backup", primary="eno1"),
        bridge("vmbr0", ["bond0"], address="192.168.1.11/24", gateway="192.168.1.1"),
        bridge("vmbr1", ["eno3"], vlan_aware=True, vids="2-4094"),
    )
    network.hostname = "pve1"
    return network


def cluster_context(network: HostNetwork) -> Context:
    return Context.build(network, cluster_networks=["10.99.0.0/24"])


# The plan's content -------------------------------------------------------------------------


def test_the_plan_runs_the_safe_sequence_in_order():
    plan = apply_plan(pve1(), hostname="pve1")
    steps = [
        'backup="/etc/network/interfaces.netwizard-$(date +%Y%m%d-%H%M%S)"',
        'cp -p /etc/network/interfaces "$backup"',
        "cat > /etc/network/interfaces.new <<'NETWIZARD_EOF_",
        "diff -u /etc/network/interfaces /etc/network/interfaces.new",
        "systemd-run --quiet --unit=netwizard-revert --on-active=5min",
        "mv /etc/network/interfaces.new /etc/network/interfaces && ifreload -a",
        "ifquery -a --check",
        "systemctl stop netwizard-revert.timer",
    ]
    positions = [plan.index(step) for step in steps]
    assert positions == sorted(positions)
    revert = next(line for line in plan.splitlines() if "systemd-run" in line)
    assert (
        '/bin/sh -c "cp -p $backup /etc/network/interfaces && rm -f /etc/network/interfaces.new && ifreload -a"'
        in revert
    )


def test_the_plan_uses_the_hosts_real_names_and_addresses():
    plan = apply_plan(pve1(), hostname="pve1", context=None)
    assert '[ "$(hostname)" != "pve1" ]' in plan
    assert "ip -o addr show dev vmbr0 | grep -qF ' 192.168.1.11/24 '" in plan
    assert "ping -c 3 -W 2 192.168.1.1 " in plan
    assert "ssh root@192.168.1.11" in plan
    assert "corosync-cfgtool" not in plan
    with_cluster = apply_plan(pve1(), hostname="pve1", context=cluster_context(pve1()))
    assert "ip -o addr show dev eno3 | grep -qF ' 10.99.0.11/24 '" in with_cluster
    assert "corosync-cfgtool -s" in with_cluster


def test_the_plan_mentions_proxmox_apply_configuration_as_the_alternative():
    assert "Apply Configuration" in apply_plan(pve1(), hostname="pve1")


def test_revert_minutes_are_used_and_checked():
    assert "--on-active=12min" in apply_plan(pve1(), hostname="pve1", revert_minutes=12)
    for bad in (0, 121, -1, "5", 2.5, True):
        with pytest.raises(ValueError):
            apply_plan(pve1(), hostname="pve1", revert_minutes=bad)


@pytest.mark.parametrize(
    "hostname", ["", "pve1; reboot", "pve1\nreboot", "$(reboot)", "`id`", "pve 1", "-pve1", "pve1.", "a" * 64]
)
def test_a_host_name_outside_the_grammar_is_refused(hostname):
    with pytest.raises(ValueError, match="host name"):
        apply_plan(pve1(), hostname=hostname)


def test_a_fully_qualified_host_name_is_fine():
    assert "pve1.example.com" in apply_plan(pve1(), hostname="pve1.example.com")


def test_an_interface_name_outside_the_grammar_is_refused():
    network = pve1()
    network.get("vmbr0").name = "vmbr0+x"  # the renderer accepts '+', the plan does not
    with pytest.raises(ValueError, match="cannot be used in the apply plan"):
        apply_plan(network, hostname="pve1", source="/root/interfaces.netwizard")


def test_a_staged_copy_on_the_host_instead_of_the_embedded_file():
    plan = apply_plan(pve1(), hostname="pve1", source="/root/interfaces.netwizard")
    assert "cp /root/interfaces.netwizard /etc/network/interfaces.new" in plan
    assert "NETWIZARD_EOF" not in plan
    for bad in ("root/x", "/root/x y", "/root/../etc/shadow", "/root/$(id)", "/etc/network/interfaces.new"):
        with pytest.raises(ValueError, match="plain absolute path"):
            apply_plan(pve1(), hostname="pve1", source=bad)


def test_the_plan_is_valid_bash(tmp_path):
    assert BASH, "bash is part of every Debian system"
    path = tmp_path / "plan.sh"
    for network in (pve1(), host(nic("eno1", address="10.0.0.5/24", gateway="10.0.0.1"))):
        path.write_text(apply_plan(network, hostname="pve1", context=cluster_context(network)))
        result = subprocess.run([BASH, "-n", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr


def test_the_embedded_file_reaches_the_host_byte_for_byte(tmp_path):
    network = pve1()
    network.get("vmbr1").comments = ["guests `id` 'quoted' \"double\" (test) & more"]
    plan = apply_plan(network, hostname="pve1")
    start = next(
        i for i, line in enumerate(plan.splitlines()) if line.startswith("  cat > /etc/network/interfaces.new")
    )
    lines = plan.splitlines()
    marker = re.search(r"<<'(NETWIZARD_EOF_[0-9a-f]+)'", lines[start]).group(1)
    end = lines.index(marker)
    heredoc = "\n".join([f"cat <<'{marker}'", *lines[start + 1 : end], marker]) + "\n"
    result = subprocess.run([BASH, "-c", heredoc], capture_output=True, text=True, check=True)
    assert result.stdout == render(network)


# Running the plan against stand-in commands --------------------------------------------------

STUBS = {
    "hostname": 'echo pve1; echo "hostname $*" >> "$LOG"',
    "systemctl": 'echo "systemctl $*" >> "$LOG"; [ "$1" = is-active ] && exit 3; exit 0',
    "systemd-run": 'echo "systemd-run $*" >> "$LOG"',
    "ifreload": 'echo "ifreload $*" >> "$LOG"',
    "ifquery": 'echo "ifquery $*" >> "$LOG"',
    "ifup": 'echo "ifup $*" >> "$LOG"',
    "ip": 'echo "2: vmbr0    inet 192.168.1.11/24 brd 192.168.1.255 scope global vmbr0"',
    "ping": 'echo "ping $*" >> "$LOG"',
}


def run_plan(tmp_path: Path, answers: str, **stubs: str) -> tuple[subprocess.CompletedProcess, list[str], Path]:
    etc = tmp_path / "etc"
    etc.mkdir()
    (etc / "interfaces").write_text("auto lo\niface lo inet loopback\n")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, body in {**STUBS, **stubs}.items():
        stub = bin_dir / name
        stub.write_text(f"#!/bin/sh\n{body}\n")
        stub.chmod(0o755)
    log = tmp_path / "log"
    log.touch()
    plan = apply_plan(pve1(), hostname="pve1").replace("/etc/network", str(etc))
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "LOG": str(log)}
    result = subprocess.run([BASH, "-c", plan], input=answers, capture_output=True, text=True, env=env, timeout=30)
    return result, log.read_text().splitlines(), etc


def test_running_the_plan_applies_and_keeps_on_keep(tmp_path):
    result, log, etc = run_plan(tmp_path, "apply\nkeep\n")
    assert result.returncode == 0, result.stderr
    assert (etc / "interfaces").read_text() == render(pve1())
    assert not (etc / "interfaces.new").exists()
    (backup,) = etc.glob("interfaces.netwizard-*")
    assert backup.read_text() == "auto lo\niface lo inet loopback\n"
    armed = next(line for line in log if line.startswith("systemd-run"))
    assert "--unit=netwizard-revert --on-active=5min" in armed and f"cp -p {backup}" in armed
    assert log.index(armed) < log.index("ifreload -a")
    assert log[-1] == "systemctl stop netwizard-revert.timer"
    assert "Kept." in result.stdout


def test_running_the_plan_reverts_now_on_anything_but_keep(tmp_path):
    result, log, _ = run_plan(tmp_path, "apply\nno\n")
    assert log[-2:] == ["systemctl start netwizard-revert.service", "systemctl stop netwizard-revert.timer"]
    assert "Reverting now." in result.stdout


def test_running_the_plan_changes_nothing_unless_told_to_apply(tmp_path):
    result, log, etc = run_plan(tmp_path, "\n")
    assert result.returncode == 1
    assert (etc / "interfaces").read_text() == "auto lo\niface lo inet loopback\n"
    assert not (etc / "interfaces.new").exists()
    assert not any(line.startswith(("systemd-run", "ifreload")) for line in log)


def test_running_the_plan_on_the_wrong_host_stops_at_once(tmp_path):
    result, log, etc = run_plan(tmp_path, "apply\nkeep\n", hostname="echo pve2")
    assert result.returncode == 1 and "This plan is for pve1" in result.stderr
    assert log == [] and list(etc.iterdir()) == [etc / "interfaces"]


# Lock-out warnings: following the stack ---------------------------------------------------------


def changes(old: HostNetwork, new: HostNetwork):
    """What the file of `new` changes on a host that runs the file of `old`."""
    return file_changes(render(old), render(new))


def managed_stack() -> HostNetwork:
    """Management on vmbr0.50, a VLAN on the bridge vmbr0, whose port is bond0 over eno1 and eno2."""
    network = host(
        nic("eno1"),
        nic("eno2"),
        nic("eno3"),
        nic("eno4"),
        bond("bond0", ["eno1", "eno2"], "active-backup"),
        bridge("vmbr0", ["bond0"], vlan_aware=True, vids="2-4094"),
        vlan("vmbr0.50", "vmbr0", 50, address="192.168.50.11/24", gateway="192.168.50.1"),
        bridge("vmbr1", ["eno3"]),
        bond("bond1", ["eno4"], "active-backup"),
        bridge("vmbr2", ["bond1.60"], address="10.99.0.11/24"),
    )
    network.get("vmbr0.50").is_management = True
    return network


def test_a_change_to_a_nic_deep_under_the_management_vlan_warns():
    old, new = managed_stack(), managed_stack()
    new.get("eno2").mtu = 9000
    (w,) = lockout_warnings(changes(old, new), new)
    assert w.interface == "vmbr0.50" and w.roles == ("management", "gateway")
    assert w.stack == ("vmbr0.50", "vmbr0", "bond0", "eno1", "eno2")
    assert w.changed == ("eno2",)
    assert "eno2 (mtu none -> 9000)" in w.message and "vmbr0.50 > vmbr0 > bond0 > eno1, eno2" in w.message
    assert "console" in w.prepare and "timer restores the old configuration" in w.prepare


def test_a_bond_mode_change_under_the_bridge_warns_and_says_what_changed():
    old, new = managed_stack(), managed_stack()
    new.get("bond0").bond.mode = "802.3ad"
    (w,) = lockout_warnings(changes(old, new), new)
    assert w.changed == ("bond0",) and "bond-mode active-backup -> 802.3ad" in w.message


def test_removing_a_member_from_the_bond_warns():
    old, new = managed_stack(), managed_stack()
    new.get("bond0").bond.slaves = ["eno1"]
    new.interfaces.remove(new.get("eno2"))
    (w,) = lockout_warnings(changes(old, new), new)
    assert set(w.changed) == {"bond0", "eno2"} and "eno2 (removed)" in w.message


def test_changes_elsewhere_or_without_effect_do_not_warn():
    old, new = managed_stack(), managed_stack()
    new.get("vmbr1").bridge.stp = "on"  # another bridge
    new.get("vmbr0").comments = ["uplink to the core"]  # a comment
    new.get("eno1").switch_port = "Ethernet1/9"  # an inventory fact
    new.interfaces.reverse()  # the order of the stanzas
    assert lockout_warnings(changes(old, new), new) == []


def test_without_a_management_flag_the_gateway_interface_counts():
    old, new = managed_stack(), managed_stack()
    for network in (old, new):
        network.get("vmbr0.50").is_management = False
    new.get("vmbr0").bridge.vids = "2-40"  # VLAN 50 no longer passes the bridge
    (w,) = lockout_warnings(changes(old, new), new)
    assert w.interface == "vmbr0.50" and w.roles == ("management", "gateway")
    assert "bridge-vids 2-4094 -> 2-40" in w.message


def test_the_cluster_network_through_an_implicit_vlan_port():
    old, new = managed_stack(), managed_stack()
    new.get("bond1").bond.miimon = 200
    ctx = Context.build(new, cluster_networks=["10.99.0.0/24"])
    (w,) = lockout_warnings(changes(old, new), new, ctx)
    assert w.interface == "vmbr2" and w.roles == ("cluster",)
    assert w.stack == ("vmbr2", "bond1.60", "bond1", "eno4") and w.changed == ("bond1",)
    assert "cuts the node off from the cluster" in w.message
    assert "ha-manager" in w.prepare
    assert lockout_warnings(changes(old, new), new) == []  # without the cluster network nothing carries it


def test_moving_the_management_address_warns_for_both_interfaces():
    old = managed_stack()
    new = copy.deepcopy(old)
    mgmt = new.get("vmbr0.50")
    mgmt.is_management = False
    mgmt.inet.address, mgmt.inet.gateway, mgmt.inet.method = "", "", "manual"
    new.get("vmbr1").inet.address = "192.168.50.11/24"
    new.get("vmbr1").inet.method = "static"
    new.get("vmbr1").is_management = True
    warnings = {w.interface: w for w in lockout_warnings(changes(old, new), new)}
    assert set(warnings) == {"vmbr0.50", "vmbr1"}
    assert "address 192.168.50.11/24 -> none" in warnings["vmbr0.50"].message
    assert "address none -> 192.168.50.11/24" in warnings["vmbr1"].message


def test_a_new_host_lists_what_carries_management_and_cluster():
    network = managed_stack()
    warnings = lockout_warnings(None, network, Context.build(network, cluster_networks=["10.99.0.0/24"]))
    assert [(w.interface, w.roles, w.changed) for w in warnings] == [
        ("vmbr0.50", ("management", "gateway"), ()),
        ("vmbr2", ("cluster",), ()),
    ]
    assert "reachable only if" in warnings[0].message and "stays in the cluster" in warnings[1].message


def test_when_nothing_says_how_the_host_is_reached_one_warning_says_so():
    (w,) = lockout_warnings(None, host(nic("eno1", address="10.0.0.5/24")))
    assert w.interface == "" and "cannot tell" in w.message
