"""Root-command lines: the lines of an interfaces file that run a program or include other files.

ifupdown2 runs as root, so each such line hands root to whatever it names: a hook's
shell command, `ovs_extra` (joined into an `ovs-vsctl` command that a shell runs),
`source` and `source-directory` (whoever can write the files they include configures the
network, hooks included) and a `mapping` block's `script`. netwizard never writes these
lines itself; it keeps the ones an imported file holds, and this module is the one place
that says which they are. Lint reports each (FMT-02) and the app withholds the file until
someone other than their author approved exactly these lines (their `sha256`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from ..model import HostNetwork
from ..query.options import HOOKS, normalise_key

OVS_EXTRA = "ovs-extra"
# ifupdown2 exports IFACE to ovs_extra's shell and documents `${IFACE}` in its examples;
# it is the one template-looking text such a line may hold.
IFACE_VARIABLE = "${IFACE}"


@dataclass(frozen=True)
class RootCommandLine:
    interface: str  # "" for a top-level line
    text: str  # the line as written, option name and value
    runs: str  # what it runs or includes, in one short phrase


def runs_option(key: str, value: str) -> str:
    """What an option line runs as root, or "" when it runs nothing."""
    key = normalise_key(key)
    if key in HOOKS:
        return f"runs the {key} command '{value}' as root"
    if key == OVS_EXTRA:
        return "runs ovs-vsctl with these arguments through a root shell"
    return ""


def runs_global(text: str, *, in_mapping: bool) -> str:
    """What a top-level line runs or includes, or "" when it does neither."""
    words = text.split(None, 1)  # ifupdown2 and Proxmox split on any spaces or tabs
    keyword, argument = [*words, "", ""][:2]
    argument = argument.strip()
    if keyword == "source":
        return f"includes the files matching {argument}, so whoever can write them runs commands as root"
    if keyword == "source-directory":
        return f"includes every file in {argument}, so whoever can write there runs commands as root"
    if keyword == "script" and in_mapping:
        return f"runs the program {argument} as root to choose an interface's configuration"
    return ""


def root_command_lines(network: HostNetwork) -> list[RootCommandLine]:
    """Every root-command line of the network: top-level lines first, then each interface's, in file order."""
    found = top_level_lines(network)
    for iface in network.interfaces:
        for family in iface.families:
            for key, value in family.options:
                runs = runs_option(key, value)
                if runs:
                    found.append(RootCommandLine(iface.name, f"{key} {value}", runs))
    return found


def top_level_lines(network: HostNetwork) -> list[RootCommandLine]:
    """The root-command lines outside any stanza (`source`, `source-directory`, a mapping's `script`)."""
    found: list[RootCommandLine] = []
    in_mapping = False
    for line in sorted(network.global_lines, key=lambda g: g.position):
        keyword = line.text.split(None, 1)[0] if line.text.split() else ""
        if keyword == "mapping":
            in_mapping = True
        elif keyword not in ("script", "map"):
            in_mapping = False
        runs = runs_global(line.text, in_mapping=in_mapping)
        if runs:
            found.append(RootCommandLine("", line.text, runs))
    return found


def lines_sha256(lines: list[RootCommandLine]) -> str:
    """The fingerprint an approval is for: any change to a line, its interface or their order changes it."""
    text = "".join(f"{line.interface}\t{line.text}\n" for line in lines)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def without_iface_variable(key: str, value: str) -> str:
    """The value as the template checks should see it: `${IFACE}` is allowed in ovs_extra only."""
    return value.replace(IFACE_VARIABLE, "") if normalise_key(key) == OVS_EXTRA else value
