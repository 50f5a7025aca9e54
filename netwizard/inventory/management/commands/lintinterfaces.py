"""lintinterfaces FILE: check an interfaces file against netwizard's rules, without the inventory.

    lintinterfaces FILE [--format text|json] [--cluster-network CIDR]... [--switch-lacp yes|no]
    lintinterfaces --cluster FILE FILE... [same options]

With --cluster every file is one node of a cluster: each is checked on its own, and the
CLUSTER-* rules compare them (the same bridges everywhere, no address twice, corosync
links and MTUs that agree). A node's host name is its file's name without the last
extension (pve1.interfaces -> pve1), and every finding names it ("host" in JSON).

Exit status: 0 without error findings, 1 with at least one, 2 when a file cannot be
read or parsed. The database is never touched, so it runs on a host or in CI as is.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from netwizard.network.rules import Context, check, check_nodes, has_errors
from netwizard.network.rules.context import parse_cluster_network

from ..files import UNREADABLE, interfaces_file_parse

EXIT_ERRORS = 1
SEVERITIES = ("error", "warning", "info")


def _cidr(value: str):
    try:
        return parse_cluster_network(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"'{value}' is not a network in CIDR form, such as 10.10.10.0/24") from exc


def host_name(path: str) -> str:
    """The node a file stands for: its name without the last extension (pve1.interfaces -> pve1)."""
    return Path(path).stem or Path(path).name


class Command(BaseCommand):
    help = (
        "Check an /etc/network/interfaces file against netwizard's rules (exit 1 on errors, 2 if unreadable). "
        "With --cluster, check one file per node and compare the nodes."
    )
    # Nothing here needs the project's checks or the database.
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument(
            "file",
            nargs="+",
            metavar="FILE",
            help="the interfaces file to check; with --cluster, one file per node, named after the node: the host "
            "name is the file name without its last extension (pve1.interfaces and pve1 both give pve1)",
        )
        parser.add_argument(
            "--cluster",
            action="store_true",
            help="treat the files as the nodes of one cluster and apply the CLUSTER-* rules across them",
        )
        parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (text)")
        parser.add_argument(
            "--cluster-network",
            action="append",
            default=[],
            type=_cidr,
            metavar="CIDR",
            help="a network that carries the cluster (corosync) traffic; repeat for several links",
        )
        parser.add_argument(
            "--switch-lacp",
            choices=("yes", "no"),
            help="whether the switch behind the NICs supports LACP (802.3ad)",
        )

    def handle(self, *args, file: list[str], cluster: bool, format: str, cluster_network, switch_lacp, **options):
        if cluster:
            findings = self._lint_cluster(file, format, cluster_network, switch_lacp)
        else:
            if len(file) != 1:
                raise CommandError(
                    "give one FILE, or --cluster with one file per node of the cluster", returncode=UNREADABLE
                )
            findings = self._lint_one(file[0], format, cluster_network, switch_lacp)
        if has_errors(findings):
            raise SystemExit(EXIT_ERRORS)

    def _lint_one(self, file: str, format: str, cluster_network, switch_lacp):
        network = interfaces_file_parse(file)
        context = Context.build(network, cluster_networks=cluster_network, switch_lacp=switch_lacp)
        findings = check(network, context)
        if format == "json":
            self._write_json(findings)
        else:
            self._write_findings(findings)
            self.stdout.write(f"{file}: {_summary(findings)}" if findings else f"{file}: no findings")
        return findings

    def _lint_cluster(self, files: list[str], format: str, cluster_network, switch_lacp):
        hosts: dict[str, str] = {}
        for path in files:
            name = host_name(path)
            if name in hosts:
                raise CommandError(
                    f"{hosts[name]} and {path} both stand for host {name}; name each file after its node",
                    returncode=UNREADABLE,
                )
            hosts[name] = path
        # Read every file before judging any: a cluster checked without one of its nodes
        # would report that node's bridges as missing everywhere else.
        nodes, problems = {}, []
        for name, path in hosts.items():
            try:
                network = interfaces_file_parse(path)
            except CommandError as exc:
                problems.append(str(exc))
                continue
            nodes[name] = (network, Context.build(network, cluster_networks=cluster_network, switch_lacp=switch_lacp))
        if problems:
            raise CommandError("\n".join(problems), returncode=UNREADABLE)

        findings = check_nodes(nodes)
        if format == "json":
            self._write_json(findings)
            return findings
        self._write_findings(findings)
        for name, path in hosts.items():
            own = [f for f in findings if f.host == name]
            self.stdout.write(f"{name} ({path}): {_summary(own) if own else 'no findings'}")
        cluster_wide = f"cluster of {len(hosts)} node{'' if len(hosts) == 1 else 's'}"
        self.stdout.write(f"{cluster_wide}: {_summary(findings) if findings else 'no findings'}")
        return findings

    def _write_json(self, findings) -> None:
        self.stdout.write(json.dumps({"findings": [f.as_dict() for f in findings]}, indent=2))

    def _write_findings(self, findings) -> None:
        for f in findings:
            where = "/".join(part for part in (f.host, f.interface) if part)
            where = f" {where}:" if where else ""
            self.stdout.write(f"{f.severity}: {f.code}{where} {f.message}")
            self.stdout.write(f"    fix: {f.hint}")


def _summary(findings) -> str:
    counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
    return ", ".join(f"{n} {s}{'' if n == 1 else 's'}" for s, n in counts.items())
