"""Pinning NIC names on a host: the `.link` files and the renamed interfaces file, applied by a reboot.

    pin_apply_plan(network, hostname="pve1", link_files=[(path, text), ...], revert_minutes=10) -> str
        A shell sequence to paste into a root shell on the host: back up the running file,
        install one `.link` file per NIC, stage the new file as /etc/network/interfaces.new,
        arm a revert that survives the reboot, and reboot.

udev gives a NIC its pinned name only at boot, so nothing is reloaded: Proxmox's
pvenetcommit.service moves interfaces.new over interfaces at boot, before networking
starts, and so the new names and the file that uses them arrive together, as with
Proxmox's own `pve-network-interface-pinning`. A transient timer (apply.py) would die
with the reboot, so the revert is a persistent unit pair whose timer fires
`revert_minutes` after the next boot unless the admin removes it from a working session.

Everything the plan names is a fixed path checked against a strict grammar (ValueError
otherwise), and file contents go into quoted here-documents, so nothing reaches the root
shell unchecked.
"""

from __future__ import annotations

import re

from ..interfaces_file import render
from ..model import HostNetwork
from .apply import HOST_PATH, IFNAME, INTERFACES, REVERT_UNIT, STAGED, _check_hostname, _stage

LINK_DIR = "/usr/local/lib/systemd/network"
LINK_PATH = re.compile(rf"{re.escape(LINK_DIR)}/50-pve-(?P<name>{IFNAME.pattern})\.link")
# Exactly what Proxmox's tool writes; anything else is refused rather than embedded.
LINK_TEXT = re.compile(
    r"\[Match\]\nMACAddress=(?P<mac>[0-9a-f]{2}(?::[0-9a-f]{2}){5})\nType=ether\n\n\[Link\]\nName=(?P<name>[^\n]*)\n"
)
BACKUP = f"{INTERFACES}.netwizard-before-pinning"
PIN_REVERT = "netwizard-pin-revert"
SERVICE = f"/etc/systemd/system/{PIN_REVERT}.service"
TIMER = f"/etc/systemd/system/{PIN_REVERT}.timer"
MIN_REVERT_MINUTES = 5  # a reboot plus a look at `ip -br link` takes a few minutes
MAX_REVERT_MINUTES = 120
_LINK_EOF = "NETWIZARD_LINK_EOF"  # cannot occur in a text that matched LINK_TEXT
_UNIT_EOF = "NETWIZARD_UNIT_EOF"
# Undoes what the plan installed while nothing running has changed: each of `created` was
# checked absent at the start, so removing them destroys nothing of the admin's.
_UNDO = 'rm -f "${created[@]}"'


def pin_apply_plan(
    network: HostNetwork, *, hostname: str, link_files: list[tuple[str, str]], revert_minutes: int = 10
) -> str:
    """The pinning sequence for `hostname`, as text for a root shell (bash) on that host.

    `network` is the new configuration, already with the pinned names; `link_files` are
    (absolute path, text) pairs, one per NIC, as Proxmox's tool writes them.
    ValueError when a name, path, file or value falls outside the plan's grammar.
    """
    _check_hostname(hostname)
    _check_minutes(revert_minutes)
    paths = _check_link_files(link_files)
    lines = [
        *_preamble(hostname, revert_minutes),
        "netwizard_pin() {",
        "  local answer",
        f"  local -a created=({' '.join([*paths, STAGED, BACKUP])})",
        *_refuse_to_start(hostname, paths),
        "",
        *_install_and_stage(link_files, render(network)),
        "",
        *_arm_revert(paths, revert_minutes),
        "",
        *_reboot(paths, revert_minutes),
        "}",
        "netwizard_pin",
    ]
    return "\n".join(lines) + "\n"


def _check_minutes(revert_minutes: int) -> None:
    if isinstance(revert_minutes, bool) or not isinstance(revert_minutes, int):
        raise ValueError("revert_minutes must be a whole number of minutes")
    if not MIN_REVERT_MINUTES <= revert_minutes <= MAX_REVERT_MINUTES:
        raise ValueError(f"revert_minutes must be between {MIN_REVERT_MINUTES} and {MAX_REVERT_MINUTES}")


def _check_link_files(link_files: list[tuple[str, str]]) -> list[str]:
    if not link_files:
        raise ValueError("there is no .link file to install")
    paths: list[str] = []
    macs: set[str] = set()
    for path, text in link_files:
        where = LINK_PATH.fullmatch(path) if isinstance(path, str) else None
        if where is None or not HOST_PATH.fullmatch(path):
            raise ValueError(f"{path!r} is not {LINK_DIR}/50-pve-NAME.link with an interface name")
        what = LINK_TEXT.fullmatch(text) if isinstance(text, str) else None
        if what is None:
            raise ValueError(f"{path}: the text is not a .link file that matches one MAC and sets a name")
        if what["name"] != where["name"]:
            raise ValueError(f"{path} sets the name {what['name']!r}, not {where['name']!r}")
        if path in paths:
            raise ValueError(f"{path} is listed twice")
        # Two files for one MAC: udev would apply only the first, so one name never appears.
        if what["mac"] in macs:
            raise ValueError(f"{path}: another .link file already matches {what['mac']}")
        paths.append(path)
        macs.add(what["mac"])
    return paths


def _preamble(hostname: str, revert_minutes: int) -> list[str]:
    """What the plan does and what to have at hand, as comments above it."""
    return [
        f"# netwizard: pin the NIC names of {hostname} and stage the interfaces file that uses them.",
        "# Paste into a root shell on the host, with the console (IPMI, iDRAC/iLO or a screen) at hand: if the",
        "# new names or the file are wrong, the host comes back without network. It installs one .link file",
        f"# per NIC under {LINK_DIR}, stages the new file as {STAGED},",
        "# and changes nothing that runs: a reboot applies both, as udev renames NICs only at boot and",
        "# Proxmox's pvenetcommit.service moves the staged file in place before networking starts.",
        "# It stops until you type 'apply'.",
        f"# The revert survives the reboot: {revert_minutes} minutes after the next boot the timer {PIN_REVERT}",
        "# removes the .link files, restores the old file and reboots again, unless you keep the change",
        "# from a working session.",
    ]


def _refuse_to_start(hostname: str, paths: list[str]) -> list[str]:
    """Stop on the wrong host, or while another change (ours, apply.py's or the GUI's) is pending."""
    lines = [
        f'  if [ "$(hostname)" != "{hostname}" ] && [ "$(hostname -f)" != "{hostname}" ]; then',
        f'    echo "This plan is for {hostname}, but this host is $(hostname)." >&2; return 1',
        "  fi",
        f"  if systemctl is-enabled --quiet {PIN_REVERT}.timer 2>/dev/null || systemctl is-active --quiet "
        f"{REVERT_UNIT}.timer; then",
        "    echo 'A netwizard revert is already armed; keep or revert that change first.' >&2; return 1",
        "  fi",
        f"  if [ -e {STAGED} ]; then",
        f'    echo "{STAGED} already holds pending changes (from the Proxmox GUI?): apply or revert them first." >&2',
        "    return 1",
        "  fi",
        f"  if [ -e {BACKUP} ]; then",
        f'    echo "{BACKUP} exists: an earlier pinning is pending. Once it is done, remove that file." >&2',
        "    return 1",
        "  fi",
    ]
    for path in paths:
        lines += [
            f"  if [ -e {path} ]; then",
            f'    echo "{path} exists already: another pin uses that name." >&2; return 1',
            "  fi",
        ]
    return lines


def _install_and_stage(link_files: list[tuple[str, str]], text: str) -> list[str]:
    """Steps 1 to 3, up to the admin's 'apply': the files only take effect at the next boot."""
    fail = f"|| {{ {_UNDO}; return 1; }}"
    lines = [
        "  # 1. Back up the running file; the revert restores it from here.",
        f"  cp -p {INTERFACES} {BACKUP} || return 1",
        "",
        "  # 2. One .link file per NIC: at the next boot udev names the NIC with that MAC.",
        f"  mkdir -p {LINK_DIR} {fail}",
    ]
    for path, link in link_files:
        lines += [f"  cat > {path} <<'{_LINK_EOF}' {fail}", *link.splitlines(), _LINK_EOF]
        lines += [f"  chmod 644 {path} {fail}", f"  echo '--- {path}'", f"  cat {path}"]
    first, *heredoc = _stage(text, None)
    lines += [
        "",
        "  # 3. Stage the new file; pvenetcommit.service puts it in place at boot. No `ifup -s` check:",
        "  # it names interfaces that exist only after the reboot, so ifup would only complain about them.",
        first.removesuffix("|| return 1") + fail,
        *heredoc,
        f"  chmod 644 {STAGED} {fail}",
        f"  diff -u {INTERFACES} {STAGED}",
        "  read -r -p 'Type apply to go on (anything else removes these files): ' answer",
        '  if [ "$answer" != apply ]; then',
        f"    {_UNDO}; echo 'Nothing changed.'; return 1",
        "  fi",
    ]
    return lines


def _arm_revert(paths: list[str], revert_minutes: int) -> list[str]:
    """Step 4: a persistent timer, as a transient one would not outlive the reboot."""
    # Whole chain with &&: if restoring fails, rebooting would only make things worse, and
    # the still-enabled timer tries again at the next boot. Disabling comes before the
    # reboot so the reverted host does not revert again.
    revert = (
        f"rm -f {' '.join(paths)} && cp -p {BACKUP} {INTERFACES} && rm -f {STAGED} && "
        f"systemctl disable {PIN_REVERT}.timer && systemctl reboot"
    )
    service = [
        "[Unit]",
        "Description=netwizard: undo the NIC name pinning and reboot",
        "",
        "[Service]",
        "Type=oneshot",
        f"ExecStart=/bin/sh -c '{revert}'",
    ]
    timer = [
        "[Unit]",
        "Description=netwizard: undo the NIC name pinning unless it is kept",
        "",
        "[Timer]",
        f"OnBootSec={revert_minutes}min",
        "AccuracySec=1s",
        "",
        "[Install]",
        "WantedBy=timers.target",
    ]
    fail = f"|| {{ {_UNDO} {SERVICE} {TIMER}; return 1; }}"
    return [
        f"  # 4. Arm the revert for the next boot: {revert_minutes} minutes after it, unless kept, the old names",
        "  # and file come back. Only enabled, not started: started now, OnBootSec would fire at once.",
        f"  cat > {SERVICE} <<'{_UNIT_EOF}' {fail}",
        *service,
        _UNIT_EOF,
        f"  cat > {TIMER} <<'{_UNIT_EOF}' {fail}",
        *timer,
        _UNIT_EOF,
        f"  systemctl daemon-reload && systemctl enable {PIN_REVERT}.timer {fail}",
    ]


def _reboot(paths: list[str], revert_minutes: int) -> list[str]:
    """Step 5: what to do after the reboot, said before it, then the reboot on the admin's word."""
    keep = f"systemctl disable --now {PIN_REVERT}.timer && rm -f {SERVICE} {TIMER} && systemctl daemon-reload"
    by_hand = f"systemctl disable {PIN_REVERT}.timer && rm -f {' '.join(paths)} {STAGED} {BACKUP} {SERVICE} {TIMER}"
    return [
        "  # 5. Say what comes after the reboot now: this shell ends with it.",
        "  echo 'After the reboot, from a NEW session: check that ip -br link shows the new names and that the'",
        "  echo 'network works, then keep the change with:'",
        f"  echo '  {keep}'",
        f"  echo 'If you do nothing, {revert_minutes} minutes after boot the node puts the old names and file back and"
        " reboots again.'",
        f"  echo 'The old file stays in {BACKUP}; remove it before pinning again.'",
        "  read -r -p 'Type reboot to reboot now (anything else leaves everything staged): ' answer",
        '  if [ "$answer" = reboot ]; then',
        "    systemctl reboot",
        "  else",
        "    echo 'Everything is staged and the revert is armed for the next boot; the next reboot applies both.'",
        "    echo 'Do not use Apply Configuration in the GUI meanwhile: the new names do not exist before the reboot.'",
        f"    echo 'To undo instead: {by_hand}'",
        "  fi",
    ]
