"""The facts collection command (issue 17), run for real under dash (`sh`) and bash.

It goes into a root shell on a production node, so besides the document it prints, these
tests check that it only reads and that no file content can break the JSON or run.
"""

from __future__ import annotations

import json
import os
import re
import subprocess

import pytest

from netwizard.network.collect import COLLECT_COMMAND, collect_command
from netwizard.network.host_facts import facts_parse

SHELLS = ["sh", "bash"]

HOSTILE = {
    "quotes": 'say "hi" \\"escaped\\" \\\\ end\\',
    "whitespace": "a\tb\r\nc\r\n\t\n",
    "shell": "$(reboot) `reboot` ${HOME} 'single' \"$(id)\"; rm -rf / #\n",
    "unicode": "Zürich ☃ 東京 — ok\n",
    "control": "nul\x00bell\x07vt\x0bff\x0cesc\x1b[31mdel\x7fend\n",
    "no-newline": "last line without newline",
    "empty": "",
    "only-newlines": "\n\n\n",
    "long": "x" * 100_000 + "\n" + '\\"' * 1000,
    "json-like": '", "files": {}} {"netwizard_facts": 2\n',
    "x-at-end": "ends with x\nx",
}
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def run(command: str, shell: str) -> dict:
    result = subprocess.run([shell, "-c", command], capture_output=True, check=True, timeout=60)
    assert result.stderr == b""
    return json.loads(result.stdout)


@pytest.mark.parametrize("shell", SHELLS)
def test_default_command_prints_the_facts_of_this_machine(shell):
    document = run(COLLECT_COMMAND, shell)

    hostname = subprocess.run(["hostname"], capture_output=True, text=True, check=True).stdout.strip()
    assert document["netwizard_facts"] == 1
    assert document["hostname"] == hostname
    assert "lo" in [link["ifname"] for link in document["ip_link"]]
    for key in ("ip_addr", "ip_route", "ip6_route"):
        assert isinstance(document[key], list)
    assert document["speeds"]
    assert all(type(speed) is int for speed in document["speeds"].values())
    assert isinstance(document["bonding"], dict)
    assert all(isinstance(text, str) for text in document["files"].values())
    facts = facts_parse(json.dumps(document))
    assert "lo" in facts.names
    assert facts.hostname in (hostname, "")


@pytest.mark.parametrize("shell", SHELLS)
def test_file_texts_come_back_exactly_whatever_they_hold(shell, tmp_path):
    paths = {}
    for name, text in HOSTILE.items():
        path = tmp_path / f"{name}.conf"
        path.write_bytes(text.encode())
        paths[str(path)] = text

    document = run(collect_command(tuple(paths)), shell)

    assert document["files"] == {path: CONTROL.sub("", text) for path, text in paths.items()}


@pytest.mark.parametrize("shell", SHELLS)
def test_globs_and_entries_that_are_not_regular_files(shell, tmp_path):
    (tmp_path / "a.link").write_text("[Match]\n")
    (tmp_path / 'b "$(id)" \\.link').write_text("[Link]\n")  # a glob may find any name
    (tmp_path / "dir.link").mkdir()
    os.mkfifo(tmp_path / "fifo.link")  # not a regular file: reading it would hang

    document = run(collect_command((f"{tmp_path}/*.link", f"{tmp_path}/missing", f"{tmp_path}/none-*.link")), shell)

    assert document["files"] == {f"{tmp_path}/a.link": "[Match]\n", f'{tmp_path}/b "$(id)" \\.link': "[Link]\n"}


@pytest.mark.parametrize("shell", SHELLS)
def test_hostname_is_escaped_too(shell, tmp_path):
    (tmp_path / "hostname").write_text("#!/bin/sh\nprintf '%s\\n' 'pve\"1\\'\n")
    (tmp_path / "hostname").chmod(0o755)
    env = {**os.environ, "PATH": f"{tmp_path}:{os.environ['PATH']}"}

    result = subprocess.run([shell, "-c", COLLECT_COMMAND], capture_output=True, check=True, env=env, timeout=60)

    assert json.loads(result.stdout)["hostname"] == 'pve"1\\'


@pytest.mark.parametrize("shell", SHELLS)
def test_bonding_and_speeds_from_fake_proc_and_sys(shell, tmp_path):
    bonding = tmp_path / "bonding"
    bonding.mkdir()
    bond0 = (
        "Ethernet Channel Bonding Driver: v6.8\n\n"
        "Bonding Mode: IEEE 802.3ad Dynamic link aggregation\n"
        "Transmit Hash Policy: layer3+4 (1)\nMII Status: up\n\n"
        "Slave Interface: eno1\nMII Status: up\nSpeed: 1000 Mbps\nPermanent HW addr: 3c:ec:ef:12:34:56\n"
    )
    (bonding / "bond0").write_text(bond0)
    sys_net = tmp_path / "net"
    speeds = {"eno1": "1000\n", "eno2": "-1\n", "eno3": "Invalid argument\n", "eno4": "007\n", "eno5": "-\n"}
    for name, speed in speeds.items():
        (sys_net / name).mkdir(parents=True)
        (sys_net / name / "speed").write_text(speed)
    (sys_net / "eno6").mkdir()  # no speed file at all
    (sys_net / "bonding_masters").write_text("bond0\n")  # a file, not an interface
    (sys_net / 'we"ird').mkdir()  # not a name the reader accepts

    document = run(collect_command((), bonding_dir=str(bonding), sys_net=str(sys_net)), shell)

    assert document["bonding"] == {"bond0": bond0}
    assert document["speeds"] == {"eno1": 1000, "eno2": -1, "eno3": -1, "eno4": -1, "eno5": -1, "eno6": -1}
    assert document["files"] == {}


@pytest.mark.parametrize(
    "path",
    ["/etc/my file", "/etc/a;reboot", "/etc/$HOME", "/etc/../root/x", "etc/hosts", "", "/etc/`id`", "/etc/a\nb"],
)
def test_paths_outside_the_grammar_are_refused(path):
    with pytest.raises(ValueError):
        collect_command((path,))
    with pytest.raises(ValueError):
        collect_command(bonding_dir=path)
    with pytest.raises(ValueError):
        collect_command(sys_net=path)


def test_directories_take_no_glob():
    with pytest.raises(ValueError):
        collect_command(sys_net="/sys/class/*")


def test_command_is_one_line_that_only_reads():
    for command in (COLLECT_COMMAND, collect_command(("/etc/hosts", "/x/*.link"), bonding_dir="/b", sys_net="/n")):
        assert "\n" not in command
        assert "\r" not in command
        assert len(command.splitlines()) == 1
        assert command.startswith("(")
        assert command.endswith(")")
        # The only output redirections silence stderr.
        assert ">" not in re.sub(r"\b2>/dev/null\b", "", command)
        assert not re.search(r"(?<![\w-])(rm|mv|cp|tee|dd|eval|base64|sed -i)(?![\w-])", command)


def test_default_command_reads_the_files_netwizard_needs():
    for path in (
        "/etc/network/interfaces",
        "/etc/hosts",
        "/etc/pve/corosync.conf",
        "/etc/ceph/ceph.conf",
        "/usr/local/lib/systemd/network/*.link",
        "/proc/net/bonding/*",
        "/sys/class/net/*",
    ):
        assert f" {path}" in COLLECT_COMMAND
    assert '"/etc/pve/nodes/${h%%.*}/host.fw"' in COLLECT_COMMAND


@pytest.mark.parametrize("shell", SHELLS)
def test_nothing_leaks_into_the_admins_shell(shell):
    # Functions e, j, k and variables h, s, o, n, d, v, f live and die in the subshell.
    probe = (
        f'{COLLECT_COMMAND} >/dev/null; type e j k >/dev/null 2>&1 && echo leaked; echo "[$h$s$o$n$d$v$f${{LC_ALL-}}]"'
    )
    env = {key: value for key, value in os.environ.items() if key != "LC_ALL"}
    result = subprocess.run([shell, "-c", probe], capture_output=True, text=True, check=True, env=env)
    assert result.stdout == "[]\n"


@pytest.mark.parametrize("shell", SHELLS)
def test_host_firewall_path_is_named_after_the_short_hostname(shell):
    # The default command's host.fw word, expanded for an FQDN.
    word = '"/etc/pve/nodes/${h%%.*}/host.fw"'
    assert f" {word} " in COLLECT_COMMAND
    result = subprocess.run(
        [shell, "-c", f"h=pve1.example.com; echo {word}"], capture_output=True, text=True, check=True
    )
    assert result.stdout == "/etc/pve/nodes/pve1/host.fw\n"


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize(
    "fake_ip",
    [
        "exit 0",
        "exit 1",
        'echo \'[{"ifname": "lo"\'; exit 1',
        'echo \'Option "-j" is unknown, try "ip -help".\' >&2; exit 255',
        "echo '1: lo: <LOOPBACK,UP>'",
    ],
    ids=["empty", "fails", "fails-midway", "no-json-option", "plain-text"],
)
def test_ip_without_json_output_gives_empty_lists(shell, fake_ip, tmp_path):
    (tmp_path / "ip").write_text(f"#!/bin/sh\n{fake_ip}\n")
    (tmp_path / "ip").chmod(0o755)
    env = {**os.environ, "PATH": f"{tmp_path}:{os.environ['PATH']}"}

    result = subprocess.run([shell, "-c", COLLECT_COMMAND], capture_output=True, check=True, env=env, timeout=60)

    document = json.loads(result.stdout)
    assert [document[key] for key in ("ip_link", "ip_addr", "ip_route", "ip6_route")] == [[], [], [], []]
