"""Checking a node against its plan: what the kernel reports, read strictly.

- `bonding`: `/proc/net/bonding/<bond>` read into `BondStatus` (mode, members, LACP partner).
"""

from .bonding import MODES, BondingParseError, BondSlave, BondStatus, bonding_parse

__all__ = [
    "MODES",
    "BondSlave",
    "BondStatus",
    "BondingParseError",
    "bonding_parse",
]
