"""`manage.py lintinterfaces FILE`: output, exit status 0/1/2, and no database access.

None of these tests is marked for the database: pytest-django makes any query fail, so
each one also shows the command never touches it.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests import samples
from tests.conftest import SEED_TEXT

SEED = SEED_TEXT
ROOT = Path(__file__).resolve().parents[2]


def lint(*args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("lintinterfaces", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    except CommandError as exc:  # what the shell shows as "CommandError: …" with this exit status
        code = exc.returncode
        err.write(str(exc))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def seed_files(tmp_path) -> list[Path]:
    text = SEED.read_text()
    blocks = re.findall(r"^Example: [^\n]*\n\n(auto lo\n.*?)(?=\n\n(?:\S+\.svg|Another)|\Z)", text, re.S | re.M)
    assert len(blocks) == 2
    paths = []
    for i, block in enumerate(blocks):
        path = tmp_path / f"seed{i + 1}.interfaces"
        path.write_text(block + "\n")
        paths.append(path)
    return paths


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "interfaces"
    path.write_text(text)
    return path


LACP_ON_A_CLUSTER_BRIDGE = (
    samples.LACP_BOND
    + """
auto vmbr0
iface vmbr0 inet manual
\tbridge-ports bond0
\tbridge-stp off
\tbridge-fd 0
\tbridge-vlan-aware yes
\tbridge-vids 2-4094

auto vmbr0.50
iface vmbr0.50 inet static
\taddress 10.50.0.2/24
"""
)


def test_seed_examples_lint_clean_with_an_lacp_switch(seed_files):
    for path in seed_files:
        code, out, err = lint(str(path), "--switch-lacp", "yes")
        assert (code, err) == (0, "")
        assert out.strip() == f"{path}: no findings"


def test_seed_examples_fail_bond_26_with_the_cluster_network_on_the_bond(seed_files):
    storage, guest = seed_files
    code, out, _ = lint(str(storage), "--switch-lacp", "yes", "--cluster-network", "192.168.1.0/24")
    assert code == 1 and "error: BOND-26 bond0:" in out
    # in the second example the cluster address is on vmbr0, the bridge above the bond
    code, out, _ = lint(str(guest), "--switch-lacp", "yes", "--cluster-network", "10.10.10.0/24")
    assert code == 1 and "error: BOND-26 bond0:" in out and "vmbr0" in out


def test_bond_26_through_a_vlan_on_the_bridge(tmp_path):
    path = write(tmp_path, LACP_ON_A_CLUSTER_BRIDGE)
    assert lint(str(path), "--switch-lacp", "yes")[0] == 0
    code, out, _ = lint(str(path), "--switch-lacp", "yes", "--cluster-network", "10.50.0.0/24")
    assert code == 1 and "BOND-26" in out and "vmbr0.50" in out


def test_cluster_network_is_repeatable(tmp_path):
    path = write(tmp_path, LACP_ON_A_CLUSTER_BRIDGE)
    flags = ["--cluster-network", "10.99.0.0/24", "--cluster-network", "10.50.0.0/24"]
    code, out, _ = lint(str(path), "--switch-lacp", "yes", *flags)
    assert code == 1 and "BOND-26" in out


def test_switch_without_lacp_fails_an_802_3ad_bond(seed_files):
    code, out, _ = lint(str(seed_files[1]), "--switch-lacp", "no")
    assert code == 1 and "BOND-27" in out


def test_warnings_and_infos_alone_exit_0(tmp_path):
    text = LACP_ON_A_CLUSTER_BRIDGE.replace("802.3ad", "balance-rr").replace("\tbond-xmit-hash-policy layer2+3\n", "")
    code, out, _ = lint(str(write(tmp_path, text)))
    assert code == 0
    assert "warning: BOND-30 bond0:" in out
    assert out.rstrip().endswith("0 errors, 1 warning, 0 infos")


def test_json_output(seed_files):
    code, out, _ = lint(str(seed_files[0]), "--format", "json", "--cluster-network", "192.168.1.0/24")
    assert code == 1
    data = json.loads(out)
    assert list(data) == ["findings"]
    assert all(list(f) == ["code", "severity", "interface", "message", "hint"] for f in data["findings"])
    assert {"code": "BOND-26", "severity": "error", "interface": "bond0"}.items() <= data["findings"][0].items()


def test_json_output_without_findings(seed_files):
    code, out, _ = lint(str(seed_files[0]), "--format", "json", "--switch-lacp", "yes")
    assert (code, json.loads(out)) == (0, {"findings": []})


def test_unreadable_file_exits_2_with_a_message(tmp_path):
    code, out, err = lint(str(tmp_path / "missing"))
    assert code == 2 and out == ""
    assert "missing" in err and "cannot read" in err


def test_not_utf8_exits_2(tmp_path):
    path = tmp_path / "interfaces"
    path.write_bytes(b"auto lo\niface lo inet loopback\n# caf\xe9\n")
    code, _, err = lint(str(path))
    assert code == 2 and "UTF-8" in err


def test_parse_error_exits_2_and_names_the_line(tmp_path):
    path = write(tmp_path, "auto lo\niface lo inet loopback\n\niface eno1 inet manual\n\tfoobar\n")
    code, out, err = lint(str(path))
    assert code == 2 and out == ""
    assert "line 5" in err


def test_invalid_cluster_network_is_refused():
    with pytest.raises(CommandError, match="CIDR"):
        call_command("lintinterfaces", "x", "--cluster-network", "10.0.0.300/24")


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "lintinterfaces", *args], cwd=ROOT, capture_output=True, text=True, timeout=60
    )


def test_command_line_exit_statuses_and_no_traceback(tmp_path, seed_files):
    assert run_cli(str(seed_files[0]), "--switch-lacp", "yes").returncode == 0
    assert run_cli(str(seed_files[0]), "--cluster-network", "192.168.1.0/24").returncode == 1
    broken = run_cli(str(write(tmp_path, "bond-miimon 100\nauto lo\niface lo inet loopback\n")))
    assert broken.returncode == 2
    assert "line 1" in broken.stderr and "Traceback" not in broken.stderr
    missing = run_cli(str(tmp_path / "nope"))
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


# --cluster: one file per node, the CLUSTER-* rules across them -----------------------------


def node_text(n: int, *, vmbr1: bool = True) -> str:
    text = f"""auto lo
iface lo inet loopback

iface eno1 inet manual

iface eno2 inet manual

auto eno3
iface eno3 inet static
	address 10.99.0.{10 + n}/24

auto bond0
iface bond0 inet manual
	bond-slaves eno1 eno2
	bond-miimon 100
	bond-mode active-backup
	bond-primary eno1

auto vmbr0
iface vmbr0 inet static
	address 192.168.1.{10 + n}/24
	gateway 192.168.1.1
	bridge-ports bond0
	bridge-stp off
	bridge-fd 0
"""
    if vmbr1:
        text += """
auto vmbr1
iface vmbr1 inet manual
	bridge-ports none
	bridge-stp off
	bridge-fd 0
	bridge-vlan-aware yes
	bridge-vids 2-4094
"""
    return text


def write_nodes(tmp_path: Path, *, missing_vmbr1: int | None = None) -> list[str]:
    paths = []
    for n in (1, 2, 3):
        path = tmp_path / f"pve{n}.interfaces"
        path.write_text(node_text(n, vmbr1=n != missing_vmbr1))
        paths.append(str(path))
    return paths


def test_cluster_names_the_missing_bridge_and_its_host(tmp_path):
    files = write_nodes(tmp_path, missing_vmbr1=3)
    code, out, err = lint("--cluster", *files)
    assert (code, err) == (1, "")
    assert "error: CLUSTER-02 pve3/vmbr1: Bridge vmbr1 exists on pve1 and pve2 but not on pve3" in out
    assert f"pve3 ({files[2]}): 1 error, 0 warnings, 0 infos" in out
    assert f"pve1 ({files[0]}): no findings" in out
    assert out.rstrip().endswith("cluster of 3 nodes: 1 error, 0 warnings, 0 infos")


def test_cluster_json_findings_carry_the_host(tmp_path):
    code, out, _ = lint("--cluster", *write_nodes(tmp_path, missing_vmbr1=3), "--format", "json")
    assert code == 1
    (finding,) = json.loads(out)["findings"]
    assert list(finding) == ["code", "severity", "host", "interface", "message", "hint"]
    assert {"code": "CLUSTER-02", "severity": "error", "host": "pve3", "interface": "vmbr1"}.items() <= finding.items()


def test_a_consistent_cluster_exits_0_and_every_finding_names_a_host(tmp_path):
    files = write_nodes(tmp_path)
    assert lint("--cluster", *files)[0] == 0
    code, out, _ = lint("--cluster", *files, "--format", "json", "--cluster-network", "10.99.0.0/24")
    findings = json.loads(out)["findings"]
    assert code == 0
    # One corosync link for the whole cluster: advice per node, not CLUSTER-01 as well.
    assert [(f["code"], f["host"], f["interface"]) for f in findings] == [
        ("CLUSTER-08", "pve1", "eno3"),
        ("CLUSTER-08", "pve2", "eno3"),
        ("CLUSTER-08", "pve3", "eno3"),
    ]


def test_cluster_applies_each_nodes_own_rules_too(tmp_path):
    files = write_nodes(tmp_path)
    lacp = node_text(2).replace("bond-mode active-backup", "bond-mode 802.3ad").replace("\tbond-primary eno1\n", "")
    Path(files[1]).write_text(lacp)
    code, out, _ = lint("--cluster", *files, "--cluster-network", "192.168.1.0/24", "--switch-lacp", "yes")
    assert code == 1
    assert "error: BOND-26 pve2/bond0:" in out
    assert "BOND-26 pve1" not in out and "BOND-26 pve3" not in out


def test_host_names_come_from_the_file_names(tmp_path):
    first = tmp_path / "pve1"
    first.write_text(node_text(1))
    second = tmp_path / "pve2.example.com.interfaces"
    second.write_text(node_text(2, vmbr1=False))
    code, out, _ = lint("--cluster", str(first), str(second))
    assert code == 1 and "CLUSTER-02 pve2.example.com/vmbr1:" in out


def test_two_files_for_one_host_are_refused(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    files = [tmp_path / "a" / "pve1.interfaces", tmp_path / "b" / "pve1.interfaces"]
    for path in files:
        path.write_text(node_text(1))
    code, out, err = lint("--cluster", *map(str, files))
    assert code == 2 and out == "" and "both stand for host pve1" in err


def test_cluster_exits_2_naming_every_file_it_cannot_read(tmp_path):
    files = write_nodes(tmp_path)
    Path(files[1]).write_text("auto lo\niface lo inet loopback\n\niface eno1 inet manual\n\tfoobar\n")
    code, out, err = lint("--cluster", *files, str(tmp_path / "pve4.interfaces"))
    assert code == 2 and out == ""
    assert f"{files[1]}: line 5" in err and "pve4.interfaces: cannot read" in err


def test_several_files_without_cluster_are_refused(tmp_path):
    code, out, err = lint(*write_nodes(tmp_path))
    assert code == 2 and out == "" and "--cluster" in err


def test_command_line_cluster_exit_statuses(tmp_path):
    (tmp_path / "ok").mkdir()
    (tmp_path / "broken").mkdir()
    ok = write_nodes(tmp_path / "ok")
    assert run_cli("--cluster", *ok).returncode == 0
    result = run_cli("--cluster", *write_nodes(tmp_path / "broken", missing_vmbr1=2), "--format", "json")
    assert result.returncode == 1
    assert json.loads(result.stdout)["findings"][0]["host"] == "pve2"
    missing = run_cli("--cluster", *ok, str(tmp_path / "nope.interfaces"))
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


@pytest.mark.django_db
def test_facts_add_the_node_s_view_of_its_nics(tmp_path):
    # issue 17: `lintinterfaces FILE --facts FACTS.json` (a member whose cable is out).
    from tests.network.test_host_facts import ENO1, ENO2, LO
    from tests.network.test_rules_nic_facts import BOND_FILE

    path, facts = tmp_path / "pve1.interfaces", tmp_path / "facts.json"
    path.write_text(BOND_FILE)
    facts.write_text(json.dumps({"netwizard_facts": 1, "ip_link": [LO, ENO1, ENO2], "speeds": {"eno1": 10000}}))
    code, out, _ = lint(str(path), "--facts", str(facts), "--format", "json")
    assert code == 0 and [f["code"] for f in json.loads(out)["findings"]].count("NIC-03") == 1
    facts.write_text("{not json")
    code, out, _ = lint(str(path), "--facts", str(facts), "--format", "json")
    assert code == 2 and "is not JSON (line 1, column 2" in json.loads(out)["error"]["message"]
    code, _, err = lint("--cluster", str(path), "--facts", str(facts))
    assert code == 2 and "--facts describes one node" in err
