"""formatinterfaces and lintinterfaces: the two commands that only read a file, without Django.

    formatinterfaces FILE
    lintinterfaces FILE [--format text|json] [--cluster-network CIDR]... [--switch-lacp yes|no] [--facts FACTS.json]
    lintinterfaces --cluster FILE FILE... [--corosync corosync.conf] [--ceph ceph.conf] [same options]

formatinterfaces prints the file in netwizard's canonical form. lintinterfaces checks it
against netwizard's rules. With --cluster every file is one node of a cluster: each is
checked on its own, and the CLUSTER-* rules compare them (the same bridges everywhere, no
address twice, corosync links and MTUs that agree); with --corosync and --ceph, the links
and Ceph networks are those of the cluster's own configuration, nodes matched by name. A
node's host name is its file's name without the last extension (pve1.interfaces -> pve1),
and every finding names it ("host" in JSON).

Exit status: 0 without error findings, 1 with at least one (lint), 2 when a file cannot
be read, parsed or (format) written safely.

This module is the only implementation. `manage.py` runs it directly through `main`,
which spares each call Django's start-up; the management commands of the same names wrap
it for `call_command` and `manage.py help`, and for every command line `main` leaves to
Django.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from .cluster_conf import MAX_BYTES as CONF_MAX_BYTES
from .cluster_conf import ConfError, ceph_parse, corosync_parse
from .host_facts import MAX_BYTES as MAX_FACTS_BYTES
from .host_facts import FactsError, HostFacts, facts_parse
from .interfaces_file import ParseError, UnsafeValueError, parse, render
from .model import HostNetwork
from .query.context import IPNetwork, parse_cluster_network
from .query.roles import ClusterConfig
from .rules import Context, Finding, check, check_nodes, has_errors

UNREADABLE = 2  # the exit status DESIGN.md gives an unreadable or unparsable file
EXIT_ERRORS = 1
SEVERITIES = ("error", "warning", "info")


class CommandFailed(Exception):
    """The command cannot do its work: a message for stderr and the exit status."""

    def __init__(self, message: str, status: int = UNREADABLE, *, path: str = "", line: int | None = None):
        super().__init__(message)
        self.status = status
        self.path = path
        self.line = line

    def as_dict(self) -> dict[str, Any]:
        """The failure for `--format json`: scripts read `error` instead of parsing stderr."""
        return {"message": str(self), "file": self.path or None, "line": self.line}


# Reading --------------------------------------------------------------------------------


TOO_BIG = "{path}: the file is {size} bytes; netwizard reads interfaces files of at most {limit:,} bytes ({kib} KiB)"


def read_text(path: str, max_bytes: int | None = None) -> str:
    """The file's text. Decoded from bytes, so a lone carriage return stays a character
    (as ifupdown2 sees it) instead of becoming a line break.

    With `max_bytes`, a larger file is refused (exit 2) before it is read: its size is
    looked at first, and at most one byte more than the limit is ever read (a pipe has no
    size to look at, and a file may grow)."""
    try:
        with open(path, "rb") as file:
            size = os.fstat(file.fileno()).st_size
            if max_bytes is None:
                data = file.read()
            elif size > max_bytes:
                raise CommandFailed(TOO_BIG.format(path=path, size=f"{size:,}", limit=max_bytes, kib=max_bytes // 1024))
            else:
                data = file.read(max_bytes + 1)
    except OSError as exc:
        raise CommandFailed(f"{path}: cannot read the file ({exc.strerror or exc})", path=path) from exc
    if max_bytes is not None and len(data) > max_bytes:
        size_text = f"more than {max_bytes:,}"
        raise CommandFailed(TOO_BIG.format(path=path, size=size_text, limit=max_bytes, kib=max_bytes // 1024))
    return decode_text(data, path)


def decode_text(data: bytes, path: str) -> str:
    """The bytes of a file read as UTF-8; CommandFailed naming the line where they are not."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CommandFailed(f"{path}: line {line}: the file is not valid UTF-8", path=path, line=line) from exc


def parse_text(text: str, path: str) -> HostNetwork:
    """`text` (read from `path`) parsed; CommandFailed (exit 2) naming the line when it cannot be."""
    try:
        return parse(text)
    except ParseError as exc:
        raise CommandFailed(f"{path}: {exc}", path=path, line=exc.line) from exc


# formatinterfaces -----------------------------------------------------------------------

FORMAT_HELP = "Print an /etc/network/interfaces file in the form Proxmox VE writes it (exit 2 if it cannot be read)."


def format_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="path of the interfaces file")


def format_run(options: argparse.Namespace) -> tuple[str, int]:
    """The canonical text of the file and exit status 0."""
    return format_text(read_text(options.file), options.file), 0


def format_text(text: str, path: str) -> str:
    """`text` (read from `path`) in canonical form; CommandFailed (exit 2) when it cannot be
    parsed or written safely. The HTTP API formats with it too."""
    network = parse_text(text, path)
    try:
        return render(network)
    except UnsafeValueError as exc:
        raise CommandFailed(f"{path}: cannot be written safely: {exc}") from exc


# lintinterfaces -------------------------------------------------------------------------

LINT_HELP = (
    "Check an /etc/network/interfaces file against netwizard's rules (exit 1 on errors, 2 if unreadable). "
    "With --cluster, check one file per node and compare the nodes."
)


def _cidr(value: str) -> IPNetwork:
    try:
        return parse_cluster_network(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"'{value}' is not a network in CIDR form, such as 10.10.10.0/24") from exc


def lint_arguments(parser: argparse.ArgumentParser) -> None:
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
    parser.add_argument(
        "--corosync",
        metavar="corosync.conf",
        help="with --cluster: the cluster's /etc/pve/corosync.conf; the interfaces its node addresses are on carry "
        "the cluster network, and the CLUSTER-* rules check the links against it",
    )
    parser.add_argument(
        "--ceph",
        metavar="ceph.conf",
        help="with --cluster: the cluster's /etc/ceph/ceph.conf; its public and cluster networks are checked on "
        "every node",
    )
    parser.add_argument(
        "--facts",
        metavar="FACTS.json",
        help="the node's facts document (or `ip -j -d link show` output): measured speeds and the NIC-* checks",
    )


def host_name(path: str) -> str:
    """The node a file stands for: its name without the last extension (pve1.interfaces -> pve1)."""
    return Path(path).stem or Path(path).name


def lint_run(options: argparse.Namespace) -> tuple[str, int]:
    """The report (text or JSON) and exit status: 1 with an error finding, else 0.

    With `--format json` the output is JSON whatever happens: a file that cannot be read
    gives `{"findings": [], "error": {...}}` on stdout and exit 2, so a script never has
    to tell a report from an error message."""
    try:
        return _lint(options)
    except CommandFailed as exc:
        if options.format != "json":
            raise
        return lint_json_text(lint_failure(exc)), exc.status


def _lint(options: argparse.Namespace) -> tuple[str, int]:
    if options.cluster and options.facts:
        raise CommandFailed("--facts describes one node: give it with one FILE, not with --cluster")
    if not options.cluster and (getattr(options, "corosync", None) or getattr(options, "ceph", None)):
        raise CommandFailed("--corosync and --ceph describe a cluster: give them with --cluster and one file per node")
    if options.cluster:
        findings, summaries = _lint_cluster(options)
    elif len(options.file) != 1:
        raise CommandFailed("give one FILE, or --cluster with one file per node of the cluster")
    else:
        path = options.file[0]
        facts = read_facts(options.facts) if options.facts else None
        # Under Django, the MACs the inventory knows for the node (named in its facts)
        # let NIC-01 say which NIC a missing name became.
        lookup = getattr(options, "known_macs", None)
        known = lookup(facts.hostname or host_name(path)) if facts is not None and lookup else {}
        findings = lint_findings(
            read_text(path), path, options.cluster_network, options.switch_lacp, facts, known_macs=known
        )
        summaries = [f"{path}: {_summary(findings) or 'no findings'}"]
    if options.format == "json":
        report = lint_json_text({"findings": [f.as_dict() for f in findings]})
    else:
        report = _text([*_finding_lines(findings), *summaries])
    return report, lint_status(findings)


# The lint itself, shared by the command and the HTTP API (netwizard.api), which answer
# the same JSON for the same file.


def lint_findings(
    text: str,
    path: str,
    cluster_networks: Sequence[IPNetwork] = (),
    switch_lacp: str | None = None,
    facts: HostFacts | None = None,
    known_macs: Mapping[str, str] | None = None,
) -> list[Finding]:
    """The findings about one file's `text`; CommandFailed (exit 2) when it cannot be parsed."""
    network = parse_text(text, path)
    context = Context.build(
        network,
        cluster_networks=list(cluster_networks),
        switch_lacp=switch_lacp,
        facts=facts,
        known_macs=known_macs,
    )
    return check(network, context)


def read_facts(path: str) -> HostFacts:
    """The facts document at `path`; CommandFailed (exit 2) saying why it cannot be read."""
    try:
        with open(path, "rb") as file:
            data = file.read(MAX_FACTS_BYTES + 1)
    except OSError as exc:
        raise CommandFailed(f"{path}: cannot read the facts document ({exc.strerror or exc})", path=path) from exc
    try:
        return facts_parse(data)
    except FactsError as exc:
        raise CommandFailed(f"{path}: {exc}", path=path) from exc


def read_cluster_config(corosync: str | None, ceph: str | None) -> ClusterConfig | None:
    """corosync.conf and ceph.conf as the command line names them; CommandFailed (exit 2)
    naming the file and line when one cannot be read."""
    if corosync is None and ceph is None:
        return None
    return ClusterConfig(
        corosync=_conf(corosync, corosync_parse) if corosync else None,
        ceph=_conf(ceph, ceph_parse) if ceph else None,
    )


def _conf(path: str, parse: Callable[[str], Any]) -> Any:
    text = read_text(path, max_bytes=CONF_MAX_BYTES)
    try:
        return parse(text)
    except ConfError as exc:
        raise CommandFailed(f"{path}: {exc}", path=path, line=exc.line) from exc


def cluster_findings(
    texts: dict[str, tuple[str, str]],
    cluster_networks: Sequence[IPNetwork] = (),
    switch_lacp: str | None = None,
    config: ClusterConfig | None = None,
) -> list[Finding]:
    """The findings about a cluster's files, `texts` giving each node's (path, text)."""
    # Read every file before judging any: a cluster checked without one of its nodes
    # would report that node's bridges as missing everywhere else.
    nodes, problems = {}, []
    for name, (path, text) in texts.items():
        try:
            network = parse_text(text, path)
        except CommandFailed as exc:
            problems.append(str(exc))
            continue
        context = Context.build(network, cluster_networks=list(cluster_networks), switch_lacp=switch_lacp)
        nodes[name] = (network, context)
    if problems:
        raise CommandFailed("\n".join(problems))
    return check_nodes(nodes, config)


def lint_json_text(report: dict[str, Any]) -> str:
    """The JSON text `lintinterfaces --format json` prints, byte for byte."""
    return _text([json.dumps(report, indent=2)])


def lint_failure(exc: CommandFailed) -> dict[str, Any]:
    return {"findings": [], "error": exc.as_dict()}


def lint_status(findings: list[Finding]) -> int:
    return EXIT_ERRORS if has_errors(findings) else 0


def _lint_cluster(options: argparse.Namespace) -> tuple[list[Finding], list[str]]:
    """Every node's findings, and the summary lines for each node and for the cluster."""
    hosts: dict[str, str] = {}
    for path in options.file:
        name = host_name(path)
        if name in hosts:
            raise CommandFailed(f"{hosts[name]} and {path} both stand for host {name}; name each file after its node")
        hosts[name] = path
    texts, unread = {}, []
    for name, path in hosts.items():
        try:
            texts[name] = (path, read_text(path))
        except CommandFailed as exc:
            unread.append(str(exc))
    try:
        config = read_cluster_config(getattr(options, "corosync", None), getattr(options, "ceph", None))
        findings = cluster_findings(texts, options.cluster_network, options.switch_lacp, config)
    except CommandFailed as exc:
        unread.append(str(exc))  # every file the command could not read or parse, named at once
    if unread:
        raise CommandFailed("\n".join(unread))
    summaries = []
    for name, path in hosts.items():
        own = [f for f in findings if f.host == name]
        summaries.append(f"{name} ({path}): {_summary(own) or 'no findings'}")
    nodes_word = f"{len(hosts)} node{'' if len(hosts) == 1 else 's'}"
    summaries.append(f"cluster of {nodes_word}: {_summary(findings) or 'no findings'}")
    return findings, summaries


def _finding_lines(findings: list[Finding]) -> list[str]:
    lines = []
    for f in findings:
        where = "/".join(part for part in (f.host, f.interface) if part)
        where = f" {where}:" if where else ""
        lines += [f"{f.severity}: {f.code}{where} {f.message}", f"    fix: {f.hint}"]
    return lines


def _summary(findings: list[Finding]) -> str:
    """'1 error, 0 warnings, 2 infos'; empty without findings."""
    if not findings:
        return ""
    counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
    return ", ".join(f"{n} {s}{'' if n == 1 else 's'}" for s, n in counts.items())


def _text(lines: list[str]) -> str:
    # One line each, ending added only where missing: how Django's command output has always
    # joined them, so both ways of running print the same bytes.
    return "".join(line if line.endswith("\n") else f"{line}\n" for line in lines)


# Running without Django -----------------------------------------------------------------


@dataclass(frozen=True)
class Command:
    """One command: its help line, its options (for our parser and Django's alike) and its work."""

    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], tuple[str, int]]  # stdout text and exit status; raises CommandFailed


COMMANDS = {
    "formatinterfaces": Command(FORMAT_HELP, format_arguments, format_run),
    "lintinterfaces": Command(LINT_HELP, lint_arguments, lint_run),
}


class _LeftToDjango(Exception):
    """The command line is not one `main` runs."""


class _ExactParser(argparse.ArgumentParser):
    """Takes only the command's own options, spelled out in full; anything else is Django's business."""

    def __init__(self) -> None:
        super().__init__(add_help=False, allow_abbrev=False)
        self.own_options: set[str] = set()

    def add_argument(self, *names: str, **kwargs: Any) -> argparse.Action:
        self.own_options.update(name for name in names if name.startswith("-"))
        return super().add_argument(*names, **kwargs)

    def error(self, message: str) -> NoReturn:
        raise _LeftToDjango(message)


def main(name: str, args: list[str]) -> int | None:
    """Run command `name` as `manage.py name ARGS...` does and return its exit status, or None
    without doing anything when the command line is for Django to handle."""
    command = COMMANDS[name]
    parser = _ExactParser()
    command.add_arguments(parser)
    # Django's own options (--settings, -v, --traceback, --no-color, --help, --version...),
    # abbreviated options and usage errors: Django parses and reports them, with its usage text.
    if any(arg.startswith("-") and arg.split("=", 1)[0] not in parser.own_options for arg in args):
        return None
    try:
        options = parser.parse_args(args)
    except _LeftToDjango:
        return None
    if getattr(options, "facts", None):
        return None  # the MACs the inventory knows for the node come through Django
    try:
        text, status = command.run(options)
    except CommandFailed as exc:
        sys.stderr.write(_as_django_shows(exc))
        return exc.status
    sys.stdout.write(text)
    return status


def _as_django_shows(failure: CommandFailed) -> str:
    """A failure as Django prints a CommandError: its class name first, in bold red when both
    outputs are terminals (custom DJANGO_COLORS never come here: manage.py leaves them to Django)."""
    text = _text([f"CommandError: {failure}"])
    if sys.stdout.isatty() and sys.stderr.isatty():
        text = f"\x1b[31;1m{text}\x1b[0m"
    return text
