"""The topology diagram of one host: switches, NICs, bonds, bridges, VLANs and addresses, as SVG.

`render_svg(network, switches=..., findings=...)` is the whole interface: it returns a
complete SVG document as text, the same bytes for the same input. The layout is in
`layout` (a package: where each box and edge goes), the measuring, drawing and escaping
in `svg`; this module decides what the diagram says about each interface.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .. import bonding
from ..model import HostNetwork, Interface, Kind
from . import layout, svg
from .svg import Badge, EdgeView, LegendItem, NodeView, TextLine

# The two modes the project recommends: LACP when the switch can, active-backup otherwise.
RECOMMENDED_MODES = frozenset(bonding.RECOMMENDED_MODES)
# The width the diagram is laid out to fit: the host and review pages show it this wide in a
# 1280 px window, so it is drawn at its natural size there. A wider host wraps (see
# layout.layout) rather than only shrinking: a dozen VLAN interfaces in one row are
# 2700 px, which scaled into the page would leave 4 px text. Narrower places (the wizard's
# side panel) ask for their own width.
WRAP_WIDTH = 1080.0
NAME_COLUMNS = 64  # Linux names have at most 15; only a pasted oddity is ever cut (the tooltip keeps it whole)

CAPTIONS = {
    Kind.NIC: "NETWORK DEVICE",
    Kind.BOND: "LINUX BOND",
    Kind.BRIDGE: "LINUX BRIDGE",
    Kind.VLAN: "LINUX VLAN",
    Kind.OTHER: "OTHER (KEPT AS IS)",
    Kind.LOOPBACK: "LOOPBACK",
}
KIND_WORDS = {
    Kind.NIC: "Network device",
    Kind.BOND: "Linux Bond",
    Kind.BRIDGE: "Linux Bridge",
    Kind.VLAN: "Linux VLAN",
    Kind.OTHER: "Kept as written (not interpreted)",
    Kind.LOOPBACK: "Loopback",
}
SHAPES = {Kind.NIC: "nic", Kind.BOND: "bond", Kind.BRIDGE: "bridge", Kind.VLAN: "vlan"}
RELATION_TEXT = {
    "member": "{lower} is a member of bond {upper}",
    "port": "{lower} is a port of bridge {upper}",
    "vlan": "{upper} is a VLAN on {lower}",
    "cable": "{upper} is cabled to switch {lower}",
}


@dataclass(frozen=True)
class SwitchFacts:
    """What the diagram needs to know about a switch; inventory Switch objects fit as they are."""

    lacp: bool | None = None
    stack: str = ""


def render_svg(
    network: HostNetwork,
    *,
    switches: Mapping[str, Any] | None = None,
    findings: Iterable[Any] = (),
    max_width: float | None = WRAP_WIDTH,
) -> str:
    """The host's network as an SVG document.

    The drawing is laid out to be at most about `max_width` wide (None: one row per
    layer, however wide); only a switch stack's row (never split) or a row with edges
    above and below it (split in two at most) can leave it wider. Pages scale the image
    down to their column when it is wider than that.

    `switches` maps a switch name to its facts (anything with `lacp` and `stack`, as
    attributes or keys). `findings` are objects with `interface`, `severity` and `code`
    (and optionally `message`), such as `rules.Finding`.
    """
    scene = _Scene(network, switches or {}, list(findings))
    measured = {n.key: svg.measure(n) for n in scene.nodes}
    placed = layout.layout(
        [
            layout.LayoutNode(
                key=n.key,
                width=measured[n.key][0],
                height=measured[n.key][1],
                min_layer=0 if n.shape == "switch" else (1 if n.shape in ("nic", "other", "implicit") else 2),
                sort_key=(0 if n.shape == "switch" else 1, natural_key(n.key)),
                group=n.group,
                pitch=measured[n.key][2],
            )
            for n in scene.nodes
        ],
        [
            layout.LayoutEdge(e.key, e.lower, e.upper, crossing_weight=0.4 if e.kind == "cable" else 1.0)
            for e in scene.edges
        ],
        top=64.0,
        max_width=max_width,
    )
    return svg.draw(
        title=scene.title,
        heading=scene.heading,
        summary=scene.summary,
        nodes=scene.nodes,
        edges=scene.edges,
        layout=placed,
        legend=scene.legend(),
        max_width=max_width,
    )


def natural_key(text: str) -> tuple[tuple[int, int, str], ...]:
    """eno2 before eno10; stable for any text."""
    return tuple((0, int(p), p) if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", text) if p)


def dom_id(prefix: str, name: str) -> str:
    """An XML id from any name, one to one: ASCII letters, digits, '.' and '-' stay, anything else is _hex_.

    An escape always has a digit between its underscores, so `__` can join two names unambiguously.
    """
    return prefix + "".join(ch if (ch.isascii() and ch.isalnum()) or ch in ".-" else f"_{ord(ch):x}_" for ch in name)


def _fact(facts: Any, name: str, default: Any) -> Any:
    if isinstance(facts, Mapping):
        return facts.get(name, default)
    return getattr(facts, name, default)


def _severity(finding: Any) -> str:
    value = getattr(finding, "severity", "")
    return str(getattr(value, "value", value)).lower()


def _speed(mbps: int) -> str:
    if mbps >= 1000:
        return f"{mbps / 1000:g} Gbit/s"
    return f"{mbps} Mbit/s"


class _Scene:
    """Nodes and edges with their labels, from the host's interfaces."""

    def __init__(self, network: HostNetwork, switches: Mapping[str, Any], findings: list[Any]) -> None:
        self.network = network
        self.switches = switches
        self.nodes: list[NodeView] = []
        self.edges: list[EdgeView] = []
        self.cues: set[str] = set()
        self.findings: dict[str, list[Any]] = {}
        for f in findings:
            name = getattr(f, "interface", "") or ""
            if _severity(f) in ("error", "warning", "info") and name:
                self.findings.setdefault(str(name), []).append(f)

        ifaces: dict[str, Interface] = {}
        for iface in network.interfaces:
            ifaces.setdefault(iface.name, iface)  # a repeated name is drawn once
        relations = self._relations(ifaces)
        referenced = {name for _, lower, upper in relations for name in (lower, upper)}
        shown = {n: i for n, i in ifaces.items() if i.kind != Kind.LOOPBACK or n in referenced}
        implicit = sorted(referenced - set(shown), key=natural_key)

        for name in sorted(shown, key=natural_key):
            self.nodes.append(self._interface_node(shown[name]))
        for name in implicit:
            self.nodes.append(self._implicit_node(name))
            self.cues.add("implicit")
        seen: set[tuple[str, str, str]] = set()
        for kind, lower, upper in relations:
            if (kind, lower, upper) in seen:
                continue
            seen.add((kind, lower, upper))
            self.edges.append(
                EdgeView(
                    key=f"{kind}\0{lower}\0{upper}",
                    dom_id=f"edge-{kind}-{dom_id('', lower)}__{dom_id('', upper)}",
                    kind=kind,
                    lower="i:" + lower,
                    upper="i:" + upper,
                    tooltip=RELATION_TEXT[kind].format(lower=lower, upper=upper),
                )
            )
            self.cues.add(f"edge-{'port' if kind == 'member' else kind}")
        self._add_switches(shown)
        self.title, self.heading, self.summary = self._texts(shown, implicit)

    # --- relations -----------------------------------------------------------------

    @staticmethod
    def _relations(ifaces: dict[str, Interface]) -> list[tuple[str, str, str]]:
        out = []
        for name in sorted(ifaces, key=natural_key):
            iface = ifaces[name]
            if iface.bond:
                out += [("member", s, name) for s in iface.bond.slaves if s and s != name]
            if iface.bridge:
                out += [("port", p, name) for p in iface.bridge.ports if p and p != name]
            if iface.vlan and iface.vlan.raw_device and iface.vlan.raw_device != name:
                out.append(("vlan", iface.vlan.raw_device, name))
        return out

    # --- nodes ---------------------------------------------------------------------

    def _interface_node(self, iface: Interface) -> NodeView:
        lines = [
            TextLine(CAPTIONS[iface.kind], "caption"),
            TextLine(svg.shorten(iface.name, NAME_COLUMNS), "name"),
        ]
        badges: list[Badge] = []
        tip = [iface.name, KIND_WORDS[iface.kind]]
        if iface.kind == Kind.BOND and iface.bond:
            mode = bonding.get_mode(iface.bond.mode)
            if mode is not None:
                tip += [mode.label, mode.summary]
            lines += self._bond_lines(iface, badges, tip)
        details_from = len(lines)
        if iface.kind == Kind.BRIDGE and iface.bridge:
            br = iface.bridge
            if br.vlan_aware:
                lines.append(TextLine(f"VLAN aware {br.vids}".rstrip(), "detail"))
            if br.stp and br.stp.lower() in ("on", "yes"):
                lines.append(TextLine("STP on", "detail"))
            if not br.ports:
                lines.append(TextLine("no ports", "detail"))
        if iface.kind == Kind.VLAN and iface.vlan:
            proto = " (802.1ad)" if iface.vlan.protocol == "802.1ad" else ""
            lines.append(TextLine(f"VLAN {iface.vlan.vlan_id}{proto}", "detail"))
        if iface.speed_mbps:
            lines.append(TextLine(_speed(iface.speed_mbps), "detail"))
        if iface.kind == Kind.NIC and iface.mac:
            lines.append(TextLine(f"MAC {iface.mac}", "detail"))
        if iface.switch_port and not iface.switch:
            lines.append(TextLine(svg.shorten(f"switch port {iface.switch_port}"), "detail"))
        if iface.mtu and iface.mtu != 1500:
            lines.append(TextLine(f"MTU {iface.mtu}", "detail"))
        lines += self._address_lines(iface)
        tip += [ln.text for ln in lines[details_from:]]
        if iface.comments:
            lines += [TextLine(text, "comment") for text in svg.wrap(iface.comments[0], 30)]
            tip += [f"# {c}" for c in iface.comments]
        if iface.carries_cluster:
            badges.append(Badge("cluster", "cluster"))
            self.cues.add("badge-cluster")
            tip.append("carries the cluster network")
        if iface.is_management:
            badges.append(Badge("management", "mgmt"))
            self.cues.add("badge-mgmt")
            tip.append("management address")
        severity = self._finding_lines(iface.name, lines, tip)
        return NodeView(
            key="i:" + iface.name,
            dom_id=dom_id("node-", iface.name),
            shape=SHAPES.get(iface.kind, "other"),
            tooltip="\n".join(tip),
            lines=lines,
            badges=badges,
            severity=severity,
            extra_class=" ".join(
                c for c, on in (("cluster", iface.carries_cluster), ("management", iface.is_management)) if on
            ),
        )

    def _bond_lines(self, iface: Interface, badges: list[Badge], tip: list[str]) -> list[TextLine]:
        bond = iface.bond
        assert bond is not None
        mode = bonding.get_mode(bond.mode)
        if mode is not None:
            lines = [TextLine(text, "detail") for text in svg.wrap(mode.label)]
        else:
            lines = [TextLine(svg.shorten(f"mode {bond.mode}") if bond.mode else "mode not set", "detail")]
        name = mode.name if mode else ""
        if bonding.written(name, bonding.HASH_POLICY) and bond.xmit_hash_policy:
            lines.append(TextLine(svg.shorten(f"hash {bond.xmit_hash_policy}"), "detail"))
            tip.append(f"hash policy {bond.xmit_hash_policy}")
        if name == bonding.ACTIVE_BACKUP.name and bond.primary:
            lines.append(TextLine(svg.shorten(f"primary {bond.primary}"), "detail"))
            tip.append(f"primary member {bond.primary}")
        links = len(dict.fromkeys(s for s in bond.slaves if s))
        if links < 2:
            badges.append(Badge("single link" if links else "no links", "caution"))
            self.cues.add("badge-single")
        elif mode is not None and mode.fault_tolerant and name in RECOMMENDED_MODES:
            badges.append(Badge("fault-tolerant", "ok", check=True))
            self.cues.add("badge-ok")
        else:
            badges.append(Badge("not recommended", "caution"))
            self.cues.add("badge-caution")
        return lines

    @staticmethod
    def _address_lines(iface: Interface) -> list[TextLine]:
        lines = []
        for fam, six in ((iface.inet, False), (iface.inet6, True)):
            if fam is None:
                continue
            if fam.address:
                lines.append(TextLine(svg.shorten(fam.address), "address"))
            elif fam.method == "dhcp":
                lines.append(TextLine("DHCPv6" if six else "DHCP", "address"))
            elif fam.method == "auto" and six:
                lines.append(TextLine("IPv6 auto (SLAAC)", "address"))
            if fam.gateway:
                lines.append(TextLine(svg.shorten(f"gw {fam.gateway}"), "gateway"))
        return lines

    def _finding_lines(self, name: str, lines: list[TextLine], tip: list[str]) -> str:
        found = self.findings.get(name, [])
        worst = ""
        for severity in ("error", "warning"):
            codes = sorted({str(getattr(f, "code", "")) for f in found if _severity(f) == severity})
            if not codes:
                continue
            worst = worst or severity
            self.cues.add(f"marker-{severity}")
            shown = codes[:3] + ([f"+{len(codes) - 3}"] if len(codes) > 3 else [])
            lines.append(TextLine(svg.shorten(f"{severity}: {' '.join(shown)}"), severity))
        for f in sorted(found, key=lambda f: (_severity(f), str(getattr(f, "code", "")))):
            message = getattr(f, "message", "")
            tip.append(f"{_severity(f)} {getattr(f, 'code', '')}" + (f": {message}" if message else ""))
        return worst

    def _implicit_node(self, name: str) -> NodeView:
        lines = [TextLine("NOT IN THE FILE", "caption"), TextLine(svg.shorten(name, NAME_COLUMNS), "name")]
        tip = [name, "Named by another interface but has no stanza of its own"]
        severity = self._finding_lines(name, lines, tip)
        return NodeView(
            key="i:" + name,
            dom_id=dom_id("node-", name),
            shape="implicit",
            tooltip="\n".join(tip),
            lines=lines,
            severity=severity,
        )

    def _add_switches(self, shown: dict[str, Interface]) -> None:
        cabled: dict[str, list[Interface]] = {}
        for name in sorted(shown, key=natural_key):
            iface = shown[name]
            if iface.switch:
                cabled.setdefault(iface.switch, []).append(iface)
        for switch in sorted(cabled, key=natural_key):
            facts = self.switches.get(switch)
            lacp = _fact(facts, "lacp", None) if facts is not None else None
            stack = str(_fact(facts, "stack", "") or "") if facts is not None else ""
            lines = [TextLine("SWITCH", "caption"), TextLine(svg.shorten(switch, NAME_COLUMNS), "name")]
            if lacp is True:
                lines.append(TextLine("LACP capable", "detail"))
            elif lacp is False:
                lines.append(TextLine("no LACP", "detail"))
            elif facts is None and self.switches:
                lines.append(TextLine("not in the inventory", "detail"))
            tabs = {}
            for iface in cabled[switch]:
                key = f"cable\0{switch}\0{iface.name}"
                tabs[key] = svg.shorten(iface.switch_port or "?", 12)
                self.edges.append(
                    EdgeView(
                        key=key,
                        dom_id=f"edge-cable-{dom_id('', iface.name)}__{dom_id('', switch)}",
                        kind="cable",
                        lower="s:" + switch,
                        upper="i:" + iface.name,
                        tooltip=f"{iface.name} is cabled to {switch}"
                        + (f" port {iface.switch_port}" if iface.switch_port else ""),
                    )
                )
            self.cues.add("edge-cable")
            if stack:
                self.cues.add("group")
            self.nodes.append(
                NodeView(
                    key="s:" + switch,
                    dom_id=dom_id("switch-", switch),
                    shape="switch",
                    tooltip="\n".join(
                        [switch, "Switch"]
                        + [ln.text for ln in lines[2:]]
                        + ([f"stack / MLAG group {stack}"] if stack else [])
                    ),
                    lines=lines,
                    group=stack,
                    tabs=tabs,
                )
            )

    # --- texts ---------------------------------------------------------------------

    def _texts(self, shown: dict[str, Interface], implicit: list[str]) -> tuple[str, str, str]:
        host = self.network.hostname
        title = f"Network of {host}" if host else "Network of the host"
        counts = []
        for kind, word in ((Kind.NIC, "NIC"), (Kind.BOND, "bond"), (Kind.BRIDGE, "bridge"), (Kind.VLAN, "VLAN")):
            n = sum(1 for i in shown.values() if i.kind == kind)
            if n:
                counts.append(f"{n} {word}{'s' if n != 1 else ''}")
        switches = sum(1 for n in self.nodes if n.shape == "switch")
        if switches:
            counts.append(f"{switches} switch{'es' if switches != 1 else ''}")
        severities = [_severity(f) for fs in self.findings.values() for f in fs]
        for severity in ("error", "warning"):
            n = severities.count(severity)
            if n:
                counts.append(f"{n} {severity}{'s' if n != 1 else ''}")
        summary = " · ".join(counts) or "no interfaces"
        return title, svg.shorten(title, 80), summary

    def legend(self) -> list[LegendItem]:
        catalogue = [
            ("edge-port", LegendItem("edge-port", "bond member or bridge port")),
            ("edge-vlan", LegendItem("edge-vlan", "VLAN on its parent")),
            ("edge-cable", LegendItem("edge-cable", "cable to a switch port")),
            ("badge-ok", LegendItem("badge-ok", "bond in a recommended mode, 2+ links", "fault-tolerant")),
            ("badge-caution", LegendItem("badge-caution", "mode other than LACP/active-backup", "not recommended")),
            ("badge-single", LegendItem("badge-caution", "bond with fewer than two links", "single link")),
            ("badge-cluster", LegendItem("badge-cluster", "carries the cluster network", "cluster")),
            ("badge-mgmt", LegendItem("badge-mgmt", "management address", "management")),
            ("marker-error", LegendItem("marker-error", "has an error finding")),
            ("marker-warning", LegendItem("marker-warning", "has a warning")),
            ("implicit", LegendItem("implicit", "named, but not defined in the file")),
            ("group", LegendItem("group", "switch stack / MLAG pair")),
        ]
        return [item for cue, item in catalogue if cue in self.cues]
