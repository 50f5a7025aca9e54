"""The topology diagram: structure, geometry, escaping and determinism of `render_svg`."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netwizard.network.diagram import WRAP_WIDTH, SwitchFacts, dom_id, render_svg
from netwizard.network.diagram.svg import _path
from netwizard.network.model import BondSettings, BridgeSettings, Family, HostNetwork, Interface, Kind, VlanSettings
from tests.examples import examples

SVG = "{http://www.w3.org/2000/svg}"
# DejaVu Sans Mono, the monospace font of Debian's Chromium, advances 0.602 em per character.
MONO_EM = 0.602


@dataclass(frozen=True)
class Finding:
    """Shaped like the rules' findings: the diagram only reads these attributes."""

    code: str
    severity: str
    interface: str
    message: str = ""
    hint: str = ""


# --- building networks ------------------------------------------------------------------


def nic(name: str, port: str = "", switch: str = "sw-core", **kw) -> Interface:
    return Interface(
        name, Kind.NIC, inet=Family("manual"), speed_mbps=10000, switch=switch if port else "", switch_port=port, **kw
    )


def lacp_bond(name: str, slaves: list[str], **kw) -> Interface:
    return Interface(name, Kind.BOND, autostart=True, bond=BondSettings(slaves, "802.3ad", 100, "layer2+3"), **kw)


def bridge(name: str, ports: list[str], **kw) -> Interface:
    return Interface(name, Kind.BRIDGE, autostart=True, bridge=BridgeSettings(ports, "off", 0), **kw)


def loopback() -> Interface:
    return Interface("lo", Kind.LOOPBACK, autostart=True, inet=Family("loopback"))


def storage_bond_host() -> HostNetwork:
    """The guide's first example: an LACP bond with its own address, vmbr0 on a third NIC."""
    return HostNetwork(
        hostname="pve1",
        interfaces=[
            loopback(),
            nic("eno1", "1/1"),
            nic("eno2", "1/2"),
            nic("eno3", "1/3"),
            lacp_bond("bond0", ["eno1", "eno2"], inet=Family("static", "192.168.1.2/24")),
            bridge("vmbr0", ["eno3"], inet=Family("static", "10.10.10.2/24", "10.10.10.1"), is_management=True),
        ],
    )


def bond_bridge_host() -> HostNetwork:
    """The guide's second example: the LACP bond is the port of vmbr0."""
    return HostNetwork(
        hostname="pve2",
        interfaces=[
            loopback(),
            nic("eno1", "1/4"),
            nic("eno2", "1/5"),
            lacp_bond("bond0", ["eno1", "eno2"], inet=Family("manual")),
            bridge("vmbr0", ["bond0"], inet=Family("static", "10.10.10.3/24", "10.10.10.1"), is_management=True),
        ],
    )


SWITCHES = {"sw-core": SwitchFacts(lacp=True)}


def generated_host(nics: int, bonds: int, vlans: int, switches: int = 2) -> HostNetwork:
    """A regular host of any size: bonded NIC pairs, a bridge per bond, VLANs on the bridges."""
    ifaces: list[Interface] = []
    for i in range(nics):
        ifaces.append(nic(f"ens{i}f0", f"Eth1/{i}", switch=f"leaf{i % switches}" if switches else ""))
    for b in range(min(bonds, nics // 2)):
        ifaces.append(lacp_bond(f"bond{b}", [f"ens{2 * b}f0", f"ens{2 * b + 1}f0"]))
        ifaces.append(bridge(f"vmbr{b}", [f"bond{b}"], inet=Family("static", f"10.{b}.0.2/24")))
    for v in range(vlans):
        parent = f"vmbr{v % max(1, min(bonds, nics // 2))}" if bonds and nics >= 2 else "ens0f0"
        ifaces.append(
            Interface(f"{parent}.{100 + v}", Kind.VLAN, vlan=VlanSettings(parent, 100 + v), inet=Family("manual"))
        )
    return HostNetwork(hostname="gen", interfaces=ifaces)


# --- reading the SVG back --------------------------------------------------------------


@dataclass
class Rect:
    x: float
    y: float
    w: float
    h: float

    def overlaps(self, other: Rect) -> bool:
        return (
            self.x < other.x + other.w
            and other.x < self.x + self.w
            and self.y < other.y + other.h
            and other.y < self.y + self.h
        )


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def node_groups(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if "node" in g.get("class", "").split()]


def edge_groups(root: ET.Element) -> dict[str, ET.Element]:
    return {g.get("id"): g for g in root.iter(f"{SVG}g") if "edge" in g.get("class", "").split()}


def name_of(group: ET.Element) -> str:
    names = [t.text for t in group.iter(f"{SVG}text") if t.get("class") == "name"]
    assert len(names) == 1, names
    return names[0] or ""


def box_of(group: ET.Element) -> Rect:
    rects = [r for r in group.iter(f"{SVG}rect") if r.get("class") == "box"]
    assert len(rects) == 1
    r = rects[0]
    return Rect(float(r.get("x")), float(r.get("y")), float(r.get("width")), float(r.get("height")))


def nodes_by_name(root: ET.Element, kind: str) -> dict[str, ET.Element]:
    out: dict[str, ET.Element] = {}
    for g in node_groups(root):
        is_switch = "switch" in g.get("class", "").split()
        if (kind == "switch") == is_switch:
            name = name_of(g)
            assert name not in out, f"{name} drawn twice"
            out[name] = g
    return out


def interface_nodes(root: ET.Element) -> dict[str, ET.Element]:
    return nodes_by_name(root, "interface")


def path_ends(edge: ET.Element) -> tuple[tuple[float, float], tuple[float, float]]:
    d = list(edge.iter(f"{SVG}path"))[-1].get("d")
    numbers = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", d)]
    return (numbers[0], numbers[1]), (numbers[-2], numbers[-1])


def texts(group: ET.Element) -> list[str]:
    return [t.text or "" for t in group.iter(f"{SVG}text")]


def assert_joins(edge: ET.Element, lower: ET.Element, upper: ET.Element) -> None:
    """The edge leaves the top of the lower box and arrives at the bottom of the upper one."""
    (x0, y0), (x1, y1) = path_ends(edge)
    lo, up = box_of(lower), box_of(upper)
    assert lo.x <= x0 <= lo.x + lo.w and y0 == pytest.approx(lo.y, abs=0.06)
    assert up.x <= x1 <= up.x + up.w and y1 == pytest.approx(up.y + up.h, abs=0.06)


def assert_no_overlap(root: ET.Element) -> None:
    boxes = [(name_of(g), box_of(g)) for g in node_groups(root)]
    for i, (a, ra) in enumerate(boxes):
        for b, rb in boxes[i + 1 :]:
            assert not ra.overlaps(rb), f"{a} {ra} overlaps {b} {rb}"


def assert_edges_pass_beside_boxes(root: ET.Element) -> None:
    """Where an edge runs straight up through a row of boxes, it runs between them, never through one.
    (Its curves run in the gaps between rows, where there are no boxes.)"""
    boxes = [(g.get("id"), box_of(g)) for g in node_groups(root)]
    for edge_id_, edge in edge_groups(root).items():
        d = list(edge.iter(f"{SVG}path"))[-1].get("d")
        for (x0, y0), (x1, y1) in _straight_runs(d):
            assert x0 == x1
            top, bottom = min(y0, y1), max(y0, y1)
            for name, b in boxes:
                inside = b.x + 0.5 < x0 < b.x + b.w - 0.5 and b.y + 0.5 < bottom and top < b.y + b.h - 0.5
                assert not inside, f"{edge_id_} runs through {name}"


def _straight_runs(d: str) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """The straight (L) pieces of a path written by the diagram: each from the previous point."""
    runs, here = [], (0.0, 0.0)
    for cmd, args in re.findall(r"([MLC])([^MLC]*)", d):
        numbers = [float(v) for v in args.split()]
        end = (numbers[-2], numbers[-1])
        if cmd == "L":
            runs.append((here, end))
        here = end
    return runs


def relations(network: HostNetwork) -> set[tuple[str, str, str]]:
    out = set()
    for iface in network.interfaces:
        if iface.bond:
            out |= {("member", s, iface.name) for s in iface.bond.slaves}
        if iface.bridge:
            out |= {("port", p, iface.name) for p in iface.bridge.ports}
        if iface.vlan:
            out.add(("vlan", iface.vlan.raw_device, iface.name))
    return out


def edge_id(kind: str, lower: str, upper: str) -> str:
    return f"edge-{kind}-{dom_id('', lower)}__{dom_id('', upper)}"


# --- the two layouts of the Proxmox guide --------------------------------------------------


def test_storage_bond_layout_shows_bond_members_bridge_port_and_cabling():
    root = parse(render_svg(storage_bond_host(), switches=SWITCHES))
    nodes = interface_nodes(root)
    assert set(nodes) == {"eno1", "eno2", "eno3", "bond0", "vmbr0"}  # lo is left out
    switch = nodes_by_name(root, "switch")["sw-core"]
    edges = edge_groups(root)
    assert set(edges) == {
        "edge-member-eno1__bond0",
        "edge-member-eno2__bond0",
        "edge-port-eno3__vmbr0",
        "edge-cable-eno1__sw-core",
        "edge-cable-eno2__sw-core",
        "edge-cable-eno3__sw-core",
    }
    assert_joins(edges["edge-member-eno1__bond0"], nodes["eno1"], nodes["bond0"])
    assert_joins(edges["edge-member-eno2__bond0"], nodes["eno2"], nodes["bond0"])
    assert_joins(edges["edge-port-eno3__vmbr0"], nodes["eno3"], nodes["vmbr0"])
    for n in ("eno1", "eno2", "eno3"):
        assert_joins(edges[f"edge-cable-{n}__sw-core"], switch, nodes[n])
    # Where the addresses live, and what the bond is.
    assert "192.168.1.2/24" in texts(nodes["bond0"])
    assert "LACP (802.3ad)" in texts(nodes["bond0"])
    assert "fault-tolerant" in texts(nodes["bond0"])
    assert {"10.10.10.2/24", "gw 10.10.10.1", "management"} <= set(texts(nodes["vmbr0"]))
    # Each cable's switch port is written on the switch, above where the cable arrives.
    assert {"1/1", "1/2", "1/3"} <= set(texts(switch))
    # Layers: switch at the bottom, NICs above it, bond and bridge on top.
    assert box_of(switch).y > box_of(nodes["eno1"]).y > box_of(nodes["bond0"]).y
    assert box_of(nodes["vmbr0"]).y == box_of(nodes["bond0"]).y


def test_bond_as_bridge_port_layout_stacks_bridge_over_bond_over_nics():
    root = parse(render_svg(bond_bridge_host(), switches=SWITCHES))
    nodes = interface_nodes(root)
    assert set(nodes) == {"eno1", "eno2", "bond0", "vmbr0"}
    edges = edge_groups(root)
    assert set(edges) == {
        "edge-member-eno1__bond0",
        "edge-member-eno2__bond0",
        "edge-port-bond0__vmbr0",
        "edge-cable-eno1__sw-core",
        "edge-cable-eno2__sw-core",
    }
    assert_joins(edges["edge-port-bond0__vmbr0"], nodes["bond0"], nodes["vmbr0"])
    assert box_of(nodes["vmbr0"]).y < box_of(nodes["bond0"]).y < box_of(nodes["eno1"]).y
    assert "10.10.10.3/24" in texts(nodes["vmbr0"])
    assert not any(re.fullmatch(r"[\d.]+/\d+", t) for t in texts(nodes["bond0"]))  # the bond has no address


def test_document_is_a_titled_image_with_matching_size():
    svg = render_svg(storage_bond_host(), switches=SWITCHES)
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert_inert(root)  # also: no style attribute or element, which the site's CSP would block
    width, height = float(root.get("width")), float(root.get("height"))
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    assert width > 0 and height > 0
    assert root[0].tag == f"{SVG}title" and root[0].text == "Network of pve1"
    # Every box lies inside the canvas (the diagram is shifted as a whole to centre it under a wider legend).
    diagram = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "diagram")
    dx = float(re.fullmatch(r"translate\(([\d.]+) 0\)", diagram.get("transform")).group(1))
    for g in node_groups(root):
        b = box_of(g)
        assert b.x + dx >= 0 and b.y >= 0
        assert b.x + dx + b.w <= width and b.y + b.h <= height


def test_legend_explains_the_cues_in_the_drawing():
    root = parse(render_svg(storage_bond_host(), switches=SWITCHES))
    legend = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "legend")
    words = " ".join(texts(legend))
    for phrase in ("bond member or bridge port", "cable to a switch port", "fault-tolerant", "management"):
        assert phrase in words
    assert "error" not in words  # nothing in this host has an error, so the legend does not mention one
    legend_top = float(next(legend.iter(f"{SVG}rect")).get("y"))
    assert all(box_of(g).y + box_of(g).h < legend_top for g in node_groups(root))


# --- structure for any host --------------------------------------------------------------


@st.composite
def networks(draw) -> tuple[HostNetwork, dict[str, SwitchFacts]]:
    """Random but sensible hosts: bonds over free NICs, bridges over anything free, VLANs on anything."""
    n_nics = draw(st.integers(1, 14))
    switch_names = draw(st.lists(st.sampled_from(["sw-a", "sw-b", "sw-c", "sw-d"]), max_size=4, unique=True))
    stacks = {s: draw(st.sampled_from(["", "", "mlag1", "mlag2"])) for s in switch_names}
    ifaces: list[Interface] = [loopback()]
    free: list[str] = []
    for i in range(n_nics):
        sw = draw(st.sampled_from(switch_names)) if switch_names and draw(st.booleans()) else ""
        name = f"eno{i + 1}"
        ifaces.append(nic(name, port=f"1/{i + 1}" if sw else "", switch=sw, mtu=draw(st.sampled_from([None, 9000]))))
        free.append(name)
    for b in range(draw(st.integers(0, 4))):
        k = draw(st.integers(0, min(3, len(free))))
        slaves = free[:k]
        del free[:k]
        mode = draw(st.sampled_from(["802.3ad", "active-backup", "balance-rr", "balance-tlb", "4"]))
        name = f"bond{b}"
        ifaces.append(Interface(name, Kind.BOND, bond=BondSettings(slaves, mode, 100), carries_cluster=b == 1))
        free.append(name)
    vlan_parents = [i.name for i in ifaces if i.kind != Kind.LOOPBACK]
    for v in range(draw(st.integers(0, 8))):
        parent = draw(st.sampled_from(vlan_parents))
        name = f"{parent}.{10 + v}"
        ifaces.append(
            Interface(name, Kind.VLAN, vlan=VlanSettings(parent, 10 + v), inet=Family("static", "10.0.0.1/8"))
        )
        free.append(name)
    for r in range(draw(st.integers(0, 4))):
        k = draw(st.integers(0, min(2, len(free))))
        ports = free[:k]
        del free[:k]
        if draw(st.booleans()):
            ports.append(f"ghost{r}")  # named as a port but never defined
        name = f"vmbr{r}"
        ifaces.append(bridge(name, ports, inet=Family("static", f"10.{r}.0.2/24"), is_management=r == 0))
        free.append(name)
        if draw(st.booleans()):
            ifaces.append(Interface(f"{name}.5", Kind.VLAN, vlan=VlanSettings(name, 5)))
    if draw(st.booleans()):
        ifaces.append(Interface("vxlan1", Kind.OTHER))
    order = draw(st.permutations(ifaces))
    facts = {s: SwitchFacts(lacp=draw(st.booleans()), stack=stacks[s]) for s in switch_names}
    return HostNetwork(hostname="h", interfaces=list(order)), facts


HYPOTHESIS = settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])


# The widths a diagram is laid out for: one row per layer, the host page, the wizard's side panel.
WIDTHS = st.sampled_from([None, WRAP_WIDTH, 520.0])


@HYPOTHESIS
@given(networks(), WIDTHS)
def test_every_interface_is_one_node_and_every_relation_one_edge_between_the_right_nodes(case, max_width):
    network, facts = case
    root = parse(render_svg(network, switches=facts, max_width=max_width))
    nodes = interface_nodes(root)
    defined = {i.name for i in network.interfaces if i.kind != Kind.LOOPBACK}
    named_only = {name for _, lower, _ in relations(network) for name in [lower]} - defined
    assert set(nodes) == defined | named_only
    for name in named_only:
        assert "implicit" in nodes[name].get("class").split()
    edges = edge_groups(root)
    expected = set()
    for kind, lower, upper in relations(network):
        eid = edge_id(kind, lower, upper)
        expected.add(eid)
        assert_joins(edges[eid], nodes[lower], nodes[upper])
    switches = nodes_by_name(root, "switch")
    for iface in network.interfaces:
        if iface.switch:
            eid = edge_id("cable", iface.name, iface.switch)
            expected.add(eid)
            assert_joins(edges[eid], switches[iface.switch], nodes[iface.name])
    assert set(edges) == expected
    assert set(switches) == {i.switch for i in network.interfaces if i.switch}


@HYPOTHESIS
@given(networks(), WIDTHS)
def test_node_boxes_never_overlap_and_stacks_stay_together(case, max_width):
    network, facts = case
    root = parse(render_svg(network, switches=facts, max_width=max_width))
    assert_no_overlap(root)
    assert_edges_pass_beside_boxes(root)
    switches = nodes_by_name(root, "switch")
    for frame in (g for g in root.iter(f"{SVG}g") if g.get("class") == "stack"):
        stack = texts(frame)[0].removeprefix("stack / MLAG: ")
        r = next(frame.iter(f"{SVG}rect"))
        outline = Rect(float(r.get("x")), float(r.get("y")), float(r.get("width")), float(r.get("height")))
        for name, g in switches.items():
            inside = outline.overlaps(box_of(g))
            assert inside == (facts[name].stack == stack), f"{name} and the frame of stack {stack}"


@pytest.mark.parametrize(("nics", "bonds", "vlans"), [(1, 0, 0), (2, 1, 0), (8, 4, 6), (16, 8, 16), (24, 12, 30)])
def test_hosts_from_one_nic_to_eighty_interfaces_have_no_overlaps_and_labels_fit(nics, bonds, vlans):
    network = generated_host(nics, bonds, vlans)
    root = parse(render_svg(network, switches={"leaf0": SwitchFacts(True, "pair"), "leaf1": SwitchFacts(True, "pair")}))
    assert len(interface_nodes(root)) == len(network.interfaces)
    assert_no_overlap(root)
    # Text in a box ends inside it, measured with the real advance of a monospace font.
    for g in node_groups(root):
        box = box_of(g)
        for t in g.iter(f"{SVG}text"):
            if t.get("text-anchor"):
                continue  # centred marks and port labels: the browser test measures those
            right = float(t.get("x")) + len(t.text) * float(t.get("font-size")) * MONO_EM
            assert right <= box.x + box.w - 4, f"{t.text!r} overflows {name_of(g)}"


def test_barycentre_order_keeps_bonds_over_their_own_nics():
    """Two bonds whose members are interleaved by name are drawn side by side, not crossed."""
    network = HostNetwork(
        interfaces=[nic(f"eno{i}") for i in range(1, 5)]
        + [lacp_bond("bond0", ["eno1", "eno3"]), lacp_bond("bond1", ["eno2", "eno4"])]
        + [bridge("vmbr0", ["bond0", "bond1"])]  # one connected drawing, so only the ordering can untangle it
    )
    root = parse(render_svg(network))
    x = {name: box_of(g).x for name, g in interface_nodes(root).items()}
    left, right = sorted(["bond0", "bond1"], key=x.get)
    members = {"bond0": {"eno1", "eno3"}, "bond1": {"eno2", "eno4"}}
    assert max(x[m] for m in members[left]) < min(x[m] for m in members[right])


def test_bonds_across_an_mlag_pair_keep_their_members_together_and_let_the_cables_cross():
    """Which NICs form a bond matters more than tidy cabling: crossings go below the NICs."""
    network = HostNetwork(
        interfaces=[
            nic("a1", "1", "sw-a"),
            nic("a2", "2", "sw-a"),
            nic("b1", "1", "sw-b"),
            nic("b2", "2", "sw-b"),
            lacp_bond("bond0", ["a1", "b1"]),
            lacp_bond("bond1", ["a2", "b2"]),
        ]
    )
    facts = {"sw-a": SwitchFacts(True, "mlag"), "sw-b": SwitchFacts(True, "mlag")}
    nodes = interface_nodes(parse(render_svg(network, switches=facts)))
    order = sorted(["a1", "a2", "b1", "b2"], key=lambda n: box_of(nodes[n]).x)
    assert {frozenset(order[:2]), frozenset(order[2:])} == {frozenset({"a1", "b1"}), frozenset({"a2", "b2"})}


# --- fitting the page: wide hosts wrap instead of shrinking -----------------------------


def vlan_host(vlans: int) -> HostNetwork:
    """An LACP bond under vmbr0 with a VLAN interface per address: vmbr0.20, vmbr0.21, ..."""
    return HostNetwork(
        hostname="pve-vlans",
        interfaces=[nic("eno1", "1/1"), nic("eno2", "1/2"), lacp_bond("bond0", ["eno1", "eno2"])]
        + [bridge("vmbr0", ["bond0"], inet=Family("static", "10.10.10.11/24", "10.10.10.1"))]
        + [
            Interface(f"vmbr0.{v}", Kind.VLAN, vlan=VlanSettings("vmbr0", v), inet=Family("static", f"10.{v}.0.11/24"))
            for v in range(20, 20 + vlans)
        ],
    )


def svg_width(root: ET.Element) -> float:
    return float(root.get("width"))


def test_a_row_too_wide_for_the_page_wraps_like_text():
    """Eleven VLANs in one row are 1600 px: shrunk into a 1100 px page their labels would be
    unreadable, so the row wraps, read top row first and left to right, each VLAN on its own edge."""
    network = vlan_host(11)
    assert svg_width(parse(render_svg(network, switches=SWITCHES, max_width=None))) > 1500
    root = parse(render_svg(network, switches=SWITCHES))
    assert svg_width(root) <= WRAP_WIDTH
    nodes = interface_nodes(root)
    vlans = {name: box_of(g) for name, g in nodes.items() if name.startswith("vmbr0.")}
    assert len({b.y for b in vlans.values()}) == 2
    assert sorted(vlans, key=lambda n: (vlans[n].y, vlans[n].x)) == [f"vmbr0.{v}" for v in range(20, 31)]
    assert all(b.y + b.h < box_of(nodes["vmbr0"]).y for b in vlans.values())
    edges = edge_groups(root)
    for name in vlans:
        assert_joins(edges[edge_id("vlan", "vmbr0", name)], nodes["vmbr0"], nodes[name])
    assert_no_overlap(root)
    assert_edges_pass_beside_boxes(root)


def test_unrelated_parts_go_on_shelves_under_each_other():
    """Ten NICs each with its own bridge are ten unrelated drawings: side by side they are 1300 px."""
    network = HostNetwork(
        interfaces=[nic(f"eno{i}") for i in range(1, 11)]
        + [bridge(f"vmbr{i}", [f"eno{i}"], inet=Family("static", f"10.{i}.0.2/24")) for i in range(1, 11)]
    )
    assert svg_width(parse(render_svg(network, max_width=None))) > WRAP_WIDTH
    root = parse(render_svg(network))
    assert svg_width(root) <= WRAP_WIDTH
    nodes = interface_nodes(root)
    shelves = sorted({box_of(g).y for name, g in nodes.items() if name.startswith("eno")})
    assert len(shelves) == 2
    # Reading order is kept: the first bridges on the top shelf.
    assert box_of(nodes["eno1"]).y == shelves[0] and box_of(nodes["eno10"]).y == shelves[1]
    for i in range(1, 11):
        assert box_of(nodes[f"vmbr{i}"]).y < box_of(nodes[f"eno{i}"]).y
    assert_no_overlap(root)


@pytest.mark.parametrize(("nics", "bonds", "vlans"), [(8, 4, 6), (12, 6, 12), (4, 2, 40), (16, 8, 16)])
def test_busy_hosts_fit_the_page_and_narrow_to_the_side_panel(nics, bonds, vlans):
    """Rows of NICs, bonds, bridges or VLANs wrap to the page; only a switch stack's row (drawn
    whole, its frame around it) may be wider. For the side panel they narrow as far as they
    can while staying followable (a row between others splits in two at most)."""
    network = generated_host(nics, bonds, vlans)
    facts = {"leaf0": SwitchFacts(True, "pair"), "leaf1": SwitchFacts(True, "pair")}
    unwrapped = parse(render_svg(network, switches=facts, max_width=None))
    stack = next(g for g in unwrapped.iter(f"{SVG}g") if g.get("class") == "stack")
    stack_w = float(next(stack.iter(f"{SVG}rect")).get("width"))
    page = parse(render_svg(network, switches=facts))
    assert svg_width(page) <= max(WRAP_WIDTH, stack_w + 48) * 1.05
    panel = parse(render_svg(network, switches=facts, max_width=520.0))
    assert svg_width(panel) <= max(0.7 * svg_width(unwrapped), stack_w + 48)
    for root in (page, panel):
        assert len(interface_nodes(root)) == len(network.interfaces)
        assert_no_overlap(root)
        assert_edges_pass_beside_boxes(root)


def test_a_host_that_fits_is_drawn_as_without_a_width():
    for network in (storage_bond_host(), bond_bridge_host(), generated_host(6, 3, 4)):
        assert render_svg(network, switches=SWITCHES) == render_svg(network, switches=SWITCHES, max_width=None)


# --- what the boxes say --------------------------------------------------------------------


def test_bond_modes_are_labelled_and_their_state_shown():
    network = HostNetwork(
        interfaces=[nic(f"eno{i}") for i in range(1, 8)]
        + [
            Interface("bond0", Kind.BOND, bond=BondSettings(["eno1", "eno2"], "active-backup", 100, primary="eno1")),
            Interface("bond1", Kind.BOND, bond=BondSettings(["eno3", "eno4"], "balance-rr", 100)),
            Interface("bond2", Kind.BOND, bond=BondSettings(["eno5"], "802.3ad", 100, "layer3+4")),
            Interface("bond3", Kind.BOND, bond=BondSettings(["eno6", "eno7"], "4", 100)),
        ]
    )
    nodes = interface_nodes(parse(render_svg(network)))
    assert {"Active-backup", "primary eno1", "fault-tolerant"} <= set(texts(nodes["bond0"]))
    assert {"Round-robin (balance-rr)", "not recommended"} <= set(texts(nodes["bond1"]))
    assert {"LACP (802.3ad)", "hash layer3+4", "single link"} <= set(texts(nodes["bond2"]))
    assert {"LACP (802.3ad)", "fault-tolerant"} <= set(texts(nodes["bond3"]))  # mode given by number


def test_bridge_vlan_mtu_addresses_and_roles_are_labelled():
    network = HostNetwork(
        interfaces=[
            nic("eno1", mtu=9000),
            nic("eno2", mtu=1500),
            Interface(
                "vmbr0",
                Kind.BRIDGE,
                bridge=BridgeSettings(["eno1"], "off", 0, True, "2-4094"),
                inet=Family("static", "10.0.0.2/24", "10.0.0.1"),
                inet6=Family("static", "fd00::2/64", "fd00::1"),
                is_management=True,
            ),
            Interface(
                "vmbr0.50",
                Kind.VLAN,
                vlan=VlanSettings("vmbr0", 50),
                inet=Family("static", "10.50.0.2/24"),
                carries_cluster=True,
            ),
            Interface("vmbr1", Kind.BRIDGE, bridge=BridgeSettings([], "off", 0), inet=Family("dhcp")),
        ]
    )
    root = parse(render_svg(network))
    nodes = interface_nodes(root)
    assert "MTU 9000" in texts(nodes["eno1"])
    assert not any(t.startswith("MTU") for t in texts(nodes["eno2"]))
    assert {"VLAN aware 2-4094", "10.0.0.2/24", "fd00::2/64", "gw fd00::1", "management"} <= set(texts(nodes["vmbr0"]))
    assert "management" in nodes["vmbr0"].get("class").split()
    assert {"VLAN 50", "10.50.0.2/24", "cluster"} <= set(texts(nodes["vmbr0.50"]))
    assert "cluster" in nodes["vmbr0.50"].get("class").split()
    assert {"no ports", "DHCP"} <= set(texts(nodes["vmbr1"]))
    assert_joins(edge_groups(root)["edge-vlan-vmbr0__vmbr0.50"], nodes["vmbr0"], nodes["vmbr0.50"])


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


def test_findings_mark_their_interfaces_by_shape_text_and_colour():
    findings = [
        Finding("BOND-26", "error", "bond0", "cluster network on an LACP bond"),
        Finding("MTU-2", Severity.WARNING, "eno1"),
        Finding("BR-9", "info", "vmbr0"),
        Finding("NAME-1", "error", "eth9"),  # not on this host: ignored
        Finding("FMT-1", "warning", ""),  # about the whole host
    ]
    root = parse(render_svg(storage_bond_host(), switches=SWITCHES, findings=findings))
    nodes = interface_nodes(root)
    bond = nodes["bond0"]
    assert "has-error" in bond.get("class").split()
    assert "error: BOND-26" in texts(bond)
    assert [g.get("class") for g in bond.iter(f"{SVG}g") if "marker" in g.get("class")] == ["marker error"]
    tooltip = bond.find(f"{SVG}title").text.splitlines()
    assert tooltip[:3] == ["bond0", "Linux Bond", "LACP (802.3ad)"]
    assert tooltip[-1] == "error BOND-26: cluster network on an LACP bond"
    assert "has-warning" in nodes["eno1"].get("class").split()
    assert "warning: MTU-2" in texts(nodes["eno1"])
    for quiet in ("vmbr0", "eno2"):  # info findings do not mark a box
        assert not [g for g in nodes[quiet].iter(f"{SVG}g") if "marker" in g.get("class", "")]
    assert box_of(bond) != box_of(nodes["eno2"])
    rect = next(r for r in bond.iter(f"{SVG}rect") if r.get("class") == "box")
    assert rect.get("stroke") != next(r for r in nodes["eno2"].iter(f"{SVG}rect") if r.get("class") == "box").get(
        "stroke"
    )


def test_switch_facts_come_from_objects_or_mappings():
    @dataclass
    class StoredSwitch:  # what the inventory hands over
        name: str
        lacp: bool
        stack: str

    network = HostNetwork(
        interfaces=[nic("eno1", "1", switch="a"), nic("eno2", "2", switch="b"), nic("eno3", "3", "c")]
    )
    switches = {"a": StoredSwitch("a", True, ""), "b": {"lacp": False, "stack": ""}}
    found = nodes_by_name(parse(render_svg(network, switches=switches)), "switch")
    assert "LACP capable" in texts(found["a"])
    assert "no LACP" in texts(found["b"])
    assert "not in the inventory" in texts(found["c"])


def test_a_cycle_between_bonds_still_draws_every_interface():
    network = HostNetwork(
        interfaces=[
            Interface("bond0", Kind.BOND, bond=BondSettings(["bond1"], "active-backup")),
            Interface("bond1", Kind.BOND, bond=BondSettings(["bond0"], "active-backup")),
        ]
    )
    root = parse(render_svg(network))
    assert set(interface_nodes(root)) == {"bond0", "bond1"}
    assert set(edge_groups(root)) == {"edge-member-bond0__bond1", "edge-member-bond1__bond0"}
    assert_no_overlap(root)


def test_loopback_is_left_out_unless_something_refers_to_it():
    alone = HostNetwork(interfaces=[loopback(), nic("eno1")])
    assert set(interface_nodes(parse(render_svg(alone)))) == {"eno1"}
    odd = HostNetwork(interfaces=[loopback(), bridge("vmbr0", ["lo"])])
    assert set(interface_nodes(parse(render_svg(odd)))) == {"lo", "vmbr0"}


# --- safety -------------------------------------------------------------------------------

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><script>alert(1)</script>',
    "a&b;&amp;&#x3c;",
    "]]><svg onload=alert(1)>",
    "' onmouseover='alert(1)",
    "javascript:alert(1)",
    "<foreignObject><body onload=alert(1)/></foreignObject>",
    '<a href="https://evil.example/">x</a>',
    "<style>*{}</style>",
]


def hostile_network(payload: str) -> tuple[HostNetwork, dict, list]:
    network = HostNetwork(
        hostname=payload,
        interfaces=[
            Interface(
                payload,
                Kind.NIC,
                switch=payload,
                switch_port=payload,
                comments=[payload],
                inet=Family("static", payload, payload),
            ),
            Interface(payload + "2", Kind.BOND, bond=BondSettings([payload, payload + "3"], payload)),
            Interface(payload + "4", Kind.VLAN, vlan=VlanSettings(payload + "2", 7)),
            Interface(payload + "5", Kind.OTHER, comments=[payload]),
        ],
    )
    return network, {payload: {"lacp": True, "stack": payload}}, [Finding(payload, "error", payload, payload)]


def assert_inert(root: ET.Element) -> None:
    for el in root.iter():
        tag = el.tag.split("}")[-1].lower()
        assert tag not in ("script", "foreignobject", "style", "a", "image", "use", "iframe", "object")
        for attr in el.attrib:
            local = attr.split("}")[-1].lower()
            assert not local.startswith("on"), attr
            assert local not in ("href", "style", "src"), attr


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_names_and_comments_stay_text(payload):
    network, switches, findings = hostile_network(payload)
    svg = render_svg(network, switches=switches, findings=findings)
    root = parse(svg)
    assert_inert(root)
    assert "<script" not in svg and "<foreignObject" not in svg
    nodes = interface_nodes(root)
    assert {payload, payload + "2", payload + "3", payload + "4", payload + "5"} <= set(nodes)
    assert root.find(f"{SVG}title").text == f"Network of {payload}"
    assert nodes_by_name(root, "switch")[payload] is not None
    for g in root.iter(f"{SVG}g"):
        assert g.get("id") is None or re.fullmatch(r"[A-Za-z][A-Za-z0-9._-]*", g.get("id")), g.get("id")


def test_control_and_direction_characters_are_replaced_not_passed_on():
    name = "eth\x00\x1b[31m\u202egnp.exe\u2028x"
    root = parse(render_svg(HostNetwork(interfaces=[nic(name)])))
    (shown,) = interface_nodes(root)
    assert shown == "eth\ufffd\ufffd[31m\ufffdgnp.exe\ufffdx"


def test_ids_are_distinct_for_distinct_names():
    names = ["a-b", "a_b", "a.b", "a b", "a_2d_b", "a__b", "é", "_e9_"]
    ids = {dom_id("node-", n) for n in names}
    assert len(ids) == len(names)
    assert all(re.fullmatch(r"node-[A-Za-z0-9._-]*", i) for i in ids)


# --- determinism --------------------------------------------------------------------------


def test_same_network_gives_the_same_bytes_whatever_the_interface_order():
    network, _ = generated_host(12, 6, 10), None
    first = render_svg(network, switches=SWITCHES)
    assert render_svg(network, switches=SWITCHES) == first
    shuffled = HostNetwork(hostname=network.hostname, interfaces=list(reversed(network.interfaces)))
    assert render_svg(shuffled, switches=SWITCHES) == first


def test_same_bytes_in_another_process_with_another_hash_seed():
    script = (
        "from tests.network.test_diagram import generated_host, SWITCHES;"
        "from netwizard.network.diagram import render_svg;"
        "import sys; sys.stdout.write(render_svg(generated_host(10, 5, 8), switches=SWITCHES))"
    )
    root = Path(__file__).resolve().parents[2]
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            cwd=root,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1
    assert outputs == {render_svg(generated_host(10, 5, 8), switches=SWITCHES)}


# --- in a real browser ----------------------------------------------------------------------


@pytest.mark.browser
def test_in_chromium_no_text_leaves_its_box_and_no_boxes_overlap(page):
    """What the user sees: the rendered glyphs, not our estimate of them, stay inside each box."""

    svgs = [
        render_svg(storage_bond_host(), switches=SWITCHES),
        render_svg(bond_bridge_host(), switches=SWITCHES),
        render_svg(
            generated_host(12, 6, 12), switches={"leaf0": SwitchFacts(True, "p"), "leaf1": SwitchFacts(True, "p")}
        ),
    ]
    check = """() => {
        const problems = [];
        const boxes = [];
        for (const g of document.querySelectorAll('g.node')) {
            const box = g.querySelector('rect.box').getBBox();
            boxes.push([g.id, box]);
            for (const t of g.querySelectorAll('text')) {
                const b = t.getBBox();
                if (b.x < box.x || b.y < box.y
                    || b.x + b.width > box.x + box.width || b.y + b.height > box.y + box.height)
                    problems.push(`${g.id}: "${t.textContent}" leaves its box`);
            }
        }
        for (let i = 0; i < boxes.length; i++)
            for (let j = i + 1; j < boxes.length; j++) {
                const [a, p] = boxes[i], [b, q] = boxes[j];
                if (p.x < q.x + q.width && q.x < p.x + p.width && p.y < q.y + q.height && q.y < p.y + p.height)
                    problems.push(`${a} overlaps ${b}`);
            }
        return problems;
    }"""
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: errors.append(d.message))
    for svg in svgs:
        page.set_content(f"<!doctype html><html><body>{svg}</body></html>")
        assert page.evaluate(check) == []
    network, switches, findings = hostile_network(PAYLOADS[3])
    page.set_content(
        f"<!doctype html><html><body>{render_svg(network, switches=switches, findings=findings)}</body></html>"
    )
    assert errors == []


def test_a_straight_edge_stays_straight_when_its_ends_round_apart():
    # 457.75 rounds up and 457.7499 down: drawn from both, the edge leaned by 0.1 (found by CI).
    assert _path([(457.75, 10.0), (457.7499, 200.0)]) == "M457.8 10 L457.8 200"
