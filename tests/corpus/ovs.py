"""Open vSwitch hosts, laid out as the Proxmox wiki and admins' files do it."""

from __future__ import annotations

from .draft import Draft, Stanza, draft_comment, draft_ipv4, draft_ipv6, draft_nic, draft_take
from .hooks import hooks_add

BOND_OPTIONS = (
    "bond_mode=balance-slb",
    "bond_mode=balance-tcp lacp=active",
    "bond_mode=active-backup",
    "bond_mode=balance-tcp lacp=active other_config:lacp-time=fast",
    "bond_mode=balance-slb other_config:bond-detect-mode=miimon other_config:bond-miimon-interval=100",
    "lacp=active bond_mode=balance-tcp",
)


def _port_start(draft: Draft, bridge: str) -> str:
    # Older files (and the wiki) bring OVS ports up with `allow-<bridge>`.
    return f"allow-{bridge}" if "ovs-allow" in draft.traits else "auto"


def ovs_build(draft: Draft) -> None:
    rng = draft.rng
    draft.traits.add("ovs")
    if rng.random() < 0.5:
        draft.traits.add("ovs-allow")
    mtu = 9000 if rng.random() < 0.2 else None
    ports: list[str] = []
    if len(draft.free) >= 2 and rng.random() < 0.65:
        slaves = draft_take(draft, 2)
        for nic in slaves:
            draft_nic(draft, nic, mtu, may_skip=False)
        bond = Stanza("bond0", start=_port_start(draft, "vmbr0"))
        bond.option_add("ovs_bonds", " ".join(slaves))
        bond.option_add("ovs_type", "OVSBond")
        bond.option_add("ovs_bridge", "vmbr0")
        options = rng.choice(BOND_OPTIONS)
        bond.option_add("ovs_options", options)
        draft.traits.add("ovs-bond")
        draft.traits.add("ovs-bond:" + options.split("bond_mode=")[1].split()[0])
        if mtu:
            bond.option_add("ovs_mtu", str(mtu))
        draft.stanzas.append(bond)
        ports.append("bond0")
    else:
        nic = draft_take(draft, 1)[0]
        port = Stanza(nic, start=_port_start(draft, "vmbr0"))
        if rng.random() < 0.8:
            # Proxmox adds both lines itself when they are missing.
            port.option_add("ovs_type", "OVSPort")
            port.option_add("ovs_bridge", "vmbr0")
        else:
            draft.traits.add("ovs-port-untyped")
        if mtu:
            port.option_add("ovs_mtu", str(mtu))
        draft.stanzas.append(port)
        ports.append(nic)
    internal = _int_ports(draft, mtu)
    bridge = Stanza("vmbr0")
    if "ovs-allow" in draft.traits:
        bridge.start = "auto+allow-ovs" if rng.random() < 0.6 else "allow-ovs"
    bridge.option_add("ovs_type", "OVSBridge")
    bridge.option_add("ovs_ports", " ".join(ports + [s.name for s in internal]))
    if mtu:
        bridge.option_add("ovs_mtu", str(mtu))
        draft.traits.add("ovs-mtu")
    if not any(s.method == "static" for s in internal):
        draft_ipv4(draft, bridge, gateway=True)
    if rng.random() < 0.3:
        draft_comment(draft, bridge)
    # The wiki lists the bridge before or after its ports; both are read the same.
    draft.stanzas.insert(rng.randrange(len(draft.stanzas) + 1), bridge)
    for nic in list(draft.free):
        if rng.random() < 0.6:
            draft_nic(draft, nic, may_skip=False)
            draft.free.remove(nic)
    if draft.free and rng.random() < 0.3:
        # A Linux NIC for corosync next to the switch: mixed hosts are common.
        nic = draft_take(draft, 1)[0]
        stanza = Stanza(nic)
        draft_ipv4(draft, stanza, gateway=False)
        draft.stanzas.append(stanza)
        draft.traits.add("corosync-nic")


def _int_ports(draft: Draft, mtu: int | None) -> list[Stanza]:
    """One to three internal ports: management (with the gateway), storage, a tagged spare."""
    rng = draft.rng
    made: list[Stanza] = []
    for index in range(rng.choice((0, 1, 1, 2, 3))):
        vid = rng.choice((10, 20, 50, 55, 100, 200, 300))
        if any(f"tag={vid}" in dict(s.options).get("ovs_options", "") for s in made):
            continue
        name = f"vlan{vid}" if rng.random() < 0.6 else rng.choice(("mgmt", "ceph", "storage", "backup")) + str(index)
        if any(s.name == name for s in made):
            continue
        port = Stanza(name, start=_port_start(draft, "vmbr0"))
        if name.startswith("vlan"):
            draft.traits.add("ovs-vlan-name")
        options = [("ovs_type", "OVSIntPort"), ("ovs_bridge", "vmbr0")]
        if rng.random() < 0.9:
            options.append(("ovs_options", f"tag={vid}"))
        if mtu and rng.random() < 0.6:
            options.append(("ovs_mtu", str(mtu if rng.random() < 0.5 else 1500)))
        port.options.extend(options)
        if index == 0 or rng.random() < 0.7:
            draft_ipv4(draft, port, gateway=index == 0)
            if index == 0 and rng.random() < 0.3:
                draft.stanzas.append(port)
                draft.stanzas.append(draft_ipv6(draft, name, gateway=True))
                made.append(port)
                continue
        if rng.random() < 0.15:
            # The wiki's way of naming the port for the controller; ifupdown2 exports IFACE.
            port.option_add("ovs_extra", "set interface ${IFACE} external-ids:iface-id=$(hostname -s)-${IFACE}-vif")
            draft.traits.add("ovs-extra-iface")
        if rng.random() < 0.1:
            hooks_add(draft, port)
        draft.traits.add("ovs-intport")
        draft.stanzas.append(port)
        made.append(port)
    return made
