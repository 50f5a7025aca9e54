"""Writing a HostNetwork as the file Proxmox itself would write (proxmox-format.md §3, §8).

Root executes this file, so every value is checked against the grammar of its field
before it is written, and the writer raises UnsafeValueError rather than escape or
drop anything: no newline, carriage return, backslash or other control or invisible
character reaches the file, names are names, addresses parse as addresses, numbers are
numbers, enumerations hold one of their values, no value carries template syntax
(`${`, `<%`), free text only appears as whole `#` comment lines without `%` or `$`.
What is written always reads back as the same network.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from datetime import datetime

from .. import bonding
from ..model import BOND_MODES, BondSettings, BridgeSettings, Family, GlobalLine, HostNetwork, Interface, Kind
from ..query.options import GRAMMARS, OVS_VALUES, normalise_key
from . import repeated, root_commands, unmodelled
from . import syntax as syn
from .order import Blank, file_order
from .parse import LOOPBACK_POSITION

NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.:+-]*")
OPTION_KEY = re.compile(r"[A-Za-z0-9_.-]+")
ADDRESS_TEXT = re.compile(r"[0-9A-Fa-f:.]+(?:/[0-9]{1,3})?")
VIDS = re.compile(r"[0-9]+(?:-[0-9]+)?(?: [0-9]+(?:-[0-9]+)?)*")
HOSTNAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*")


class UnsafeValueError(ValueError):
    """A value that does not fit its field's grammar; nothing was written."""

    def __init__(self, interface: str, field: str, problem: str):
        where = f"interface {interface!r}" if interface else "the file"
        super().__init__(f"{where}, {field}: {problem}")
        self.interface = interface
        self.field = field
        self.problem = problem


def render(network: HostNetwork, *, generated_at: datetime | None = None) -> str:
    """The network as an interfaces file, in the form Proxmox reads back unchanged."""
    interfaces = _with_loopback(network.interfaces)
    _check_unique(interfaces)
    writers = {id(i): _StanzaWriter(i) for i in interfaces}
    slaves = {name for i in interfaces if i.kind == Kind.BOND and i.bond for name in i.bond.slaves}
    slaves |= {name for i in interfaces for name in writers[id(i)].ovs_bond_members}
    for line in network.global_lines:
        _check_global_line(line)
    items = file_order(interfaces, network.global_lines, lambda i: writers[id(i)].pve_type)

    out = [*_header(network.hostname, generated_at), ""]
    after_mapping = False  # mapping bodies must follow their `mapping` line directly
    for item in items:
        if isinstance(item, Interface):
            # Proxmox starts every bond member at boot, whatever the file said.
            writer = writers[id(item)]
            autostart = unmodelled.starts_at_boot(writer.pve_type, writer.all_options, item.autostart)
            out += writer.lines(autostart=autostart or item.name in slaves)
        elif isinstance(item, GlobalLine):
            word = item.text.split()[0]
            if word in syn.MAPPING_BODY_WORDS and not after_mapping:
                raise UnsafeValueError("", "global line", f"{item.text!r} does not follow a mapping line")
            out.append(item.text)
            after_mapping = word == "mapping" or word in syn.MAPPING_BODY_WORDS
            continue
        else:
            assert isinstance(item, Blank)
            out.append("")
        after_mapping = False
    return "\n".join(out) + "\n"


def _header(hostname: str, generated_at: datetime | None) -> list[str]:
    if hostname and not HOSTNAME.fullmatch(hostname):
        raise UnsafeValueError("", "hostname", f"{hostname!r} is not a host name")
    subject = f"host {hostname}" if hostname else "this host"
    when = f" on {generated_at.isoformat(timespec='seconds')}" if generated_at else ""
    return [
        f"# Network interfaces of {subject}, written by netwizard{when}.",
        "# Proxmox VE reads and saves everything below unchanged; only this",
        "# header gives way to Proxmox's own when it saves the network.",
    ]


def _with_loopback(interfaces: list[Interface]) -> list[Interface]:
    """Proxmox always writes lo; a network from the inventory may not list it."""
    if any(i.name == "lo" for i in interfaces):
        return list(interfaces)
    lo = Interface("lo", Kind.LOOPBACK, autostart=True, inet=Family("loopback"), position=LOOPBACK_POSITION)
    return [lo, *interfaces]


def _check_unique(interfaces: list[Interface]) -> None:
    seen: set[str] = set()
    for iface in interfaces:
        if iface.name in seen:
            raise UnsafeValueError(iface.name, "name", "defined twice; merge the two interfaces first")
        seen.add(iface.name)


def _check_global_line(line: GlobalLine) -> None:
    text = line.text
    if not isinstance(text, str) or type(line.position) is not int:
        raise UnsafeValueError("", "global line", f"{line!r} needs a text and a whole-number position")
    problem = syn.bad_character(text, allow_tab=False) or syn.template_code(text)
    words = text.split()
    if problem:
        raise UnsafeValueError("", "global line", f"{text!r} contains {problem}")
    if not words or text != text.strip():
        raise UnsafeValueError("", "global line", f"{text!r} is empty or has surrounding spaces")
    keyword = words[0]
    known = keyword in syn.GLOBAL_WORDS or keyword in syn.MAPPING_BODY_WORDS
    if not known and not (keyword.startswith("allow-") and keyword not in syn.AUTO_WORDS):
        # Any other word would become an option of the stanza above it for ifupdown2
        # (a hook command, say), or a stanza or auto mark for both readers.
        raise UnsafeValueError("", "global line", f"{text!r} is not a source, mapping or allow- line")
    if len(words) < 2:
        raise UnsafeValueError("", "global line", f"{text!r} has no argument")


@dataclass
class _Blocks:
    """The first stanza's own lines, and which modelled options they wrote."""

    block: list[str]
    written: set[str]


class _StanzaWriter:
    """Checks one interface on creation and writes its stanzas on request."""

    def __init__(self, iface: Interface):
        self.iface = iface
        self._check_name(iface.name, "name")
        if iface.position is not None:
            self._check_int(iface.position, "position")
        self.pve_type = self._classify()
        # Every option with its family, in file order; for a stanza kept without a model,
        # `verbatim` holds the (family, index) of those written after the named settings.
        self.all_options = [(k, v) for f in iface.families for k, v in f.options]
        self.verbatim: set[tuple[int, int]] | None = None
        self.lacp_line, self.lacp_at = "", 0
        self.blocks = self._first_stanza_blocks()
        self.ovs_bond_members = [
            name
            for key, value in (self.all_options if self.pve_type == "OVSBond" else [])
            if key == "ovs_bonds"
            for name in value.split()
        ]
        self.comments = [self._check_comment(c) for c in iface.comments]
        while self.comments and self.comments[-1] == "#":
            self.comments.pop()  # Proxmox's reader (and netwizard's) loses empty comments at the end

    # Output

    def lines(self, *, autostart: bool) -> list[str]:
        iface = self.iface
        out = [f"auto {iface.name}"] if autostart else []
        if iface.typeless:
            v4, v6 = iface.inet or Family(), iface.inet6 or Family()
            out.append(f"iface {iface.name}")
            out += self._address_lines(v4, "inet") + self._address_lines(v6, "inet6")
            out += self.blocks.block + self._with_lacp_rate(self._options(v4, "inet")) + self.comments
            out += self._options(v6, "inet6")
            return [*out, ""]
        families = {n: f for n, f in (("inet", iface.inet), ("inet6", iface.inet6)) if f is not None}
        problem = repeated.stanza_families_error(iface.stanza_families, set(families))
        if problem:
            raise UnsafeValueError(iface.name, "stanza families", f"{' '.join(iface.stanza_families)!r} {problem}")
        order = iface.stanza_families or list(families) or ["inet"]
        # Proxmox writes the comments in the inet stanzas, in inet6 ones only without inet.
        commented = "inet" if iface.inet is not None else order[0]
        for index, fam_name in enumerate(order):
            family = families.get(fam_name, Family())
            out.append(f"iface {iface.name} {fam_name} {self._check_method(family.method)}")
            out += self._address_lines(family, fam_name)
            if index == 0:
                out += self.blocks.block
            options = self._options(family, fam_name)
            out += self._with_lacp_rate(options) if index == 0 else options
            if fam_name == commented:
                out += self.comments
            out.append("")
        return out

    def _address_lines(self, family: Family, fam_name: str) -> list[str]:
        version = (6 if fam_name == "inet6" else 4) if self.iface.typeless else None
        out = []
        if family.address:
            out.append(f"\taddress {self._check_address(family.address, 'address', version)}")
        if family.gateway:
            out.append(f"\tgateway {self._check_gateway(family.gateway, version)}")
        return out

    def _options(self, family: Family, fam_name: str) -> list[str]:
        """The family's options in order, minus those written among the sorted settings."""
        out = []
        for index, (key, value) in enumerate(family.options):
            if self.verbatim is not None:
                if (id(family), index) not in self.verbatim:
                    continue
                if key in syn.ADDRESS_KEYS and not self._keep_option(key, value, family, fam_name):
                    continue  # an extra address is checked as in any stanza
                self._check_key(key)
            elif self._is_sorted_extra(key) or not self._keep_option(key, value, family, fam_name):
                continue
            out.append(f"\t{key} {self._check_value(key, value, verbatim=True)}")
        return out

    def _keep_option(self, key: str, value: str, family: Family, fam_name: str) -> bool:
        """Decide about an option that repeats a modelled one; False drops it.

        The parser keeps a repeated line after the first, which it models. Written after
        the modelled value, it reads back the same way. When the modelled value itself
        is not written (a hash policy outside balance-xor/802.3ad, say), the repeat goes
        with it, as Proxmox drops both.
        """
        self._check_key(key)
        if key in ("netmask", "broadcast"):
            raise UnsafeValueError(
                self.iface.name, key, f"{value!r} cannot be folded into the address; set the address in CIDR form"
            )
        if key in ("address", "gateway"):
            self._check_extra_address(key, value, family, fam_name)
            return True
        modelled = syn.modelled_key(self.iface.kind, key)
        if modelled in syn.LIST_KEYS:
            raise UnsafeValueError(self.iface.name, key, "belongs in the interface's member list, not in its options")
        if modelled is not None and not syn.fits_its_type(modelled, value):
            # A value the reader could not take (`bond-miimon 100ms`): ifupdown2 would refuse it.
            raise UnsafeValueError(self.iface.name, key, f"{value!r} is not a valid value")
        return modelled is None or modelled in self.blocks.written

    def _check_extra_address(self, key: str, value: str, family: Family, fam_name: str) -> None:
        if self.iface.typeless:
            fam_name = "inet6" if ":" in value else "inet"
            family = (self.iface.inet6 if fam_name == "inet6" else self.iface.inet) or Family()
        if not getattr(family, key):
            raise UnsafeValueError(self.iface.name, key, f"an extra {key} needs a main {key} in the {fam_name} family")
        if key == "address":
            self._check_address(value, key, None)
        else:
            self._check_gateway(value, None)

    def _is_sorted_extra(self, key: str) -> bool:
        return syn.sorted_extra(self.iface.kind, key)

    # The first stanza: type block, sorted settings, LACP rate

    def _first_stanza_blocks(self) -> _Blocks:
        kind = self.iface.kind
        if kind == Kind.BOND:
            blocks = self._bond_block(self.iface.bond or BondSettings())
        elif kind == Kind.BRIDGE:
            blocks = self._bridge_block(self.iface.bridge or BridgeSettings())
        elif kind == Kind.OTHER:
            return self._unmodelled_block()
        else:
            blocks = _Blocks([], set())
        sorted_settings = self._sorted_settings(blocks.written)
        blocks.block += [f"\t{key} {value}" for key, value in sorted_settings]
        if kind == Kind.BOND and self.iface.bond and self.iface.bond.lacp_rate:
            # An unknown option to Proxmox: it stands among the others, where the file had it.
            rate = self._check_enum(self.iface.bond.lacp_rate, "bond-lacp-rate", syn.LACP_RATES)
            self.lacp_line = f"\tbond-lacp-rate {rate}"
            position = self.iface.bond.lacp_rate_position
            self.lacp_at = self._check_int(position, "bond-lacp-rate position") if position is not None else 0
            blocks.written.add("bond-lacp-rate")
        return blocks

    def _with_lacp_rate(self, options: list[str]) -> list[str]:
        """The first stanza's unmodelled option lines, with the bond-lacp-rate line in its place."""
        if not self.lacp_line:
            return options
        at = min(self.lacp_at, len(options))
        return [*options[:at], self.lacp_line, *options[at:]]

    def _unmodelled_block(self) -> _Blocks:
        """Proxmox's named settings of a stanza netwizard keeps without a model (OVS, vxlan…)."""
        if self.iface.mtu is not None:
            raise UnsafeValueError(self.iface.name, "mtu", "a stanza kept verbatim carries its mtu among its options")
        tagged = [(id(f), i, k, v) for f in self.iface.families for i, (k, v) in enumerate(f.options)]
        try:
            block, rest = unmodelled.ordered_options(self.pve_type, [(k, v) for _, _, k, v in tagged])
        except unmodelled.UnwritableStanza as exc:
            raise UnsafeValueError(self.iface.name, "ovs_options", str(exc)) from exc
        self.verbatim = {(tagged[i][0], tagged[i][1]) for i in rest}
        # A named setting's value starts at its first word, as Proxmox stores it.
        lines = [f"\t{self._check_key(key)} {self._check_value(key, value.lstrip(' '))}" for key, value in block]
        return _Blocks(lines, set())

    def _bond_block(self, bond: BondSettings) -> _Blocks:
        slaves = self._member_list(bond.slaves, "bond-slaves")
        miimon = self._check_int(bond.miimon if bond.miimon is not None else syn.DEFAULT_MIIMON, "bond-miimon")
        mode = self._check_enum(bond.mode or syn.DEFAULT_BOND_MODE, "bond-mode", BOND_MODES)
        block = [f"\tbond-slaves {slaves}", f"\tbond-miimon {miimon}", f"\tbond-mode {mode}"]
        written = {"bond-slaves", "slaves", "bond-miimon", "bond-mode"}
        if bonding.written(mode, bonding.HASH_POLICY) and bond.xmit_hash_policy:
            policy = self._check_enum(bond.xmit_hash_policy, "bond-xmit-hash-policy", syn.HASH_POLICIES)
            block.append(f"\tbond-xmit-hash-policy {policy}")
            written.add("bond-xmit-hash-policy")
        if bonding.written(mode, bonding.PRIMARY) and bond.primary:
            block.append(f"\tbond-primary {self._check_name(bond.primary, 'bond-primary')}")
            written.add("bond-primary")
        self._mtu_into(block, written)
        return _Blocks(block, written)

    def _bridge_block(self, bridge: BridgeSettings) -> _Blocks:
        ports = self._member_list(bridge.ports, "bridge-ports")
        stp = self._check_enum(bridge.stp or "off", "bridge-stp", ("on", "off"))
        block = [f"\tbridge-ports {ports}", f"\tbridge-stp {stp}"]
        written = {"bridge-ports", "bridge-stp"}
        fd = bridge.fd if bridge.fd is not None or stp == "on" else 0
        # With STP on the kernel needs a forward delay of 2-30 s; Proxmox drops any other.
        if fd is not None and (stp == "off" or 2 <= self._check_int(fd, "bridge-fd") <= 30):
            block.append(f"\tbridge-fd {self._check_int(fd, 'bridge-fd')}")
            written.add("bridge-fd")
        if bridge.vlan_aware is not None:
            # `no` stays `no`: Proxmox turns it into `yes`, which is a bug we do not copy.
            block.append(f"\tbridge-vlan-aware {'yes' if bridge.vlan_aware else 'no'}")
            vids = bridge.vids or (syn.DEFAULT_VIDS if bridge.vlan_aware else "")
            written.add("bridge-vlan-aware")
            if vids:
                if not VIDS.fullmatch(vids):
                    raise UnsafeValueError(self.iface.name, "bridge-vids", f"{vids!r} is not a list of VLAN ids")
                block.append(f"\tbridge-vids {vids}")
                written.add("bridge-vids")
        self._mtu_into(block, written)
        return _Blocks(block, written)

    def _mtu_into(self, block: list[str], written: set[str]) -> None:
        if self.iface.mtu is not None:
            block.append(f"\tmtu {self._check_int(self.iface.mtu, 'mtu')}")
            written.add("mtu")

    def _sorted_settings(self, written: set[str]) -> list[tuple[str, str]]:
        """Proxmox's "other settings": known options sorted by name (mtu and VLAN keys for
        NICs and VLANs, per-port bridge flags and the like for every modelled kind)."""
        iface = self.iface
        if iface.kind == Kind.OTHER:
            if iface.mtu is not None:
                raise UnsafeValueError(iface.name, "mtu", "a stanza kept verbatim carries its mtu among its options")
            return []
        settings: list[tuple[str, str]] = []
        if iface.kind not in (Kind.BOND, Kind.BRIDGE) and iface.mtu is not None:
            settings.append(("mtu", str(self._check_int(iface.mtu, "mtu"))))
        if iface.kind == Kind.VLAN:
            settings += self._vlan_settings()
        for family in iface.families:
            for key, value in family.options:
                if self._is_sorted_extra(key):
                    self._check_key(key)
                    settings.append((key, self._check_value(key, value)))
        written.update(key for key, _ in settings)
        return sorted(settings, key=lambda kv: kv[0])

    def _vlan_settings(self) -> list[tuple[str, str]]:
        vlan = self.iface.vlan
        name = self.iface.name
        if vlan is None:
            raise UnsafeValueError(name, "vlan", "a VLAN needs its raw device and id")
        raw = self._check_name(vlan.raw_device, "vlan-raw-device")
        vid = self._check_int(vlan.vlan_id, "vlan-id")
        if syn.vlan_identity(name, None if syn.DOTTED_VLAN.fullmatch(name) else raw, str(vid)) != (raw, vid):
            raise UnsafeValueError(name, "vlan", f"raw device {raw} and id {vid} contradict the name")
        settings: list[tuple[str, str]] = []
        if vlan.protocol:
            settings.append(("vlan-protocol", self._check_enum(vlan.protocol, "vlan-protocol", syn.VLAN_PROTOCOLS)))
        # The name carries what it can: `eno1.50` both, `vlan50` the id.
        if not syn.DOTTED_VLAN.fullmatch(name):
            settings.append(("vlan-raw-device", raw))
            if not syn.VLAN_N.fullmatch(name):
                settings.append(("vlan-id", str(vid)))
        return settings

    def _member_list(self, names: list[str], field: str) -> str:
        members = sorted(set(names))  # Proxmox sorts members as plain strings
        for member in members:
            self._check_name(member, field)
            if member == "none":
                raise UnsafeValueError(self.iface.name, field, "'none' means an empty list and cannot be a member")
        return " ".join(members) or "none"

    # Classification: what is written must read back as the same kind

    def _classify(self) -> str:
        iface = self.iface
        options = syn.written_options(iface)
        pvetype = syn.interface_pve_type(iface)
        identity = iface.kind == Kind.VLAN or (
            pvetype == "vlan"
            and syn.vlan_identity(iface.name, _first(options, "vlan-raw-device"), _first(options, "vlan-id"))
            is not None
        )
        read_back = syn.kind_of(pvetype, identity)
        if read_back != iface.kind:
            raise UnsafeValueError(
                iface.name, "kind", f"written as a {iface.kind.value}, it would read back as a {read_back.value}"
            )
        return pvetype

    # Field grammars

    def _check_name(self, value: str, field: str) -> str:
        if not isinstance(value, str) or not NAME.fullmatch(value):
            raise UnsafeValueError(
                self.iface.name if field != "name" else "", field, f"{value!r} is not an interface name"
            )
        return value

    def _check_method(self, method: str) -> str:
        return self._check_enum(method, "method", syn.METHODS)

    def _check_enum(self, value: str, field: str, allowed: tuple[str, ...]) -> str:
        if value not in allowed:
            raise UnsafeValueError(self.iface.name, field, f"{value!r} is not one of {', '.join(allowed)}")
        return value

    def _check_int(self, value: int, field: str) -> int:
        if type(value) is not int or value < 0:
            raise UnsafeValueError(self.iface.name, field, f"{value!r} is not a whole number")
        return value

    def _check_address(self, value: str, field: str, version: int | None) -> str:
        try:
            ip = ipaddress.ip_interface(value) if ADDRESS_TEXT.fullmatch(value) else None
        except ValueError:
            ip = None
        if ip is None or (version is not None and ip.version != version):
            raise UnsafeValueError(self.iface.name, field, f"{value!r} is not an IPv{version or '4/6'} address")
        return value

    def _check_gateway(self, value: str, version: int | None) -> str:
        try:
            ip = ipaddress.ip_address(value) if ADDRESS_TEXT.fullmatch(value) else None
        except ValueError:
            ip = None
        if ip is None or (version is not None and ip.version != version):
            raise UnsafeValueError(self.iface.name, "gateway", f"{value!r} is not a plain IP address")
        return value

    def _check_key(self, key: str) -> str:
        if not isinstance(key, str) or not OPTION_KEY.fullmatch(key) or syn.ends_stanza(key):
            raise UnsafeValueError(self.iface.name, "option", f"{key!r} is not an option name")
        return key

    def _check_value(self, key: str, value: str, *, verbatim: bool = False) -> str:
        """A value fit to follow `key` and one space. Only a verbatim option (one netwizard
        does not model) may start with more spaces, which it read and keeps as written."""
        if not isinstance(value, str):
            raise UnsafeValueError(self.iface.name, key, f"{value!r} is not text")
        problem = syn.bad_character(value, allow_tab=False) or syn.template_code(
            root_commands.without_iface_variable(key, value)
        )
        if problem:
            raise UnsafeValueError(self.iface.name, key, f"the value contains {problem}")
        if not value.strip(" ") or value != value.rstrip(" ") or (value != value.lstrip(" ") and not verbatim):
            raise UnsafeValueError(self.iface.name, key, "the value is empty or has surrounding spaces")
        # ifupdown2 hands the Open vSwitch values to a shell: outside their grammar, refuse.
        normalised = normalise_key(key)
        if normalised in OVS_VALUES:
            problem = GRAMMARS[normalised](value)
            if problem:
                raise UnsafeValueError(self.iface.name, key, problem)
        return value

    def _check_comment(self, text: str) -> str:
        if not isinstance(text, str):
            raise UnsafeValueError(self.iface.name, "comment", f"{text!r} is not text")
        problem = syn.bad_comment_character(text)
        if not problem and any(mark in text for mark in syn.COMMENT_REFUSED):
            problem = "'%' or '$', which ifupdown2's template engine reads"
        if problem:
            raise UnsafeValueError(self.iface.name, "comment", f"contains {problem}")
        if text != text.rstrip(" \t"):  # the reader drops it: the file would not read back the same
            raise UnsafeValueError(self.iface.name, "comment", "ends with a space or tab")
        return "#" + text


def _first(options: list[tuple[str, str]], key: str) -> str | None:
    for k, v in options:
        if k.replace("_", "-") == key:
            return v
    return None
