"""The facts collection command (issue 17): the one line an admin pastes into a root shell.

It prints the facts document that `host_facts.facts_parse` reads, so its shape is a
contract between the two (see host_facts). The admin runs it as root on a production node,
so it only reads: ip, hostname, /proc, /sys and a few files; it writes nothing and changes
nothing. It is one line of POSIX sh (dash and bash alike) that uses nothing a Proxmox VE
node lacks (iproute2, awk, tr) and stays readable: no base64, no eval. Every text goes
through one escaping filter, so no file content can break the JSON or be executed.
"""

from __future__ import annotations

import re

FILES = ("/etc/network/interfaces", "/etc/hosts", "/etc/pve/corosync.conf", "/etc/ceph/ceph.conf")
# The node's firewall file is named after the node: the hostname up to its first dot.
HOST_FW = '"/etc/pve/nodes/${h%%.*}/host.fw"'
LINK_FILES = "/usr/local/lib/systemd/network/*.link"

# What a path may be, since it is pasted into a root shell unquoted (so that `*` globs).
_PATH = re.compile(r"/[A-Za-z0-9_./*-]*")
_DIR = re.compile(r"/[A-Za-z0-9_./-]*")

# The shell functions, each with one job:
# e: stdin as the inside of a JSON string. tr drops control characters (keeping tab, LF
#    and CR); awk escapes \ (first), ", tab and CR and joins lines with \n. The x written
#    after the text marks its end, so a missing final newline survives the line splitting.
# j: a command's JSON output, or [] when it fails or prints nothing or no list.
# k: "key": "text of file", for a regular readable file, with a comma before all but the first.
_FUNCTIONS = (
    r"""e() { { tr -d '\000-\010\013\014\016-\037\177'; printf x; } | awk 'NR != 1 { printf "%s", p "\\n" }"""
    r""" { gsub(/\\/, "&&"); gsub(/"/, "\\\""); gsub(/\t/, "\\t"); gsub(/\r/, "\\r"); p = $0 }"""
    r""" END { sub(/x$/, "", p); printf "%s", p }'; }""",
    r"""j() { o=$("$@" 2>/dev/null) || o=; case $o in \[*) printf %s "$o" ;; *) printf '[]' ;; esac; }""",
    r"""k() { [ -f "$1" ] && [ -r "$1" ] || return 0; printf '%s"' "$s"; printf %s "$2" | e; printf '": "';"""
    r""" e < "$1"; printf '"'; s=', '; }""",
)


def collect_command(
    paths: tuple[str, ...] | None = None, *, bonding_dir: str = "/proc/net/bonding", sys_net: str = "/sys/class/net"
) -> str:
    """The command that prints the facts document; `paths` are the files to include
    (default: the network, cluster and firewall files netwizard reads).

    ValueError when a path is not absolute or has a character outside [A-Za-z0-9_./*-]
    (directories: no `*`) or a `..`: it goes into a root shell as is."""
    for path in paths or ():
        _check(path, _PATH)
    _check(bonding_dir, _DIR)
    _check(sys_net, _DIR)
    files = (*FILES, HOST_FW, LINK_FILES) if paths is None else paths
    steps = (
        "export LC_ALL=C",  # byte-wise tr and awk, ASCII ranges in the case patterns
        *_FUNCTIONS,
        "h=$(hostname)",
        """printf '{"netwizard_facts": 1, "hostname": "'""",
        'printf %s "$h" | e',
        """printf '", "ip_link": '""",
        "j ip -j -d link show",
        """printf ', "ip_addr": '""",
        "j ip -j addr show",
        """printf ', "ip_route": '""",
        "j ip -j route show",
        """printf ', "ip6_route": '""",
        "j ip -j -6 route show",
        # Speeds: interfaces only (not bonding_masters), names the reader accepts, and a
        # plain integer (the kernel fails the read with EINVAL for a NIC without link).
        """printf ', "speeds": {'""",
        "s=",
        f'for d in {sys_net}/*; do n=${{d##*/}}; [ -d "$d" ] || continue',
        "case $n in *[!A-Za-z0-9_.:+@-]*) continue ;; esac",
        'v=$(cat "$d/speed" 2>/dev/null)',
        "case ${v#-} in ''|*[!0-9]*|0?*) v=-1 ;; esac",
        """printf '%s"%s": %s' "$s" "$n" "$v"; s=', '; done""",
        """printf '}, "bonding": {'""",
        "s=",
        f'for f in {bonding_dir}/*; do k "$f" "${{f##*/}}"; done',
        """printf '}, "files": {'""",
        "s=",
        *([f'for f in {" ".join(files)}; do k "$f" "$f"; done'] if files else []),
        "echo '}}'",
    )
    return "(" + "; ".join(steps) + ")"


def _check(path: str, grammar: re.Pattern[str]) -> None:
    if not grammar.fullmatch(path) or ".." in path:
        raise ValueError(f"{path!r} is not an absolute path of letters, digits and _ . / - only.")


COLLECT_COMMAND = collect_command()
