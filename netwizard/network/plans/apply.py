"""Putting a new interfaces file on a host without locking yourself out.

    apply_plan(network, hostname="pve1", revert_minutes=5) -> str
        A shell sequence to paste into a root shell on the host: back up the current
        file, stage the new one as /etc/network/interfaces.new, show the diff, arm an
        automatic revert, apply with `ifreload -a`, verify, and keep the change only
        when the admin confirms from a new session.
    lockout_warnings(changes, new, context) -> list[LockoutWarning]
        What a change (`file_changes` of the running and the new file) does to the
        interfaces that carry the management address, the default gateway or the
        cluster network, following the stack down to the NICs.

The plan runs as root, so nothing from the network reaches it except through a strict
grammar: the host name, interface names and paths must match the patterns below or
`apply_plan` raises ValueError; addresses are re-printed from parsed `ipaddress`
objects. The new file itself is embedded in a quoted here-document (the shell expands
nothing inside it) whose end marker is checked not to occur in the file.

ifupdown2 has no "try" mode, so the revert is a transient systemd timer: if the admin
loses the connection, nothing more runs in their shell, and the timer puts the old file
back and reloads. Proxmox's own "Apply Configuration" button does the same move of
`interfaces.new` over `interfaces` plus `ifreload -a`, but without a way back.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..collect import COLLECT_COMMAND
from ..file_changes import FileChanges
from ..interfaces_file import render
from ..model import HostNetwork, Kind
from ..query.context import Context
from ..query.index import DOTTED, Net
from ..rules import cluster
from ..wording import listing
from ..written import with_facts

_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
HOSTNAME = re.compile(rf"(?=.{{1,253}}\Z){_LABEL}(?:\.{_LABEL})*")
# Stricter than the kernel: what a Proxmox host's interfaces are really called.
IFNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,14}")
HOST_PATH = re.compile(r"(?:/[A-Za-z0-9_][A-Za-z0-9_.-]*)+")
REVERT_UNIT = "netwizard-revert"
INTERFACES = "/etc/network/interfaces"
STAGED = "/etc/network/interfaces.new"
MAX_REVERT_MINUTES = 120
FACTS_AFTER = "/root/netwizard-facts-after-apply.json"


def apply_plan(
    network: HostNetwork,
    *,
    hostname: str,
    revert_minutes: int = 5,
    source: str | None = None,
    context: Context | None = None,
) -> str:
    """The apply sequence for `hostname`, as text for a root shell (bash) on that host.

    `source`: where the admin copied the downloaded file on the host; None embeds the
    file in the plan. `context` names the cluster network for the checks at the end.
    ValueError when a name or value falls outside the plan's grammar.
    """
    _check_arguments(hostname, revert_minutes, source)
    checks = _verification(network, context or Context())
    text = render(network) if source is None else ""
    lines = [
        *_preamble(hostname, revert_minutes),
        "netwizard_apply() {",
        "  local backup answer",
        *_refuse_to_start(hostname),
        "",
        *_back_up_and_stage(text, source),
        "",
        *_arm_revert_and_apply(revert_minutes),
        "",
        *_verify_and_keep(checks, network),
        "}",
        "netwizard_apply",
    ]
    return "\n".join(lines) + "\n"


def _check_arguments(hostname: str, revert_minutes: int, source: str | None) -> None:
    _check_hostname(hostname)
    if isinstance(revert_minutes, bool) or not isinstance(revert_minutes, int):
        raise ValueError("revert_minutes must be a whole number of minutes")
    if not 1 <= revert_minutes <= MAX_REVERT_MINUTES:
        raise ValueError(f"revert_minutes must be between 1 and {MAX_REVERT_MINUTES}")
    if source is not None and (not HOST_PATH.fullmatch(source) or "/../" in f"{source}/" or source == STAGED):
        raise ValueError(f"{source!r} is not a plain absolute path")


def _preamble(hostname: str, revert_minutes: int) -> list[str]:
    """What the plan does and what to have at hand, as comments above it."""
    return [
        f"# netwizard: apply the new network configuration on {hostname}.",
        "# Paste into a root shell on the host, ideally inside tmux or screen, with the console (IPMI,",
        "# iDRAC/iLO or a screen) at hand. It stops before changing anything that matters until you type",
        "# 'apply', and keeps the new configuration only when you type 'keep' from a working session.",
        f"# If the connection is lost, do nothing: after {revert_minutes} minutes the timer {REVERT_UNIT} puts the old",
        "# file back and runs ifreload -a. Proxmox's GUI alternative: stage the file, arm the same timer, then",
        "# click Apply Configuration under Node > System > Network, check, and stop the timer yourself.",
    ]


def _refuse_to_start(hostname: str) -> list[str]:
    """Stop on the wrong host, or while another attempt (ours or the GUI's) is pending."""
    return [
        f'  if [ "$(hostname)" != "{hostname}" ] && [ "$(hostname -f)" != "{hostname}" ]; then',
        f'    echo "This plan is for {hostname}, but this host is $(hostname)." >&2; return 1',
        "  fi",
        f"  if systemctl is-active --quiet {REVERT_UNIT}.timer; then",
        f'    echo "A revert is already scheduled ({REVERT_UNIT}.timer); finish or stop that attempt first." >&2',
        "    return 1",
        "  fi",
        f"  if [ -e {STAGED} ]; then",
        f'    echo "{STAGED} already holds pending changes (from the Proxmox GUI?): apply or revert them first." >&2',
        "    return 1",
        "  fi",
        f"  systemctl reset-failed {REVERT_UNIT}.service {REVERT_UNIT}.timer 2>/dev/null",
    ]


def _back_up_and_stage(text: str, source: str | None) -> list[str]:
    """Steps 1 and 2, up to the admin's 'apply': nothing running has changed yet."""
    return [
        "  # 1. Back up the running file, with a timestamp.",
        f'  backup="{INTERFACES}.netwizard-$(date +%Y%m%d-%H%M%S)"',
        f'  cp -p {INTERFACES} "$backup" || return 1',
        '  echo "Backup: $backup"',
        "",
        "  # 2. Stage the new file where Proxmox stages its own changes (the GUI shows it as pending).",
        *_stage(text, source),
        f"  chmod 644 {STAGED} || return 1",
        f"  diff -u {INTERFACES} {STAGED}",
        "  # ifupdown2's own syntax check; on Proxmox it also flags 'bridge-ports none' and an mtu on a bridge,",
        "  # which are fine. Read anything else before going on.",
        f"  ifup -a -s -i {STAGED} || echo 'ifup reported the messages above.'",
        "  read -r -p 'Type apply to go on (anything else removes the staged file): ' answer",
        '  if [ "$answer" != apply ]; then',
        f"    rm -f {STAGED}; echo 'Nothing changed.'; return 1",
        "  fi",
    ]


def _arm_revert_and_apply(revert_minutes: int) -> list[str]:
    """Steps 3 and 4: the way back is armed before the new file goes live."""
    return [
        f"  # 3. Arm the automatic revert: in {revert_minutes} minutes, restore the backup and reload.",
        f"  systemd-run --quiet --unit={REVERT_UNIT} --on-active={revert_minutes}min --timer-property=AccuracySec=1s "
        f'/bin/sh -c "cp -p $backup {INTERFACES} && rm -f {STAGED} && ifreload -a" || return 1',
        f"  echo \"Automatic revert at $(date -d '+{revert_minutes} min' +%H:%M) unless you keep the change.\"",
        "",
        "  # 4. Apply, as Proxmox's Apply Configuration does: move the staged file in place and reload.",
        f"  mv {STAGED} {INTERFACES} && ifreload -a",
    ]


def _verify_and_keep(checks: list[str], network: HostNetwork) -> list[str]:
    """Steps 5 and 6: check the result, and keep it only on the admin's word from a new session."""
    return [
        "  # 5. Verify: the running state matches the file, and the host still reaches its network.",
        "  ifquery -a --check || echo 'ifquery --check found differences (the [fail] lines above).'",
        *checks,
        *_collect_facts(),
        "",
        "  # 6. Keep the change only if a NEW session works; otherwise the timer reverts it.",
        *_confirm(network),
        "  read -r -p 'Type keep when the new session works (anything else reverts now): ' answer",
        '  if [ "$answer" = keep ]; then',
        f'    systemctl stop {REVERT_UNIT}.timer && echo "Kept. The old file stays in $backup."',
        "  else",
        f"    systemctl start {REVERT_UNIT}.service && systemctl stop {REVERT_UNIT}.timer && echo 'Reverting now.'",
        "  fi",
    ]


def _collect_facts() -> list[str]:
    """What the node runs now, for netwizard's Verify page: a short summary here, and the facts
    document saved for upload (LACP negotiated, members up, MTUs and addresses as planned)."""
    return [
        "  ip -br link; ip -br addr",
        "  grep -H -E 'Bonding Mode|Currently Active Slave|Partner Mac Address|Slave Interface|MII Status' "
        "/proc/net/bonding/* 2>/dev/null",
        f"  {COLLECT_COMMAND} > {FACTS_AFTER} && echo 'Upload {FACTS_AFTER} on the Verify page of this host in "
        "netwizard and read its checks before you type keep.'",
    ]


def _check_hostname(hostname: str) -> None:
    if not isinstance(hostname, str) or not HOSTNAME.fullmatch(hostname):
        raise ValueError(f"{hostname!r} is not a host name")


def _name(name: str) -> str:
    if not IFNAME.fullmatch(name):
        raise ValueError(f"interface name {name!r} cannot be used in the apply plan")
    return name


def _stage(text: str, source: str | None) -> list[str]:
    if source is not None:
        return [f"  cp {source} {STAGED} || return 1"]
    marker = "NETWIZARD_EOF_" + hashlib.sha256(text.encode()).hexdigest()[:16]
    if any(line.strip() == marker for line in text.splitlines()):
        raise ValueError("the file contains the plan's end marker")
    return [f"  cat > {STAGED} <<'{marker}' || return 1", *text.splitlines(), marker]


def _roots(net: Net, ctx: Context) -> dict[str, set[str]]:
    """Interface name -> what it carries: management, gateway, cluster."""
    roles: dict[str, set[str]] = {}
    managed = [i.name for i in net.by_name.values() if i.is_management]
    gateways = [i.name for i in net.by_name.values() if any(f.gateway for f in i.families)]
    for name in managed or gateways:
        roles.setdefault(name, set()).add("management")
    for name in gateways:
        roles.setdefault(name, set()).add("gateway")
    for name in cluster.cluster_paths(net, ctx).roots:
        roles.setdefault(name, set()).add("cluster")
    return roles


def _verification(network: HostNetwork, ctx: Context) -> list[str]:
    net = Net(network)
    lines = []
    # management first: it is what the admin needs to know about before anything else
    for name, roles in sorted(_roots(net, ctx).items(), key=lambda item: ("management" not in item[1], item[0])):
        iface = net.by_name[name]
        for addr in net.addresses(iface):
            if addr.ip is not None:
                lines.append(
                    f"  ip -o addr show dev {_name(name)} | grep -qF ' {addr.ip.with_prefixlen} ' "
                    f"&& echo '{addr.ip.with_prefixlen} is up on {name}' "
                    f"|| echo 'WARNING: {addr.ip.with_prefixlen} is missing on {name}'"
                )
        for family in iface.families:
            gateway = _ip(family.gateway)
            if gateway is not None:
                six = " -6" if gateway.version == 6 else ""
                lines.append(
                    f"  ping{six} -c 3 -W 2 {gateway} >/dev/null && echo 'gateway {gateway} answers' "
                    f"|| echo 'WARNING: gateway {gateway} does not answer'"
                )
        if "cluster" in roles:
            lines.append("  corosync-cfgtool -s; pvecm status | grep -i quorate")
    return lines


def _confirm(network: HostNetwork) -> list[str]:
    net = Net(network)
    managed = [i for i in net.by_name.values() if i.is_management] or [
        i for i in net.by_name.values() if any(f.gateway for f in i.families)
    ]
    addresses = [str(a.ip.ip) for i in managed for a in net.addresses(i) if a.ip is not None]
    if addresses:
        return [f"  echo 'From your workstation, open a new SSH session: ssh root@{addresses[0]}'"]
    return ["  echo 'From your workstation, open a new SSH session to this host.'"]


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


# Lock-out warnings -------------------------------------------------------------------------


@dataclass(frozen=True)
class LockoutWarning:
    interface: str  # the interface that carries the traffic (in the new file, or the old one if gone)
    roles: tuple[str, ...]  # "management", "gateway", "cluster"
    stack: tuple[str, ...]  # that interface and everything it rides on, top down
    changed: tuple[str, ...]  # interfaces of the stack the change touches; empty for a new host
    message: str
    prepare: str  # what to have ready before applying


_ROLE_TEXT = {
    "management": "the management address",
    "gateway": "the default gateway",
    "cluster": "the cluster (corosync) network",
}


def lockout_warnings(
    changes: FileChanges | None, new: HostNetwork, context: Context | None = None
) -> list[LockoutWarning]:
    """Warnings for the interfaces that carry management, the gateway or the cluster network.

    `changes` compares the file the host runs with the file for `new` (`file_changes`).
    With it, an interface is named only where the change touches a line that can take
    it, or anything under it, down (a bond under the bridge that has the address, the
    NICs under that bond, a VLAN's parent): `Change.risky`. An `auto` line added for a
    bond member, sorted members or a netmask folded into the address are no reason.
    With `changes` None (a new host) every such interface is listed, so the admin knows
    which cables and ports the host's reachability depends on; the same when the running
    file cannot be read, as nothing can be compared. The management interface is the one
    marked `is_management`, or, when none is, the one with the default gateway. If
    neither file says, one warning says that netwizard cannot tell.
    """
    ctx = context or Context()
    new_net = Net(new)
    running = changes.running_network if changes is not None else None
    old = with_facts(running, new) if running is not None else None
    old_net = Net(old) if old is not None else None
    roles = _roots(new_net, ctx)
    if old_net is not None:
        for name, found in _roots(old_net, ctx).items():
            roles.setdefault(name, set()).update(found)

    warnings = []
    for name in sorted(roles, key=lambda n: (new_net.order.get(n, len(new_net.order)), n)):
        role_list = tuple(r for r in _ROLE_TEXT if r in roles[name])
        stack = _stack(new_net, name) or _stack(old_net, name)
        if old_net is None or changes is None:
            warnings.append(_new_host_warning(new_net, name, role_list, stack, unreadable=changes is not None))
            continue
        touched = list(dict.fromkeys([*stack, *_stack(old_net, name)]))
        risky = changes.risky_interfaces
        changed = tuple(n for n in touched if n in risky)
        if changed:
            warnings.append(_change_warning(old_net, new_net, name, role_list, stack, changed, changes))
    if not roles:
        warnings.append(
            LockoutWarning(
                interface="",
                roles=("management",),
                stack=(),
                changed=(),
                message="netwizard cannot tell which interface you reach this host through: no interface is marked "
                "as management and none has a default gateway.",
                prepare=_prepare(("management",)),
            )
        )
    return warnings


def _stack(net: Net | None, root: str) -> tuple[str, ...]:
    """`root` and everything under it: bridge ports, bond members, a VLAN's parent."""
    return tuple(name for level in _levels(net, root) for name in level)


def _levels(net: Net | None, root: str) -> list[list[str]]:
    """The stack under `root` level by level: [[vmbr0], [bond0], [eno1, eno2]]."""
    if net is None or not net.exists(root):
        return []
    seen = {root}
    levels = [[root]]
    while True:
        below: list[str] = []
        for name in levels[-1]:
            for lower in _lower(net, name):
                if lower not in seen and lower != "none":
                    seen.add(lower)
                    below.append(lower)
        if not below:
            return levels
        levels.append(below)


def _lower(net: Net, name: str) -> list[str]:
    iface = net.by_name.get(name)
    if iface is None:
        m = DOTTED.fullmatch(name)  # an implicit X.N port rides on X
        return [m.group(1)] if m else []
    if iface.kind == Kind.BRIDGE and iface.bridge:
        return list(iface.bridge.ports)
    if iface.kind == Kind.BOND and iface.bond:
        return list(iface.bond.slaves)
    if iface.kind == Kind.VLAN and iface.vlan:
        return [iface.vlan.raw_device]
    return []


def _carried(net: Net, name: str, roles: Iterable[str]) -> str:
    iface = net.by_name.get(name)
    details = []
    for role in roles:
        text = _ROLE_TEXT[role]
        if iface is not None and role == "gateway":
            gws = [f.gateway for f in iface.families if f.gateway]
            text += f" {', '.join(gws)}" if gws else ""
        elif iface is not None and role in ("management", "cluster"):
            addrs = [a.text for a in net.addresses(iface)]
            text += f" ({', '.join(addrs)})" if addrs else ""
        details.append(text)
    return listing(details)


def _path(net: Net, root: str) -> str:
    return " > ".join(", ".join(level) for level in _levels(net, root))


def _change_warning(
    old: Net,
    new: Net,
    name: str,
    roles: tuple[str, ...],
    stack: tuple[str, ...],
    changed: tuple[str, ...],
    changes: FileChanges,
) -> LockoutWarning:
    where = new if name in new.by_name else old
    listed = "; ".join(f"{n} ({', '.join(c.detail for c in changes.for_interface(n) if c.risky)})" for n in changed)
    cut = "the host off" if set(roles) & {"management", "gateway"} else "the node off from the cluster"
    through = f" (through {_path(where, name)})" if len(stack) > 1 else ""
    message = (
        f"{name} carries {_carried(where, name, roles)}{through}, and this change touches it: {listed}. A mistake "
        f"here cuts {cut}."
    )
    return LockoutWarning(name, roles, stack, changed, message, _prepare(roles))


def _new_host_warning(
    net: Net, name: str, roles: tuple[str, ...], stack: tuple[str, ...], *, unreadable: bool = False
) -> LockoutWarning:
    through = f" through {_path(net, name)}" if len(stack) > 1 else ""
    outcome = "the host is reachable" if set(roles) & {"management", "gateway"} else "the node stays in the cluster"
    message = (
        f"{name} carries {_carried(net, name, roles)}{through}: {outcome} only if these interfaces and their switch "
        "ports are cabled and configured as planned."
    )
    if unreadable:
        message = "netwizard cannot read the file the host runs, so it cannot tell what this change touches. " + message
    return LockoutWarning(name, roles, stack, (), message, _prepare(roles))


def _prepare(roles: Iterable[str]) -> str:
    text = (
        "Have console access ready (IPMI, iDRAC/iLO or a local screen) and apply with netwizard's apply plan, "
        "whose timer restores the old configuration unless you confirm from a new session."
    )
    if "cluster" in roles:
        text += (
            " The node may lose the cluster: with HA guests on it, migrate them or enable maintenance mode first "
            "(ha-manager crm-command node-maintenance enable NODE), or the node fences itself after about a minute."
        )
    return text
