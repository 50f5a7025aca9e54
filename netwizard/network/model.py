"""Plain data describing one host's network, as an interfaces file sees it.

Nothing here knows about Django or the database. The parser produces these objects,
the renderer, the rules and the diagram consume them, and the inventory's selectors
rebuild them from stored rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from .bonding import MODE_NAMES


class Kind(StrEnum):
    LOOPBACK = "loopback"
    NIC = "nic"
    BOND = "bond"
    BRIDGE = "bridge"
    VLAN = "vlan"
    # OVS, vxlan, dummy and unrecognised stanzas: kept verbatim, never interpreted.
    OTHER = "other"


BOND_MODES = MODE_NAMES


@dataclass
class Family:
    """One address family of an interface: the `iface NAME inet|inet6 METHOD` stanza."""

    method: str = "manual"
    address: str = ""  # CIDR, or a bare address when the file gave no mask
    gateway: str = ""
    # Options netwizard does not model, verbatim and in file order, as (key, value).
    options: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class BondSettings:
    slaves: list[str] = field(default_factory=list)
    mode: str = ""
    miimon: int | None = None
    xmit_hash_policy: str = ""
    lacp_rate: str = ""
    primary: str = ""
    # Where the bond-lacp-rate line stood in the file: after this many of the first
    # stanza's options netwizard does not model (Proxmox keeps the line among them, in
    # file order). None: before all of them.
    lacp_rate_position: int | None = None


@dataclass
class BridgeSettings:
    ports: list[str] = field(default_factory=list)  # empty means `bridge-ports none`
    stp: str = "off"
    fd: int | None = None
    vlan_aware: bool | None = None  # None: no line; False is kept as written (`no`)
    vids: str = ""


@dataclass
class VlanSettings:
    raw_device: str
    vlan_id: int
    protocol: str = ""  # "", "802.1q" or "802.1ad"


@dataclass
class Interface:
    name: str
    kind: Kind
    autostart: bool = False
    inet: Family | None = None
    inet6: Family | None = None
    # ifupdown2's `iface NAME` with no family: both address families live in `inet`
    # and `inet6` but are written into one stanza.
    typeless: bool = False
    # The families of the interface's stanzas in file order ("inet inet" for a family given
    # twice, "inet6 inet" for inet6 first), written back so; empty: one inet stanza, then
    # one inet6 stanza. interfaces_file/repeated.py says why.
    stanza_families: list[str] = field(default_factory=list)
    mtu: int | None = None
    comments: list[str] = field(default_factory=list)  # text after the leading '#'
    bond: BondSettings | None = None
    bridge: BridgeSettings | None = None
    vlan: VlanSettings | None = None
    # Place in the file (shared counter with global lines); None for new interfaces,
    # which go to the end of their group as Proxmox does.
    position: int | None = None

    # Inventory facts: never written to the file, used by rules and the diagram.
    mac: str = ""
    speed_mbps: int | None = None
    switch: str = ""
    switch_port: str = ""
    carries_cluster: bool = False
    is_management: bool = False
    # The NIC was renamed by "Pin NIC names": its `.link` file gives it this name at the next boot.
    pin_planned: bool = False

    # Where the parser found the interface's first stanza (1-based); diagnostics only,
    # so it takes no part in comparing two networks.
    line: int | None = field(default=None, compare=False)

    @property
    def families(self) -> list[Family]:
        return [f for f in (self.inet, self.inet6) if f is not None]

    @property
    def addresses(self) -> list[str]:
        return [f.address for f in self.families if f.address]

    def bridge_settings(self) -> BridgeSettings:
        """The settings of an interface its caller picked as a Linux bridge, settings
        included (say, from a list of bridges); ValueError if it has none."""
        if self.bridge is None:
            raise ValueError(f"{self.name} has no bridge settings")
        return self.bridge


@dataclass
class GlobalLine:
    """A top-level line that is not a stanza (`source …`, `source-directory …`, `mapping`)."""

    text: str
    position: int


@dataclass
class HostNetwork:
    interfaces: list[Interface] = field(default_factory=list)
    global_lines: list[GlobalLine] = field(default_factory=list)
    hostname: str = ""
    # Filled by the parser: (name, line) of every stanza that repeated a family an earlier
    # stanza of the same interface already had. Both were merged into one Interface (as
    # Proxmox and ifupdown2 do), so this list is the only trace the rules can flag.
    duplicate_stanzas: list[tuple[str, int]] = field(default_factory=list, compare=False)
    # Filled by the parser: (name, line) of stanzas that repeat an earlier one word for word.
    repeated_stanzas: list[tuple[str, int]] = field(default_factory=list, compare=False)
    # Filled by the parser: (name, method, line, other method, its line) for two stanzas of
    # one interface and family with different methods. ifupdown2 runs both; Proxmox keeps
    # the last method for both.
    method_conflicts: list[tuple[str, str, int, str, int]] = field(default_factory=list, compare=False)
    # Filled by the parser: NICs the file names (as a port, member or VLAN parent) without
    # defining them. The parser adds their stanzas, as Proxmox does on a host that has them.
    assumed_nics: list[str] = field(default_factory=list, compare=False)
    # Filled by the parser: (interface, line) of option lines that followed a blank line
    # inside a stanza. ifupdown2 applies them to the stanza; Proxmox's reader does not.
    options_after_blank: list[tuple[str, int]] = field(default_factory=list, compare=False)
    # Filled by the parser: (interface, option, value, line, what the option takes) of
    # values that fit no value of their field (`bond-miimon 100ms`). The line is kept as
    # an option, as written; the writer refuses it and the rules report it.
    unread_values: list[tuple[str, str, str, int, str]] = field(default_factory=list, compare=False)
    # Filled by the parser: (line, next line) for each comment that ends in a backslash.
    lines_joined_to_comments: list[tuple[int, str]] = field(default_factory=list, compare=False)

    def get(self, name: str) -> Interface | None:
        for iface in self.interfaces:
            if iface.name == name:
                return iface
        return None

    def by_name(self) -> dict[str, Interface]:
        return {iface.name: iface for iface in self.interfaces}
