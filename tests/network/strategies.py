"""Hypothesis strategies for host networks, shared by the network tests.

`host_networks()` draws networks the way the wizard builds them: NICs, bonds over
disjoint NICs, bridges over the rest, VLANs on any of them, a few stanzas netwizard keeps
verbatim, addresses, comments, unknown options and `source` lines. Every drawn network
is valid for ifupdown2 and already in canonical form, so `parse(render(n))` gives it back
(compare with `normalised`, which forgets file positions and list order).

`messy()` perturbs such a network the ways a hand-made or imported model may differ
from the canonical form (defaults left out, members unsorted or repeated, settings that
the mode ignores); `normalised` folds those differences away again, so it also states
what the writer is allowed to change.

`nasty_text()` draws strings meant to break a file: line breaks of every kind,
backslashes, NUL, control and invisible characters, keywords.
"""

from __future__ import annotations

import copy
import ipaddress

from hypothesis import strategies as st

from netwizard.network.interfaces_file import syntax as syn
from netwizard.network.model import (
    BOND_MODES,
    BondSettings,
    BridgeSettings,
    Family,
    GlobalLine,
    HostNetwork,
    Interface,
    Kind,
    VlanSettings,
)

NIC_NAMES = ("eno1", "eno2", "eno3", "eno4", "enp65s0f0", "enp65s0f1", "eth0", "eth1", "ens18", "nic1", "if2", "ib0")
# Options outside netwizard's model that ifupdown2 accepts on any interface.
UNKNOWN_OPTIONS = (
    ("hwaddress", "52:54:00:12:34:56"),
    ("alias", "uplink to core-sw1 port 12"),
    ("dns-nameservers", "192.0.2.53 192.0.2.54"),
    ("dns-search", "example.org"),
    ("post-up", "ethtool -K $IFACE tso off"),
    ("pre-down", "/bin/true"),
)
COMMENT_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs"), exclude_characters="\\%$"),
    max_size=40,
).map(lambda s: s.rstrip(" "))
SOURCE_LINES = ("source /etc/network/interfaces.d/*", "source /etc/network/site.d/*")


@st.composite
def host_networks(draw, *, max_nics: int = 6) -> HostNetwork:
    """A valid network in canonical form (see the module docstring)."""
    builder = _Builder(draw)
    builder.nics(draw(st.lists(st.sampled_from(NIC_NAMES), min_size=1, max_size=max_nics, unique=True)))
    for _ in range(draw(st.integers(0, 2))):
        builder.bond()
    for _ in range(draw(st.integers(0, 3))):
        builder.bridge()
    for _ in range(draw(st.integers(0, 4))):
        builder.vlan()
    for _ in range(draw(st.integers(0, 2))):
        builder.other()
    builder.addresses()
    builder.decorate()
    return builder.network()


class _Builder:
    def __init__(self, draw):
        self.draw = draw
        lo = Interface("lo", Kind.LOOPBACK, autostart=True, inet=Family("loopback"))
        self.interfaces: list[Interface] = [lo]
        self.free: list[str] = []  # interfaces not yet enslaved or bridged
        self.subnet = 0

    def _add(self, iface: Interface, *, free: bool = True) -> Interface:
        self.interfaces.append(iface)
        if free:
            self.free.append(iface.name)
        return iface

    def _name_taken(self, name: str) -> bool:
        return any(i.name == name for i in self.interfaces)

    def nics(self, names: list[str]) -> None:
        for name in names:
            mtu = self.draw(st.sampled_from((None, None, 1500, 9000)))
            self._add(Interface(name, Kind.NIC, autostart=self.draw(st.booleans()), inet=Family(), mtu=mtu))

    def _take_members(self, kinds: tuple[Kind, ...], at_most: int) -> list[str]:
        candidates = [n for n in self.free if self._get(n).kind in kinds]
        if not candidates:
            return []
        members = self.draw(st.lists(st.sampled_from(candidates), max_size=at_most, unique=True))
        for name in members:
            self.free.remove(name)
        return sorted(members)

    def _get(self, name: str) -> Interface:
        return next(i for i in self.interfaces if i.name == name)

    def bond(self) -> None:
        slaves = self._take_members((Kind.NIC,), 3)
        if not slaves:
            return
        number = self.draw(st.integers(0, 20).filter(lambda n: not self._name_taken(f"bond{n}")))
        mode = self.draw(st.sampled_from(BOND_MODES))
        settings = BondSettings(
            slaves=slaves,
            mode=mode,
            miimon=self.draw(st.sampled_from((100, 100, 50, 250))),
            xmit_hash_policy=self.draw(st.sampled_from(syn.HASH_POLICIES)) if mode in syn.HASH_MODES else "",
            lacp_rate=self.draw(st.sampled_from(("", "slow", "fast"))) if mode == "802.3ad" else "",
            primary=self.draw(st.sampled_from(slaves)) if mode == "active-backup" else "",
        )
        # ifupdown2 wants a member's MTU to equal the bond's: set it on all or none.
        mtus = {self._get(s).mtu for s in slaves}
        mtu = mtus.pop() if len(mtus) == 1 else None
        if mtu is None:
            for slave in slaves:
                self._get(slave).mtu = None
        for slave in slaves:
            self._get(slave).autostart = True  # the writer forces it, as Proxmox does
        self._add(Interface(f"bond{number}", Kind.BOND, autostart=True, inet=Family(), mtu=mtu, bond=settings))

    def bridge(self) -> None:
        ports = self._take_members((Kind.NIC, Kind.BOND), 2)
        number = self.draw(st.integers(0, 30).filter(lambda n: not self._name_taken(f"vmbr{n}")))
        stp = self.draw(st.sampled_from(("off", "off", "on")))
        fd = self.draw(st.integers(0, 5)) if stp == "off" else self.draw(st.sampled_from((None, 2, 15, 30)))
        vlan_aware = self.draw(st.sampled_from((None, None, True, False)))
        if vlan_aware and any(i.bridge and i.bridge.vlan_aware for i in self.interfaces):
            vlan_aware = None  # stock ifupdown2 allows one VLAN-aware bridge (Proxmox's allows more)
        vids = self.draw(st.sampled_from(("2-4094", "10 20 100-200"))) if vlan_aware else ""
        settings = BridgeSettings(ports=ports, stp=stp, fd=fd, vlan_aware=vlan_aware, vids=vids)
        for port in ports:
            self._get(port).mtu = None  # keeps ifupdown2's MTU checks quiet
        self._add(Interface(f"vmbr{number}", Kind.BRIDGE, autostart=True, inet=Family(), bridge=settings))

    def vlan(self) -> None:
        parents = [i.name for i in self.interfaces if i.name in self.free and i.kind != Kind.OTHER]
        parents = [p for p in parents if p != "lo" and p.count(".") < 2]
        if not parents:
            return
        parent = self.draw(st.sampled_from(parents))
        vid = self.draw(st.integers(1, 4094))
        form = self.draw(st.sampled_from(("dotted", "dotted", "numbered", "named")))
        name = {"dotted": f"{parent}.{vid}", "numbered": f"vlan{vid}", "named": f"net{vid}"}[form]
        if len(name) > 15 or self._name_taken(name):
            return
        protocol = self.draw(st.sampled_from(("", "", "802.1q", "802.1ad")))
        mtu = self._get(parent).mtu
        vlan = VlanSettings(raw_device=parent, vlan_id=vid, protocol=protocol)
        self._add(Interface(name, Kind.VLAN, autostart=True, inet=Family(), mtu=mtu, vlan=vlan))

    def other(self) -> None:
        """A stanza netwizard keeps verbatim: vxlan, dummy, or one it cannot place."""
        number = self.draw(st.integers(0, 99))
        name, options = self.draw(
            st.sampled_from(
                (
                    (f"vxlan{number}", [("vxlan-id", str(number + 1)), ("vxlan-local-tunnelip", "192.0.2.1")]),
                    (f"dummy{number}", [("link-type", "dummy")]),
                    (f"wan{number}", [("hwaddress", "52:54:00:00:00:01")]),
                )
            )
        )
        if not self._name_taken(name):
            self._add(Interface(name, Kind.OTHER, autostart=True, inet=Family(options=options)))

    def addresses(self) -> None:
        """Addresses only where ifupdown2 allows them: on interfaces nothing enslaves."""
        gateways = {4: False, 6: False}
        for iface in self.interfaces:
            if iface.name not in self.free or iface.kind == Kind.LOOPBACK:
                continue
            shape = self.draw(st.sampled_from(("none", "none", "v4", "v6", "dual", "typeless", "dhcp")))
            if shape == "none":
                continue
            if shape == "dhcp":
                iface.inet.method = "dhcp"
                continue
            self.subnet += 1
            v4 = self._address(4, gateways) if shape in ("v4", "dual", "typeless") else None
            v6 = self._address(6, gateways) if shape in ("v6", "dual", "typeless") else None
            options = iface.inet.options
            if shape == "typeless":
                iface.typeless = True
                iface.inet = Family("manual", *v4, options)
                iface.inet6 = Family("manual", *v6)
                continue
            iface.inet = Family("static", *v4, options) if v4 else None
            iface.inet6 = Family("static", *v6, [] if v4 else options) if v6 else None

    def _address(self, version: int, gateways: dict[int, bool]) -> tuple[str, str]:
        if version == 4:
            net = ipaddress.ip_network(f"10.{self.subnet}.0.0/24")
        else:
            net = ipaddress.ip_network(f"fd00:{self.subnet:x}::/64")
        gateway = ""
        if not gateways[version] and self.draw(st.booleans()):
            gateways[version] = True
            gateway = str(net.network_address + 1)
        return f"{net.network_address + 10}/{net.prefixlen}", gateway

    def decorate(self) -> None:
        """Comments and unknown options; the options Proxmox sorts go first, sorted."""
        for iface in self.interfaces[1:]:
            iface.comments = self.draw(st.lists(COMMENT_TEXT, max_size=2))
            if iface.kind == Kind.OTHER:
                continue
            first = iface.inet or iface.inet6
            extra = self.draw(st.lists(st.sampled_from(UNKNOWN_OPTIONS), max_size=2, unique=True))
            first.options = sorted(o for o in first.options if syn.sorted_extra(iface.kind, o[0])) + extra
            if iface.kind == Kind.BOND and iface.bond.mode != "active-backup":
                first.options.append(("bond-updelay", str(iface.bond.miimon * 2)))

    def network(self) -> HostNetwork:
        order = self.draw(st.permutations(self.interfaces))
        positioned = self.draw(st.booleans())
        for position, iface in enumerate(order, start=2):
            iface.position = position if positioned else None
        global_lines = [
            GlobalLine(text, self.draw(st.integers(2, len(order) + 2)))
            for text in self.draw(st.lists(st.sampled_from(SOURCE_LINES), max_size=2, unique=True))
        ]
        return HostNetwork(interfaces=list(order), global_lines=global_lines, hostname="pve1")


# --- Non-canonical models --------------------------------------------------------------


@st.composite
def messy(draw, networks=None) -> HostNetwork:
    """A canonical network changed the ways the writer normalises."""
    network = copy.deepcopy(draw(networks or host_networks()))
    for iface in network.interfaces:
        if iface.bond and draw(st.booleans()):
            iface.bond.slaves = list(reversed(iface.bond.slaves)) + iface.bond.slaves[:1]
            iface.bond.miimon = None
            iface.bond.xmit_hash_policy = iface.bond.xmit_hash_policy or draw(st.sampled_from(syn.HASH_POLICIES))
            iface.bond.primary = iface.bond.primary or (iface.bond.slaves[0] if iface.bond.slaves else "")
        if iface.bridge and draw(st.booleans()):
            iface.bridge.ports = list(reversed(iface.bridge.ports)) * 2
            iface.bridge.fd = None
            iface.bridge.vids = "" if iface.bridge.vlan_aware else "5-6"
        if iface.kind in (Kind.NIC, Kind.BRIDGE) and draw(st.booleans()):
            first = iface.inet or iface.inet6
            first.options.insert(0, ("hwaddress", "52:54:00:ab:cd:ef"))
            first.options.append(("bridge-learning", "on"))  # sorted by the writer
        if draw(st.booleans()):
            iface.autostart = False
    return network


def normalised(network: HostNetwork) -> HostNetwork:
    """The network as its written file reads back: what the writer may change, folded.

    Positions and list order are forgotten, members sorted and unique, defaults filled
    in, settings the mode or STP state does not write dropped, bond members started at
    boot, the options Proxmox sorts moved to the front of the first stanza, sorted,
    empty comments at the end dropped (as Proxmox drops them), NICs the reader assumed
    dropped, and the host name (which only the header carries) dropped.
    """
    net = copy.deepcopy(network)
    # The reader adds a stanza for a NIC the file names but does not define (on_host.py):
    # not part of the model that was written.
    net.interfaces = [i for i in net.interfaces if i.name not in net.assumed_nics]
    net.assumed_nics = []
    if net.get("lo") is None:
        net.interfaces.append(Interface("lo", Kind.LOOPBACK, autostart=True, inet=Family("loopback")))
    slaves = {s for i in net.interfaces if i.kind == Kind.BOND and i.bond for s in i.bond.slaves}
    for iface in net.interfaces:
        iface.position = None
        iface.autostart = iface.autostart or iface.name in slaves
        while iface.comments and not iface.comments[-1]:
            iface.comments.pop()
        if iface.kind == Kind.BOND:
            iface.bond = _normal_bond(iface.bond or BondSettings())
        if iface.kind == Kind.BRIDGE:
            iface.bridge = _normal_bridge(iface.bridge or BridgeSettings())
        if not iface.typeless and iface.inet is None and iface.inet6 is None:
            iface.inet = Family()
        if iface.typeless:
            _normal_typeless(iface)
        if iface.kind != Kind.OTHER:
            first = iface.inet or iface.inet6
            extras = [o for f in iface.families for o in f.options if syn.sorted_extra(iface.kind, o[0])]
            for family in iface.families:
                family.options = [o for o in family.options if not syn.sorted_extra(iface.kind, o[0])]
            first.options[:0] = sorted(extras, key=lambda kv: kv[0])
    net.interfaces.sort(key=lambda i: i.name)
    net.global_lines = [GlobalLine(g.text, 0) for g in sorted(net.global_lines, key=lambda g: g.position)]
    net.duplicate_stanzas = []
    net.hostname = ""  # only the header names the host, and the reader skips headers
    return net


def _normal_bond(bond: BondSettings) -> BondSettings:
    mode = bond.mode or syn.DEFAULT_BOND_MODE
    return BondSettings(
        slaves=sorted(set(bond.slaves)),
        mode=mode,
        miimon=syn.DEFAULT_MIIMON if bond.miimon is None else bond.miimon,
        xmit_hash_policy=bond.xmit_hash_policy if mode in syn.HASH_MODES else "",
        lacp_rate=bond.lacp_rate,
        primary=bond.primary if mode == "active-backup" else "",
    )


def _normal_bridge(bridge: BridgeSettings) -> BridgeSettings:
    stp = bridge.stp or "off"
    fd = bridge.fd
    if stp == "off" and fd is None:
        fd = 0
    if stp == "on" and fd is not None and not 2 <= fd <= 30:
        fd = None
    vids = bridge.vids
    if bridge.vlan_aware is None:
        vids = ""
    elif bridge.vlan_aware and not vids:
        vids = syn.DEFAULT_VIDS
    return BridgeSettings(sorted(set(bridge.ports)), stp, fd, bridge.vlan_aware, vids)


def _normal_typeless(iface: Interface) -> None:
    """One stanza holds both families: the reader files every option under inet."""
    v4, v6 = iface.inet or Family(), iface.inet6 or Family()
    iface.inet = Family("manual", v4.address, v4.gateway, v4.options + v6.options)
    iface.inet6 = Family("manual", v6.address, v6.gateway) if v6.address or v6.gateway else None


# --- Hand-written files ------------------------------------------------------------------

PROXMOX_HEADER = (
    "# network interface settings; autogenerated\n"
    "# Please do NOT modify this file directly, unless you know what\n"
    "# you're doing.\n"
    "#\n"
    "# If you want to manage parts of the network configuration manually,\n"
    "# please utilize the 'source' or 'source-directory' directives to do\n"
    "# so.\n"
    "# PVE will preserve these directives, but will NOT read its network\n"
    "# configuration from sourced files, so do not attempt to move any of\n"
    "# the PVE managed interfaces into external files!\n\n"
)
INDENTS = ("\t", "\t", "    ", "  ", "        ", "\t\t", " \t")
GAPS = (" ", " ", "  ", "\t", "   ")
MODE_NUMBERS = {name: number for number, name in syn.BOND_MODE_NUMBERS.items()}


@st.composite
def hand_written(draw, text: str) -> str:
    """`text`, a file netwizard wrote, as an admin may have typed the same configuration.

    Only changes that keep the meaning: indentation and spacing, members in another order,
    underscore spellings, a netmask line instead of a prefix, defaults left out (bond-miimon
    100, bridge-stp off, bridge-fd 0, bridge-vids 2-4094, the lo stanza), mode numbers,
    no auto line for bond members, allow-hotplug for auto, options the writer drops for
    the bond's mode, comments above the options, extra blank lines and Proxmox's header.
    So `render(parse(hand_written(t)))` is `t` again (header apart).
    """
    network = _parse(text)
    members = {m for i in network.interfaces if i.bond for m in i.bond.slaves}
    drop_lo = draw(st.integers(0, 3)) == 0
    blocks = _blocks(text)
    out: list[str] = []
    for block in blocks:
        if block[0].startswith(("source", "mapping")):
            out += [*block, *[""] * draw(st.sampled_from((1, 1, 2)))]
            continue
        head = block[0].split()
        name = head[1]
        if drop_lo and name == "lo":
            continue
        iface = network.get(name)
        stanza_lines: list[str] = []
        comments: list[str] = []
        seen_address = False
        family = ""
        comments_above = draw(st.booleans())
        for line in block:
            if line.startswith("auto "):
                if name in members and draw(st.booleans()):
                    continue
                stanza_lines.append(f"allow-hotplug {name}" if name != "lo" and draw(st.integers(0, 5)) == 0 else line)
            elif line.startswith("iface "):
                family = line.split()[2] if len(line.split()) > 2 else ""
                gap = draw(st.sampled_from(GAPS))
                stanza_lines.append(line if draw(st.booleans()) else line.replace(" ", gap, 1))
                seen_address = False
            elif line.startswith("#"):
                # All or none move up: their order carries meaning (an empty comment at
                # the end is dropped, one between others is kept).
                (comments if comments_above else stanza_lines).append(line)
            else:
                first_address = line.startswith("\taddress ") and not seen_address
                seen_address = seen_address or line.startswith("\taddress ")
                stanza_lines += _option_variants(draw, iface, family, line[1:], first_address)
        if comments:  # above the options, right under the first iface line
            index = next(i for i, line in enumerate(stanza_lines) if line.startswith("iface"))
            stanza_lines[index + 1 : index + 1] = comments
        out += stanza_lines
        out += [""] * draw(st.sampled_from((1, 1, 2)))
    if out and draw(st.booleans()):
        out.pop()  # no blank line after the last stanza
    header = PROXMOX_HEADER if draw(st.booleans()) else ""
    return header + "\n".join(out) + "\n"


def _blocks(text: str) -> list[list[str]]:
    """The file netwizard wrote, cut into interfaces (auto line, stanzas, comments) and global lines."""
    blocks: list[list[str]] = []
    current: list[str] = []
    lines = text.split("\n")
    while lines and lines[0].startswith("#"):  # netwizard's header
        lines.pop(0)
    for line in lines:
        if not line:
            if current:
                blocks.append(current)
            current = []
        elif line.startswith(("source", "mapping")):
            blocks.append([f"global {line}", line])
        elif line.startswith("iface ") and current and not current[-1].startswith("auto "):
            if current[0].split()[1] == line.split()[1]:  # the inet6 stanza of the same interface
                current.append(line)
            else:
                blocks.append(current)
                current = [line]
        else:
            current.append(line)
    if current:
        blocks.append(current)
    return [b if not b[0].startswith("global ") else b[1:] for b in blocks if b]


def _parse(text: str) -> HostNetwork:
    from netwizard.network.interfaces_file import parse

    return parse(text)


def _bridge_default(key: str, value: str, bridge: BridgeSettings | None) -> bool:
    if (key, value) in (("bridge-stp", "off"), ("bridge-fd", "0")):
        return True
    return (key, value) == ("bridge-vids", syn.DEFAULT_VIDS) and bridge is not None and bool(bridge.vlan_aware)


def _option_variants(draw, iface: Interface | None, family: str, option: str, first_address: bool) -> list[str]:
    """One option line, written another way with the same meaning (or left out)."""
    key, _, value = option.partition(" ")
    indent, gap = draw(st.sampled_from(INDENTS)), draw(st.sampled_from(GAPS))
    bond = iface.bond if iface is not None else None
    bridge = iface.bridge if iface is not None else None
    if key in ("bond-slaves", "bridge-ports") and value != "none":
        value = " ".join(draw(st.permutations(value.split())))
        if draw(st.booleans()):
            key = key.replace("-", "_")
    elif key == "bond-miimon" and value == str(syn.DEFAULT_MIIMON) and draw(st.booleans()):
        return []
    elif key == "bond-mode" and draw(st.booleans()):
        extra = []
        if value not in syn.HASH_MODES and draw(st.booleans()):
            extra.append(f"{indent}bond-xmit-hash-policy{gap}layer2")  # this mode does not hash: dropped
        if value in ("balance-tlb", "balance-alb") and bond and bond.slaves and draw(st.booleans()):
            extra.append(f"{indent}bond-primary{gap}{bond.slaves[0]}")  # kept only for active-backup: dropped
        return [f"{indent}bond-mode{gap}{MODE_NUMBERS[value]}", *extra]
    elif _bridge_default(key, value, bridge) and draw(st.booleans()):
        return []
    elif key == "address" and first_address and family == "inet" and ":" not in value and draw(st.booleans()):
        address = ipaddress.ip_interface(value)
        return [f"{indent}address{gap}{address.ip}", f"{indent}netmask{gap}{address.netmask}"]
    return [f"{indent}{key}{gap}{value}"]


# --- Hostile text ----------------------------------------------------------------------

BREAKERS = ("\n", "\r", "\r\n", "\x85", "\u2028", "\u2029", "\\", "\x00", "\t", "\x0b", "\x0c", "\ufeff", "\xa0")
INJECTIONS = (
    "\n\tpost-up touch /tmp/pwned",
    "${__import__('os').system('reboot')}",
    "<% import os %>",
    "%",
    "\nauto evil\niface evil inet manual",
    "x \\",
    "\r\tpre-up reboot",
    "\u2028\tup reboot",
    "#",
    " ",
    "none",
    "iface",
    "auto",
    "source /etc/shadow",
)


def nasty_text() -> st.SearchStrategy[str]:
    """Strings built to break the file, mixed with ordinary and almost-valid ones."""
    pieces = st.one_of(st.sampled_from(BREAKERS), st.sampled_from(INJECTIONS), st.text(max_size=6))
    return st.one_of(st.lists(pieces, min_size=1, max_size=4).map("".join), st.text(max_size=12))
