"""The cluster checked against its own corosync.conf and ceph.conf (issue 18): roles derived
from the configuration, BOND-26 from the real links, and CLUSTER-08, 10 to 19."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from netwizard.network import cli
from netwizard.network.cluster_conf import ceph_parse, corosync_parse
from netwizard.network.interfaces_file import parse
from netwizard.network.query.roles import ClusterConfig, cluster_roles
from netwizard.network.rules import Context, check_nodes, cluster_verdict


def node_file(number: int, mode: str = "active-backup", link1: str = "", mtu: int | None = None) -> str:
    """A node: bond0 (eno1 eno2) under vmbr0 with link 0's address, eno3 with link 1's, eno4 for Ceph."""
    jumbo = f"\tmtu {mtu}\n" if mtu else ""
    return (
        "auto lo\niface lo inet loopback\n\n"
        "iface eno1 inet manual\n\niface eno2 inet manual\n\n"
        f"auto eno3\niface eno3 inet static\n\taddress {link1 or f'10.20.0.{number}/24'}\n\n"
        f"auto eno4\niface eno4 inet static\n\taddress 10.30.0.{number}/24\n{jumbo}\n"
        f"auto bond0\niface bond0 inet manual\n\tbond-slaves eno1 eno2\n\tbond-miimon 100\n\tbond-mode {mode}\n\n"
        f"auto vmbr0\niface vmbr0 inet static\n\taddress 10.10.10.{number}/24\n\tgateway 10.10.10.254\n"
        "\tbridge-ports bond0\n\tbridge-stp off\n\tbridge-fd 0\n"
    )


def corosync_conf(ring1: dict[int, str] | None = None) -> str:
    ring1 = ring1 or {}
    nodes = "".join(
        f"  node {{\n    name: pve{n}\n    nodeid: {n}\n    quorum_votes: 1\n    ring0_addr: 10.10.10.{n}\n"
        f"    ring1_addr: {ring1.get(n, f'10.20.0.{n}')}\n  }}\n"
        for n in (1, 2, 3)
    )
    return (
        "logging {\n  debug: off\n  to_syslog: yes\n}\n\n"
        f"nodelist {{\n{nodes}}}\n\n"
        "quorum {\n  provider: corosync_votequorum\n}\n\n"
        "totem {\n  cluster_name: prod\n  config_version: 3\n  interface {\n    linknumber: 0\n  }\n"
        "  interface {\n    linknumber: 1\n  }\n  ip_version: ipv4-6\n  link_mode: passive\n  secauth: on\n"
        "  version: 2\n}\n"
    )


CEPH = "[global]\n\t public_network = 10.30.0.0/24\n\t fsid = 3b1c3f6e-0000-4000-8000-000000000001\n"
DONE_WHEN_FILES = {1: node_file(1), 2: node_file(2, mode="balance-xor"), 3: node_file(3)}


def nodes(files: dict[int, str]) -> dict:
    return {f"pve{n}": (network, Context.build(network)) for n, text in files.items() for network in [parse(text)]}


def findings(files: dict[int, str], corosync: str | None = None, ceph: str | None = None, hosts=None) -> list:
    config = ClusterConfig(
        corosync=corosync_parse(corosync) if corosync else None,
        ceph=ceph_parse(ceph) if ceph else None,
        etc_hosts=hosts or {},
    )
    return check_nodes(nodes(files), config)


def codes(found: list) -> list[tuple[str, str, str]]:
    return sorted((f.code, f.host, f.interface) for f in found if f.code.startswith(("CLUSTER-", "BOND-26")))


def test_the_done_when_cluster_from_the_command_line(tmp_path: Path):
    for number, text in DONE_WHEN_FILES.items():
        (tmp_path / f"pve{number}.interfaces").write_text(text)
    (tmp_path / "corosync.conf").write_text(corosync_conf({3: "10.20.0.30"}))
    paths = [str(tmp_path / f"pve{n}.interfaces") for n in (1, 2, 3)]
    args = ["--cluster", *paths, "--corosync", str(tmp_path / "corosync.conf"), "--format", "json"]
    report, status = cli.COMMANDS["lintinterfaces"].run(cli_options(args))
    found = json.loads(report)["findings"]
    assert status == 1
    assert [(f["host"], f["interface"]) for f in found if f["code"] == "BOND-26"] == [("pve2", "bond0")]
    (missing,) = [f for f in found if f["code"] == "CLUSTER-10"]
    assert missing["host"] == "pve3" and missing["severity"] == "error"
    assert "10.20.0.30" in missing["message"] and "configured on no interface of pve3" in missing["message"]
    # Without corosync.conf nothing says which bond carries the cluster network.
    report, _ = cli.COMMANDS["lintinterfaces"].run(cli_options([*args[: len(paths) + 1], "--format", "json"]))
    assert not [f for f in json.loads(report)["findings"] if f["code"] in ("BOND-26", "CLUSTER-10")]


def cli_options(args: list[str]):
    parser = cli.argparse.ArgumentParser()
    cli.COMMANDS["lintinterfaces"].add_arguments(parser)
    return parser.parse_args(args)


def test_an_unreadable_corosync_conf_names_its_line(tmp_path: Path):
    for number, text in DONE_WHEN_FILES.items():
        (tmp_path / f"pve{number}.interfaces").write_text(text)
    (tmp_path / "corosync.conf").write_text("totem {\n  cluster_name: prod\n")
    paths = [str(tmp_path / f"pve{n}.interfaces") for n in (1, 2, 3)]
    with pytest.raises(cli.CommandFailed, match=r"corosync.conf: line 1: .*never closed") as failed:
        cli.COMMANDS["lintinterfaces"].run(
            cli_options(["--cluster", *paths, "--corosync", str(tmp_path / "corosync.conf")])
        )
    assert failed.value.status == 2


def test_a_good_cluster_has_no_configured_finding_and_the_verdict_says_what_it_checked():
    files = {n: node_file(n) for n in (1, 2, 3)}
    config = ClusterConfig(corosync=corosync_parse(corosync_conf()), ceph=ceph_parse(CEPH))
    assert codes(check_nodes(nodes(files), config)) == []
    verdict = cluster_verdict(nodes(files), config=config)
    clauses = {c.topic: c for c in verdict.clauses}
    assert clauses["Corosync links"].status == "agree"
    assert "links 0 and 1 each have an address on an interface of every node (pve1, pve2 and pve3)" in (
        clauses["Corosync links"].text
    )
    assert clauses["Ceph networks"].status == "agree" and "10.30.0.0/24" in clauses["Ceph networks"].text


def test_an_address_on_another_node_says_which():
    found = findings(DONE_WHEN_FILES | {2: node_file(2)}, corosync_conf({3: "10.20.0.1"}))
    (missing,) = [f for f in found if f.code == "CLUSTER-10"]
    assert "pve1 has that address" in missing.message


def test_link_addresses_in_different_subnets():
    files = {1: node_file(1), 2: node_file(2), 3: node_file(3, link1="10.20.0.3/16")}
    found = findings(files, corosync_conf())
    assert codes(found) == [("CLUSTER-11", "pve3", "")]


def test_two_links_over_the_same_bond():
    # pve1's link 1 address sits on vmbr0 too: both links depend on bond0, eno1 and eno2.
    files = {n: node_file(n) for n in (1, 2, 3)}
    files[1] = files[1].replace("\taddress 10.10.10.1/24\n", "\taddress 10.10.10.1/24\n\taddress 10.20.0.1/24\n")
    files[1] = files[1].replace("\taddress 10.20.0.1/24\n\n", "\taddress 10.20.0.9/24\n\n", 1)
    found = findings(files, corosync_conf())
    (shared,) = [f for f in found if f.code == "CLUSTER-12"]
    assert shared.host == "pve1" and "bond0" in shared.message


def test_corosync_beside_ceph_and_ceph_rules():
    ceph_on_vmbr0 = "[global]\n public network = 10.10.10.0/24\n cluster-network = 10.30.0.0/24\n"
    found = findings({n: node_file(n, mtu=9000 if n == 3 else None) for n in (1, 2, 3)}, corosync_conf(), ceph_on_vmbr0)
    assert ("CLUSTER-13", "pve1", "vmbr0") in codes(found)
    assert [f.host for f in found if f.code == "CLUSTER-16"] == ["pve3"]


def test_a_ceph_node_without_the_cluster_network():
    files = {n: node_file(n) for n in (1, 2, 3)}
    files[2] = files[2].replace("10.30.0.2/24", "10.31.0.2/24")
    ceph = "[global]\npublic_network = 10.10.10.0/24\ncluster_network = 10.30.0.0/24\n"
    assert [f.host for f in findings(files, None, ceph) if f.code == "CLUSTER-15"] == ["pve2"]


def test_nodes_the_two_sides_do_not_share():
    found = findings({1: node_file(1), 2: node_file(2)}, corosync_conf())
    assert ("CLUSTER-14", "pve3", "") in codes(found)
    four = findings({n: node_file(n) for n in (1, 2, 3)} | {4: node_file(4)}, corosync_conf())
    assert ("CLUSTER-14", "pve4", "") in codes(four)


def test_host_names_resolve_through_etc_hosts_or_are_reported():
    conf = corosync_conf().replace("ring0_addr: 10.10.10.2", "ring0_addr: pve2-corosync")
    files = {n: node_file(n) for n in (1, 2, 3)}
    assert ("CLUSTER-19", "pve2", "") in codes(findings(files, conf))
    hosts = {"pve2": "127.0.0.1 localhost\n10.10.10.2 pve2-corosync\n"}
    assert codes(findings(files, conf, hosts=hosts)) == []


def test_etc_hosts_mapping_the_node_name_wrongly():
    files = {n: node_file(n) for n in (1, 2, 3)}
    hosts = {
        "pve1": "127.0.1.1 pve1.example.org pve1\n",
        "pve2": "10.99.0.2 pve2.example.org pve2\n",
        "pve3": "10.10.10.3 pve3\n10.20.0.3 pve3\n",
    }
    found = [f for f in findings(files, corosync_conf(), hosts=hosts) if f.code == "CLUSTER-18"]
    assert [f.host for f in found] == ["pve1", "pve2", "pve3"]
    assert "127.0.1.1" in found[0].message and "which no interface of pve2 has" in found[1].message


def test_a_single_link_is_advice():
    conf = corosync_conf().replace("  interface {\n    linknumber: 1\n  }\n", "")
    conf = "".join(line for line in conf.splitlines(keepends=True) if "ring1_addr" not in line)
    found = findings({n: node_file(n) for n in (1, 2, 3)}, conf)
    assert [f.severity for f in found if f.code == "CLUSTER-08"] == ["info"] * 3


def test_the_roles_follow_the_stack_down():
    config = ClusterConfig(corosync=corosync_parse(corosync_conf()), ceph=ceph_parse(CEPH))
    roles = cluster_roles({"pve1": parse(node_file(1))}, config)
    link0 = next(r for r in roles.links if r.node == "pve1" and r.link == 0)
    assert (link0.interface, link0.below.bonds, link0.below.nics) == ("vmbr0", ("bond0",), ("eno1", "eno2"))
    assert roles.cluster_interfaces("pve1") == {"vmbr0", "eno3"}
    assert roles.ceph_interfaces("pve1") == {"eno4"}
