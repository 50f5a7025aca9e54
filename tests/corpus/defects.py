"""Single deliberate mistakes that Proxmox's writer or ifupdown2 refuses.

Each injector changes a valid Draft in one place and returns the defect's name, or None
when the file has nothing it applies to (no bond to break, not an OVS host...). Only
mistakes one of the two oracles rejects are here, so "defective" means the same thing
to the generator and to the measurement.
"""

from __future__ import annotations

from collections.abc import Callable

from .draft import Draft, Stanza, draft_find

Injector = Callable[[Draft], "str | None"]


def _checked(draft: Draft) -> list[Stanza]:
    """Stanzas `ifup -a` looks at: those brought up by `auto`. An interface brought up by
    `allow-hotplug` or `allow-vmbr0` only is not checked, so a mistake there goes unseen."""
    return [s for s in draft.stanzas if s.family == "inet" and s.start in ("auto", "auto+allow-ovs")]


def _linux_bonds(draft: Draft) -> list[Stanza]:
    return [s for s in draft.stanzas if any(k in ("bond-slaves", "bond_slaves") for k, _ in s.options)]


def _replace(stanza: Stanza, key: str, value: str) -> None:
    stanza.options = [(k, value if k == key else v) for k, v in stanza.options]


def _bond_mode(draft: Draft, value: str, name: str) -> str | None:
    bonds = _linux_bonds(draft)
    if not bonds:
        return None
    _replace(draft.rng.choice(bonds), "bond-mode", value)
    return name


def bond_mode_lacp(draft: Draft) -> str | None:
    # What people type after reading "LACP" on the switch: ifupdown2 knows only 802.3ad.
    return _bond_mode(draft, "lacp", "bond-mode lacp")


def bond_mode_number(draft: Draft) -> str | None:
    return _bond_mode(draft, "7", "bond-mode number out of range")


def bond_hash_policy(draft: Draft) -> str | None:
    bonds = _linux_bonds(draft)
    if not bonds:
        return None
    bond = draft.rng.choice(bonds)
    bond.options = [(k, v) for k, v in bond.options if k != "bond-xmit-hash-policy"]
    _replace(bond, "bond-mode", "802.3ad")
    bond.option_add("bond-xmit-hash-policy", "layer23")
    return "bond-xmit-hash-policy unknown"


def bond_miimon_text(draft: Draft) -> str | None:
    bonds = _linux_bonds(draft)
    if not bonds:
        return None
    bond = draft.rng.choice(bonds)
    bond.options = [(k, v) for k, v in bond.options if k != "bond-miimon"]
    bond.option_add("bond-miimon", "100ms")
    return "bond-miimon not a number"


def bond_primary_stranger(draft: Draft) -> str | None:
    bonds = _linux_bonds(draft)
    if not bonds:
        return None
    bond = draft.rng.choice(bonds)
    slaves = dict(bond.options).get("bond-slaves") or dict(bond.options)["bond_slaves"]
    others = [n for n in draft.nics if n not in slaves.split()]
    if not others:
        return None
    bond.options = [(k, v) for k, v in bond.options if k not in ("bond-primary", "bond-xmit-hash-policy")]
    _replace(bond, "bond-mode", "active-backup")
    bond.option_add("bond-primary", others[0])
    return "bond-primary not a slave"


def _parent(draft: Draft) -> str:
    """A device a VLAN can sit on: the uplink NIC or bond of vmbr0."""
    bridge = draft_find(draft, "vmbr0")
    if bridge is not None:
        ports = dict(bridge.options).get("bridge-ports", "none").split()
        if ports and ports[0] != "none":
            return ports[0]
    return draft.nics[0]


def vlan_4095(draft: Draft) -> str | None:
    parent = _parent(draft)
    if "ovs" in draft.traits or draft_find(draft, f"{parent}.4095"):
        return None
    spelling = draft.rng.choice(("dotted", "vlanN", "custom"))
    if spelling == "dotted":
        stanza = Stanza(f"{parent}.4095")
    elif spelling == "vlanN":
        stanza = Stanza("vlan4095", options=[("vlan-raw-device", parent)])
    else:
        stanza = Stanza("guests", options=[("vlan-id", "4095"), ("vlan-raw-device", parent)])
    if draft_find(draft, stanza.name):
        return None
    if parent not in " ".join(s.name for s in draft.stanzas):
        # The parent must be a word of the file for Proxmox to know it.
        draft.stanzas.append(Stanza(parent))
    draft.stanzas.append(stanza)
    return "vlan id 4095"


def name_too_long(draft: Draft) -> str | None:
    if "ovs" in draft.traits:
        return None
    parent = _parent(draft)
    stanza = Stanza("storage_backend1", options=[("vlan-id", "301"), ("vlan-raw-device", parent)])
    stanza.method = "static"
    stanza.option_add("address", "10.254.31.5/24")
    draft.stanzas.append(stanza)
    return "name over 15 characters"


def _linux_bridges(draft: Draft) -> list[Stanza]:
    return [s for s in draft.stanzas if s.family == "inet" and "bridge-ports" in dict(s.options)]


def _nic_ports(draft: Draft) -> list[tuple[Stanza, str]]:
    found = []
    for bridge in _linux_bridges(draft):
        for port in dict(bridge.options)["bridge-ports"].split():
            if port in draft.nics:
                found.append((bridge, port))
    return found


def bridge_mtu_over_port(draft: Draft) -> str | None:
    for bridge, port in _nic_ports(draft):
        nic = draft_find(draft, port)
        if "mtu" in dict(bridge.options) or (nic is not None and "mtu" in dict(nic.options)):
            continue
        bridge.option_add("mtu", "9000")
        return "bridge mtu above its port"
    return None


def bridge_port_twice(draft: Draft) -> str | None:
    pairs = _nic_ports(draft)
    if not pairs:
        return None
    port = pairs[0][1]
    draft.stanzas.append(Stanza("vmbr9", options=[("bridge-ports", port), ("bridge-stp", "off"), ("bridge-fd", "0")]))
    return "bridge port used twice"


def bridge_port_address(draft: Draft) -> str | None:
    pairs = _nic_ports(draft)
    if not pairs:
        return None
    port = pairs[0][1]
    nic = draft_find(draft, port)
    if nic is None:
        nic = Stanza(port)
        draft.stanzas.insert(0, nic)
    nic.method = "static"
    nic.option_add("address", "10.253.0.7/24")
    return "address on a bridge port"


def bridge_stp_word(draft: Draft) -> str | None:
    bridges = [b for b in _linux_bridges(draft) if "bridge-stp" in dict(b.options)]
    if not bridges:
        return None
    _replace(draft.rng.choice(bridges), "bridge-stp", "disabled")
    return "bridge-stp not a yes/no value"


def address_octet(draft: Draft) -> str | None:
    # Only the CIDR spelling: with a separate netmask line ifupdown2's check lets it through.
    stanzas = [s for s in _checked(draft) if "/" in dict(s.options).get("address", "")]
    if not stanzas:
        return None
    stanza = draft.rng.choice(stanzas)
    host, prefix = dict(stanza.options)["address"].split("/")
    # One octet too big, as when a digit is typed twice.
    _replace(stanza, "address", f"{host.rsplit('.', 1)[0]}.256/{prefix}")
    return "address octet over 255"


def vlan_protocol_word(draft: Draft) -> str | None:
    vlans = [s for s in draft.stanzas if "." in s.name and s.family == "inet" and ":" not in s.name]
    if not vlans:
        return None
    draft.rng.choice(vlans).option_add("vlan-protocol", "802.1x")
    return "vlan-protocol unknown"


def stanza_twice(draft: Draft) -> str | None:
    plain = [s for s in _checked(draft) if s.name in draft.nics]
    if not plain:
        return None
    first = draft.rng.choice(plain)
    draft.stanzas.append(Stanza(first.name, method=first.method, options=list(first.options), start=first.start))
    return "interface defined twice"


def ovs_port_missing(draft: Draft) -> str | None:
    bridge = draft_find(draft, "vmbr0")
    if "ovs" not in draft.traits or bridge is None:
        return None
    ports = dict(bridge.options)["ovs_ports"]
    _replace(bridge, "ovs_ports", f"{ports} vlan999")
    return "ovs_ports names an undefined port"


def ovs_mtu_over_bridge(draft: Draft) -> str | None:
    bridge = draft_find(draft, "vmbr0")
    if "ovs" not in draft.traits or bridge is None or "ovs_mtu" in dict(bridge.options):
        return None
    ports = [s for s in draft.stanzas if dict(s.options).get("ovs_type") == "OVSIntPort"]
    if not ports:
        return None
    port = draft.rng.choice(ports)
    port.options = [(k, v) for k, v in port.options if k != "ovs_mtu"]
    port.option_add("ovs_mtu", "9000")
    return "ovs_mtu above its bridge"


INJECTORS: tuple[Injector, ...] = (
    bond_mode_lacp,
    bond_mode_number,
    bond_hash_policy,
    bond_miimon_text,
    bond_primary_stranger,
    vlan_4095,
    name_too_long,
    bridge_mtu_over_port,
    bridge_port_twice,
    bridge_port_address,
    bridge_stp_word,
    address_octet,
    vlan_protocol_word,
    stanza_twice,
    ovs_port_missing,
    ovs_mtu_over_bridge,
)


def defect_apply(draft: Draft) -> str | None:
    """One defect from those that apply to the draft, chosen at random."""
    order = list(INJECTORS)
    draft.rng.shuffle(order)
    for injector in order:
        name = injector(draft)
        if name:
            draft.traits.add("defect")
            return name
    return None
