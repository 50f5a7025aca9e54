"""What Proxmox's writer keeps of a bond's options, mode by mode, and why a value is left out."""

from __future__ import annotations

from .modes import ACTIVE_BACKUP, BALANCE_XOR, LACP, MODES_BY_NAME
from .options import HASH_POLICY, LACP_RATE, PRIMARY

# The kernel uses a primary in balance-tlb and balance-alb too, but Proxmox's writer keeps
# bond-primary only for active-backup and a hash policy only where the kernel hashes; it
# drops them for every other mode. netwizard writes what Proxmox writes, so the wizard
# offers these options only where they are written, and says so where a value is not.
WRITTEN_ONLY_FOR: dict[str, tuple[str, ...]] = {
    HASH_POLICY: (BALANCE_XOR.name, LACP.name),
    PRIMARY: (ACTIVE_BACKUP.name,),
}


def written(mode: str, option: str) -> bool:
    """Whether a bond in `mode` gets `option` in the file (options not listed always do)."""
    modes = WRITTEN_ONLY_FOR.get(option)
    return modes is None or mode in modes


def offered(mode: str, option: str) -> bool:
    """Whether the wizard offers `option` for `mode`: it changes something there and is written."""
    spec = MODES_BY_NAME.get(mode)
    return spec is not None and spec.applies(option) and written(mode, option)


def written_note(option: str) -> str:
    """Which modes get `option` in the file, for a text beside it; "" when every mode does."""
    modes = WRITTEN_ONLY_FOR.get(option)
    return f"Proxmox writes {option} only for {' and '.join(modes)}." if modes else ""


def unwritten_reason(mode: str, option: str) -> str:
    """Why a bond in `mode` does not get `option` in the file; "" when it does."""
    if written(mode, option):
        return ""
    if option == HASH_POLICY:
        return f"the kernel hashes only in balance-xor and 802.3ad; Proxmox does not write a hash policy for {mode}."
    spec = MODES_BY_NAME.get(mode)
    if option == PRIMARY and spec is not None and spec.applies(PRIMARY):
        return (
            f"Proxmox writes bond-primary only for active-backup. In {mode} the kernel would use it to prefer one "
            "member; without it, the kernel picks one itself."
        )
    return written_note(option)


# Why an option does nothing for a mode, where the kernel ignores or refuses it there.
_UNUSED = {
    HASH_POLICY: "the kernel hashes only in balance-xor and 802.3ad.",
    LACP_RATE: "only 802.3ad exchanges LACP messages with the switch.",
    PRIMARY: "only active-backup, balance-tlb and balance-alb have a primary member.",
}


def unused_reason(mode: str, option: str) -> str:
    """Why the wizard takes no `option` for `mode` (the kernel does not use it there, or Proxmox
    does not write it); "" when it does."""
    if offered(mode, option):
        return ""
    spec = MODES_BY_NAME.get(mode)
    if spec is not None and not spec.applies(option):
        return _UNUSED.get(option, f"{mode} does not use it.")
    return unwritten_reason(mode, option)
