"""Linux bridges, bonds and VLANs: the layouts Proxmox admins build by hand or in the GUI."""

from __future__ import annotations

from .draft import Draft, Stanza, draft_comment, draft_find, draft_ipv4, draft_ipv6, draft_nic, draft_take
from .hooks import hooks_add, stanza_network
from .words import mac_text

BOND_MODES = ("balance-rr", "active-backup", "balance-xor", "broadcast", "802.3ad", "balance-tlb", "balance-alb")
# LACP and active-backup are what the Proxmox docs recommend, so hosts have them most.
MODE_WEIGHTS = (1, 5, 1, 1, 8, 1, 1)


def bond_add(draft: Draft, name: str, slaves: list[str], mtu: int | None = None) -> Stanza:
    rng = draft.rng
    mode = rng.choices(BOND_MODES, MODE_WEIGHTS)[0]
    draft.traits.add(f"bond:{mode}")
    for nic in slaves:
        draft_nic(draft, nic, mtu)
    stanza = Stanza(name)
    key = rng.choices(("bond-slaves", "bond_slaves", "bond-ports"), (12, 2, 1))[0]
    draft.traits.add({"bond-slaves": "bond-slaves", "bond_slaves": "bond-slaves-underscore"}.get(key, "bond-ports"))
    stanza.option_add(key, " ".join(slaves))
    if rng.random() < 0.85:
        stanza.option_add("bond-miimon", rng.choice(("100", "100", "100", "200", "50")))
        draft.traits.add("miimon")
    if rng.random() < 0.2:
        # ifupdown2 takes the kernel's mode numbers as well as the names.
        stanza.option_add("bond-mode", str(BOND_MODES.index(mode)))
        draft.traits.add("bond-mode-number")
    else:
        stanza.option_add("bond-mode", mode)
    if mode in ("802.3ad", "balance-xor") and rng.random() < 0.8:
        stanza.option_add("bond-xmit-hash-policy", rng.choice(("layer2", "layer2+3", "layer2+3", "layer3+4")))
        draft.traits.add("xmit-hash-policy")
    if mode == "802.3ad" and rng.random() < 0.4:
        stanza.option_add("bond-lacp-rate", rng.choice(("fast", "fast", "slow", "1")))
        draft.traits.add("lacp-rate")
    if mode == "active-backup" and rng.random() < 0.5:
        stanza.option_add("bond-primary", slaves[0])
        draft.traits.add("bond-primary")
    if rng.random() < 0.1 and "miimon" in {k.split("-")[-1] for k, _ in stanza.options}:
        # ifupdown2 refuses the delays without link monitoring.
        stanza.option_add("bond-downdelay", "200")
        stanza.option_add("bond-updelay", "200")
        draft.traits.add("unknown-option")
    if mtu:
        stanza.option_add("mtu", str(mtu))
    draft.traits.add("bond")
    draft.stanzas.append(stanza)
    return stanza


def bridge_add(draft: Draft, name: str, ports: list[str], vlan_aware: bool = False, mtu: int | None = None) -> Stanza:
    rng = draft.rng
    stanza = Stanza(name)
    stanza.option_add("bridge-ports", " ".join(ports) if ports else "none")
    if not ports:
        draft.traits.add("bridge-ports-none")
    if rng.random() < 0.08:
        # STP on needs a forward delay Proxmox keeps (2..30).
        stanza.option_add("bridge-stp", rng.choice(("on", "yes")))
        stanza.option_add("bridge-fd", str(rng.choice((2, 4, 15))))
        draft.traits.add("stp-on")
    elif rng.random() < 0.9:
        stanza.option_add("bridge-stp", "off")
        stanza.option_add("bridge-fd", "0")
    if vlan_aware:
        stanza.option_add("bridge-vlan-aware", "yes")
        vids = rng.choice(("2-4094", "2-4094", "2-4094", "10 20 30", "2-100 200-300", "100-199"))
        if rng.random() < 0.9:
            stanza.option_add("bridge-vids", vids)
        draft.traits.add("vlan-aware")
    if mtu:
        stanza.option_add("mtu", str(mtu))
    draft.traits.add("bridge")
    draft.stanzas.append(stanza)
    return stanza


def uplink_add(draft: Draft, mtu: int | None) -> str:
    """What vmbr0 sits on: one NIC, or a bond of two (sometimes four)."""
    rng = draft.rng
    if len(draft.free) >= 2 and rng.random() < 0.5:
        slaves = draft_take(draft, 4 if len(draft.free) >= 5 and rng.random() < 0.2 else 2)
        bond_add(draft, "bond0", slaves, mtu)
        return "bond0"
    nic = draft_take(draft, 1)[0]
    draft_nic(draft, nic, mtu)
    return nic


def vlan_add(draft: Draft, parent: str, vid: int, name: str, mtu: int | None = None) -> Stanza:
    """A VLAN on `parent`: dotted (`eno1.50`), `vlan50` with its raw device, or a custom name
    with both `vlan-id` and `vlan-raw-device`."""
    stanza = Stanza(name)
    if name.startswith("vlan") and name[4:].isdigit():
        stanza.option_add("vlan-raw-device", parent)
        draft.traits.add("vlan-raw-device")
    elif "." not in name:
        for option in draft.rng.sample([("vlan-id", str(vid)), ("vlan-raw-device", parent)], 2):
            stanza.option_add(*option)
        draft.traits.add("custom-vlan")
    else:
        draft.traits.add("dotted-vlan")
    if mtu:
        stanza.option_add("mtu", str(mtu))
    draft.traits.add("vlan")
    draft.stanzas.append(stanza)
    return stanza


def linux_build(draft: Draft) -> None:
    rng = draft.rng
    jumbo = 9000 if rng.random() < 0.15 else None
    uplink = uplink_add(draft, jumbo)
    vlan_aware = rng.random() < 0.35
    bridge = bridge_add(draft, "vmbr0", [uplink], vlan_aware, jumbo)
    management = bridge
    if vlan_aware and rng.random() < 0.4:
        # The management address on a VLAN of the VLAN-aware bridge, as pve-docs shows.
        vid = rng.choice((5, 10, 20, 100))
        management = vlan_add(draft, "vmbr0", vid, f"vmbr0.{vid}")
    if rng.random() < 0.08:
        management.method = "dhcp"
        draft.traits.add("dhcp")
    else:
        draft_ipv4(draft, management, gateway=True)
    if rng.random() < 0.25:
        draft.stanzas.append(draft_ipv6(draft, management.name, gateway=rng.random() < 0.7))
    if rng.random() < 0.3:
        hooks_add(draft, management)
    if rng.random() < 0.15:
        management.option_add("hwaddress", "ether " + mac_text(draft.rng))
        draft.traits.add("hwaddress")
    if rng.random() < 0.12:
        extras_dns(draft, management)
    _extras(draft, uplink)
    for nic in list(draft.free):
        if rng.random() < 0.7:
            draft_nic(draft, nic, may_skip=False)
            draft.free.remove(nic)


def extras_dns(draft: Draft, stanza: Stanza) -> None:
    servers = draft.rng.choice(("1.1.1.1 9.9.9.9", "192.168.1.1", "8.8.8.8  8.8.4.4"))
    stanza.option_add("dns-nameservers", servers)
    if "  " in servers:
        draft.traits.add("spaces-in-value")
    if draft.rng.random() < 0.5:
        stanza.option_add("dns-search", "example.com")
    draft.traits.add("unknown-option")


def _extras(draft: Draft, uplink: str) -> None:
    """The optional pieces a host grows over time, each where NICs are left for it."""
    rng = draft.rng
    if rng.random() < 0.3 and len(draft.free) >= 1:
        _storage(draft)
    if rng.random() < 0.3 and draft.free:
        nic = draft_take(draft, 1)[0]
        stanza = Stanza(nic, start=rng.choice(("auto", "auto", "allow-hotplug")))
        draft_ipv4(draft, stanza, gateway=False)
        if rng.random() < 0.3:
            draft_comment(draft, stanza)
        draft.stanzas.append(stanza)
        draft.traits.add("corosync-nic")
    if rng.random() < 0.18:
        _nat_bridge(draft)
    if rng.random() < 0.2 and draft.free:
        nic = draft_take(draft, 1)[0]
        draft_nic(draft, nic)
        # ifupdown2 allows a single VLAN-aware bridge per host.
        aware = "vlan-aware" not in draft.traits and rng.random() < 0.3
        bridge_add(draft, _next_bridge(draft), [nic], vlan_aware=aware)
    if rng.random() < 0.25:
        _vlan_piece(draft, uplink)
    vid = rng.choice((5, 30, 40))
    if rng.random() < 0.1 and _fits(f"{uplink}.{vid}"):
        # The traditional way to a VLAN: a NIC VLAN as the port of its own bridge.
        port = f"{uplink}.{vid}"
        vlan_add(draft, uplink, vid, port)
        bridge = bridge_add(draft, f"vmbr0v{vid}", [port])
        if rng.random() < 0.5:
            draft_ipv4(draft, bridge, gateway=False)
        draft.traits.add("vlan-bridge")
    if rng.random() < 0.04:
        alias = Stanza("vmbr0:1")
        draft_ipv4(draft, alias, gateway=False)
        draft.stanzas.append(alias)
        draft.traits.add("alias")
    if rng.random() < 0.03:
        _vxlan(draft)


def _fits(name: str) -> bool:
    """Within the kernel's 15 characters (a VLAN of a USB NIC, enx + MAC, is not)."""
    return len(name) <= 15


def _next_bridge(draft: Draft) -> str:
    n = 1
    while draft_find(draft, f"vmbr{n}"):
        n += 1
    return f"vmbr{n}"


def _storage(draft: Draft) -> None:
    """A storage or Ceph network: a bond (or NIC) with its own address, often jumbo frames,
    sometimes on a VLAN of it."""
    rng = draft.rng
    mtu = 9000 if rng.random() < 0.5 else None
    if len(draft.free) >= 2 and rng.random() < 0.6:
        device = "bond1"
        bond_add(draft, device, draft_take(draft, 2), mtu)
    else:
        device = draft_take(draft, 1)[0]
        draft_nic(draft, device, mtu, may_skip=False)
    carrier = draft_find(draft, device)
    vid = rng.choice((100, 101, 200, 4000))
    if rng.random() < 0.3 and _fits(f"{device}.{vid}"):
        carrier = vlan_add(draft, device, vid, f"{device}.{vid}", mtu)
    assert carrier is not None
    draft_ipv4(draft, carrier, gateway=False)
    if rng.random() < 0.4:
        draft_comment(draft, carrier)
    draft.traits.add("storage")


def _nat_bridge(draft: Draft) -> None:
    """An internal bridge without ports whose guests reach out through NAT."""
    rng = draft.rng
    name = _next_bridge(draft)
    bridge = bridge_add(draft, name, [])
    draft_ipv4(draft, bridge, gateway=False)
    network = stanza_network(bridge)
    lines = [
        ("post-up", "echo 1 > /proc/sys/net/ipv4/ip_forward"),
        ("post-up", f"iptables -t nat -A POSTROUTING -s '{network}' -o vmbr0 -j MASQUERADE"),
        ("post-down", f"iptables -t nat -D POSTROUTING -s '{network}' -o vmbr0 -j MASQUERADE"),
    ]
    if rng.random() < 0.2:
        # Copied from the guide with its blank line: ifupdown2 keeps these in the stanza.
        bridge.after_blank.extend(lines)
        draft.traits.add("option-after-blank")
    else:
        bridge.options.extend(lines)
    draft.traits.update(("nat", "hook", "unknown-option"))


def _vlan_piece(draft: Draft, uplink: str) -> None:
    """A VLAN with an address, in one of the three spellings, on a NIC, bond or bridge."""
    rng = draft.rng
    vid = rng.choice((50, 60, 99, 120, 300))
    parent = uplink if rng.random() < 0.6 else "vmbr0"
    if parent == "vmbr0":
        bridge = draft_find(draft, "vmbr0")
        if bridge is None or ("bridge-vlan-aware", "yes") not in bridge.options:
            parent = uplink
    if draft_find(draft, f"{parent}.{vid}"):
        return
    spelling = rng.random()
    if spelling < 0.4 and _fits(f"{parent}.{vid}"):
        name = f"{parent}.{vid}"
    elif spelling < 0.7:
        name = f"vlan{vid}"
    else:
        name = rng.choice(("mgmt", "backup", "ceph", "migration", "cluster")) + str(rng.choice(("", vid)))
    if draft_find(draft, name):
        return
    stanza = vlan_add(draft, parent, vid, name)
    draft_ipv4(draft, stanza, gateway=False)


def _vxlan(draft: Draft) -> None:
    """A VXLAN tunnel behind a bridge, the MTU lowered by the encapsulation."""
    vni = draft.rng.choice((100, 4242, 10000))
    tunnel = Stanza(f"vxlan{vni}")
    tunnel.option_add("vxlan-id", str(vni))
    tunnel.option_add("vxlan-local-tunnelip", f"10.255.0.{draft.rng.randrange(2, 250)}")
    tunnel.option_add("mtu", "1450")
    draft.stanzas.append(tunnel)
    bridge_add(draft, _next_bridge(draft), [tunnel.name], mtu=1450)
    draft.traits.add("vxlan")
