"""Reading `/proc/net/bonding/<bond>`: what the kernel says a bond is doing right now.

The kernel's bonding driver prints the file (drivers/net/bonding/bond_procfs.c):

- a first line "Ethernet Channel Bonding Driver: v<release>", then a blank line;
- the bond: "Bonding Mode: <mode text>" (active-backup may add " (fail_over_mac <x>)"),
  "Transmit Hash Policy: <name> (<number>)" for the modes that hash, "Primary Slave:
  <name>|None [(primary_reselect <x>)]" and "Currently Active Slave: <name>|None" for
  the modes with a primary, "MII Status:", "MII Polling Interval (ms):", the delays and
  the ARP lines; for 802.3ad a block "802.3ad info" with "LACP rate:", the system's
  priority and MAC, then "Active Aggregator Info:" with tab-indented "Aggregator ID:",
  "Partner Key:" and "Partner Mac Address:" (or "bond <name> has no active aggregator");
- per member, after a blank line: "Slave Interface: <name>", "MII Status:" (up, down,
  going down, going back), "Speed: <n> Mbps|Unknown", "Duplex: full|half|Unknown", "Link
  Failure Count:", "Permanent HW addr:", "Slave queue ID:"; for 802.3ad "Aggregator ID:
  <n>|N/A", churn lines and, on newer kernels, "details actor lacp pdu:" and "details
  partner lacp pdu:" blocks whose lines are indented and lower-case ("port state: <n>").

Lines vary between kernel versions, so lines this module does not read are ignored, and
indentation does not matter. What it reads is checked: the first line, the mode, numbers,
MACs and interface names (they reach pages). A text it cannot trust raises
`BondingParseError`, whose message names the line and what was expected there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from netwizard.network import bonding
from netwizard.network.host_facts import IFNAME, MAC

MAX_BYTES = 1024 * 1024

# The kernel's mode texts (bond_mode_name in bond_main.c) -> ifupdown2's mode names.
MODES: dict[str, str] = {
    "load balancing (round-robin)": bonding.BALANCE_RR.name,
    "fault-tolerance (active-backup)": bonding.ACTIVE_BACKUP.name,
    "load balancing (xor)": bonding.BALANCE_XOR.name,
    "fault-tolerance (broadcast)": bonding.BROADCAST.name,
    "IEEE 802.3ad Dynamic link aggregation": bonding.LACP.name,
    "transmit load balancing": bonding.BALANCE_TLB.name,
    "adaptive load balancing": bonding.BALANCE_ALB.name,
}

DRIVER_LINE = "Ethernet Channel Bonding Driver:"
NO_PARTNER = "00:00:00:00:00:00"

# A member's permanent address: 6 bytes for Ethernet, 20 for InfiniBand (IPoIB bonds).
_HW_ADDR = re.compile(r"[0-9a-f]{2}(?::[0-9a-f]{2}){5}(?:(?::[0-9a-f]{2}){14})?")
_NUMBER = re.compile(r"[0-9]{1,10}")
_LINK_STATUS = re.compile(r"[a-z][a-z ]{0,19}")
_HASH_POLICY = re.compile(r"([a-z0-9+]{1,20}) \([0-9]{1,3}\)")
_FAIL_OVER_MAC = re.compile(r"(.+) \(fail_over_mac [a-z]{1,20}\)")
_SPEED = re.compile(r"([0-9]{1,10}) Mbps")


class BondingParseError(ValueError):
    """The text is not what the kernel prints for a bond; `line` is 1-based, None when the
    whole text (its size) or the bond's name is wrong."""

    def __init__(self, line: int | None, message: str):
        super().__init__(f"line {line}: {message}" if line is not None else message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class BondSlave:
    name: str
    mii_status: str  # "up", "down", "going back", "going down" … as printed, lower-case
    speed_mbps: int | None  # None for "Unknown"
    duplex: str  # "full", "half" or "" (unknown)
    link_failure_count: int
    permanent_mac: str  # lower-case colon form, "" if absent
    aggregator_id: int | None  # 802.3ad only
    actor_port_state: int | None = None  # 802.3ad details, when the kernel prints them (newer kernels)
    partner_port_state: int | None = None


@dataclass(frozen=True)
class BondStatus:
    name: str
    mode: str  # ifupdown2's name, from MODES
    mii_status: str  # the bond's own "MII Status"
    miimon_ms: int | None  # "MII Polling Interval (ms)"
    primary: str  # the primary member, "" for none
    active_slave: str  # the currently active member, "" for none or not printed
    hash_policy: str  # "layer3+4"…, "" if not printed
    lacp_rate: str  # "fast" or "slow", "" if not printed
    active_aggregator_id: int | None  # from the "Active Aggregator Info:" block
    partner_mac: str  # that block's "Partner Mac Address", "" if absent
    partner_key: int | None  # that block's "Partner Key"
    slaves: tuple[BondSlave, ...]

    @property
    def lacp_negotiated(self) -> bool:
        """802.3ad, a partner (the switch) answered, and every member that is up sits in the
        active aggregator; False too when no member is up."""
        if self.mode != bonding.LACP.name or self.partner_mac in ("", NO_PARTNER):
            return False
        up = [slave for slave in self.slaves if slave.mii_status == "up"]
        if self.active_aggregator_id is None or not up:
            return False
        return all(slave.aggregator_id == self.active_aggregator_id for slave in up)


def bonding_parse(name: str, text: str) -> BondStatus:
    """The bond `name` as the text of its `/proc/net/bonding/<name>` describes it."""
    if not IFNAME.fullmatch(name):
        raise BondingParseError(None, f"the bond name {_shown(name)} is not an interface name")
    if len(text) > MAX_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise BondingParseError(None, f"the text is larger than {MAX_BYTES:,} bytes; a bonding status is a few KiB")
    status = BondStatus(name, "", "", None, "", "", "", "", None, "", None, ())
    slaves: list[BondSlave] = []
    seen: set[str] = set()
    section = ""  # "" before the driver line, then "bond", "slave", "actor" or "partner"
    number = 0
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line:
            continue
        key, _, value = (part.strip() for part in line.partition(":"))
        if not section:
            if not line.startswith(DRIVER_LINE):
                raise BondingParseError(number, f"expected {DRIVER_LINE!r} first, found {_shown(line)}")
            section = "bond"
        elif line.startswith(DRIVER_LINE):
            raise BondingParseError(number, f"a second {DRIVER_LINE!r} line: expected the text of one bond")
        elif key == "Slave Interface":
            if not status.mode:
                raise BondingParseError(number, "expected 'Bonding Mode: …' before the first slave")
            slave_name = _name(value, number)
            if slave_name in seen:
                raise BondingParseError(number, f"the slave {slave_name!r} is listed twice")
            seen.add(slave_name)
            slaves.append(BondSlave(slave_name, "", None, "", 0, "", None))
            section = "slave"
        elif section == "bond":
            status = _bond_line(status, key, value, number)
        elif key in ("details actor lacp pdu", "details partner lacp pdu"):
            section = key.split()[1]
        elif section in ("actor", "partner") and key == "port state":
            state = _number(value, number, maximum=255)
            if section == "actor":
                slaves[-1] = replace(slaves[-1], actor_port_state=state)
            else:
                slaves[-1] = replace(slaves[-1], partner_port_state=state)
        else:
            slaves[-1] = _slave_line(slaves[-1], key, value, number)
    if not section:
        raise BondingParseError(max(number, 1), f"expected {DRIVER_LINE!r} first, found the end of the text")
    if not status.mode:
        raise BondingParseError(number, "the text ends without a 'Bonding Mode: …' line")
    return replace(status, slaves=tuple(slaves))


def _bond_line(status: BondStatus, key: str, value: str, line: int) -> BondStatus:
    """The bond with one line of its own part read (the lines before the first slave)."""
    if key == "Bonding Mode":
        if status.mode:
            raise BondingParseError(line, "a second 'Bonding Mode:' line: expected the text of one bond")
        return replace(status, mode=_mode(value, line))
    if key == "Transmit Hash Policy":
        policy = _HASH_POLICY.fullmatch(value)
        if not policy:
            raise BondingParseError(
                line, f"expected a hash policy and its number, as 'layer2+3 (2)', found {_shown(value)}"
            )
        return replace(status, hash_policy=policy[1])
    if key == "Primary Slave":
        return replace(status, primary=_name_or_none(value, line))
    if key == "Currently Active Slave":
        return replace(status, active_slave=_name_or_none(value, line))
    if key == "MII Status":
        return replace(status, mii_status=_link_status(value, line))
    if key == "MII Polling Interval (ms)":
        return replace(status, miimon_ms=_number(value, line))
    if key == "LACP rate":
        if value not in ("fast", "slow"):
            raise BondingParseError(line, f"expected 'fast' or 'slow' as the LACP rate, found {_shown(value)}")
        return replace(status, lacp_rate=value)
    if key == "Aggregator ID":  # only in the "Active Aggregator Info:" block
        return replace(status, active_aggregator_id=_number(value, line))
    if key == "Partner Key":
        return replace(status, partner_key=_number(value, line))
    if key == "Partner Mac Address":
        return replace(status, partner_mac=_mac(value, line, MAC))
    return status


def _slave_line(slave: BondSlave, key: str, value: str, line: int) -> BondSlave:
    """The member with one line of its part read."""
    if key == "MII Status":
        return replace(slave, mii_status=_link_status(value, line))
    if key == "Speed":
        if value == "Unknown":
            return replace(slave, speed_mbps=None)
        speed = _SPEED.fullmatch(value)
        if not speed:
            raise BondingParseError(line, f"expected a speed as '1000 Mbps' or 'Unknown', found {_shown(value)}")
        return replace(slave, speed_mbps=int(speed[1]))
    if key == "Duplex":
        if value not in ("full", "half", "Unknown"):
            raise BondingParseError(line, f"expected 'full', 'half' or 'Unknown' as the duplex, found {_shown(value)}")
        return replace(slave, duplex="" if value == "Unknown" else value)
    if key == "Link Failure Count":
        return replace(slave, link_failure_count=_number(value, line))
    if key == "Permanent HW addr":
        return replace(slave, permanent_mac=_mac(value, line, _HW_ADDR))
    if key == "Aggregator ID":
        return replace(slave, aggregator_id=None if value == "N/A" else _number(value, line))
    return slave


def _mode(value: str, line: int) -> str:
    fail_over_mac = _FAIL_OVER_MAC.fullmatch(value)  # printed for active-backup only
    text = fail_over_mac[1] if fail_over_mac and MODES.get(fail_over_mac[1]) == bonding.ACTIVE_BACKUP.name else value
    if text not in MODES:
        expected = ", ".join(repr(mode) for mode in MODES)
        raise BondingParseError(line, f"unknown bonding mode {_shown(value)}; expected one of {expected}")
    return MODES[text]


def _name_or_none(value: str, line: int) -> str:
    """ "eno1 (primary_reselect always)" -> "eno1"; "None" -> "" (no member)."""
    first = value.split(" ", 1)[0]
    return "" if first == "None" else _name(first, line)


def _name(value: str, line: int) -> str:
    if not IFNAME.fullmatch(value):
        raise BondingParseError(line, f"expected an interface name, found {_shown(value)}")
    return value


def _link_status(value: str, line: int) -> str:
    status = value.lower()
    if not _LINK_STATUS.fullmatch(status):
        raise BondingParseError(line, f"expected a link status such as 'up' or 'down', found {_shown(value)}")
    return status


def _number(value: str, line: int, *, maximum: int | None = None) -> int:
    if not _NUMBER.fullmatch(value) or (maximum is not None and int(value) > maximum):
        limit = f" up to {maximum}" if maximum is not None else ""
        raise BondingParseError(line, f"expected a number{limit}, found {_shown(value)}")
    return int(value)


def _mac(value: str, line: int, grammar: re.Pattern[str]) -> str:
    mac = value.lower()
    if not grammar.fullmatch(mac):
        raise BondingParseError(line, f"expected a MAC address as 'aa:bb:cc:dd:ee:ff', found {_shown(value)}")
    return mac


def _shown(value: str) -> str:
    """The value quoted for a message, control characters escaped, cut to a sensible length."""
    return repr(value[:60]) + ("…" if len(value) > 60 else "")
