"""lintinterfaces FILE: check an interfaces file against netwizard's rules, without the inventory.

Exit status: 0 without error findings, 1 with at least one, 2 when the file cannot be
read or parsed. The database is never touched, so it runs on a host or in CI as is.
"""

from __future__ import annotations

import argparse
import json

from django.core.management.base import BaseCommand

from netwizard.network.rules import Context, check, has_errors
from netwizard.network.rules.context import parse_cluster_network

from ..files import interfaces_file_parse

EXIT_ERRORS = 1


def _cidr(value: str):
    try:
        return parse_cluster_network(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"'{value}' is not a network in CIDR form, such as 10.10.10.0/24") from exc


class Command(BaseCommand):
    help = "Check an /etc/network/interfaces file against netwizard's rules (exit 1 on errors, 2 if unreadable)."
    # Nothing here needs the project's checks or the database.
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("file", help="the interfaces file to check")
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

    def handle(self, *args, file: str, format: str, cluster_network, switch_lacp, **options):
        network = interfaces_file_parse(file)

        context = Context.build(network, cluster_networks=cluster_network, switch_lacp=switch_lacp)
        findings = check(network, context)
        if format == "json":
            self.stdout.write(json.dumps({"findings": [f.as_dict() for f in findings]}, indent=2))
        else:
            self._write_text(file, findings)
        if has_errors(findings):
            raise SystemExit(EXIT_ERRORS)
        return

    def _write_text(self, file: str, findings) -> None:
        for f in findings:
            where = f" {f.interface}:" if f.interface else ""
            self.stdout.write(f"{f.severity}: {f.code}{where} {f.message}")
            self.stdout.write(f"    fix: {f.hint}")
        counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
        summary = ", ".join(f"{n} {s}{'' if n == 1 else 's'}" for s, n in counts.items())
        self.stdout.write(f"{file}: {summary}" if findings else f"{file}: no findings")
