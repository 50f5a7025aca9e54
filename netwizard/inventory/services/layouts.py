"""A new host built like one of the two layouts of Proxmox's bonding guide."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from netwizard.network import bonding, rules

from ..choices import AddressMethod
from ..models import Host, Switch
from .bonds import bond_create
from .bridges import bridge_create
from .hosts import host_create
from .interfaces import Addresses
from .nics import nic_create

LAYOUT_UNKNOWN = "Unknown layout {layout!r}."

# The two layouts of Proxmox's bonding guide the wizard can start a host from.
LAYOUT_BOND_STORAGE = "bond-storage"
LAYOUT_BOND_BRIDGE = "bond-bridge"
SEED_LAYOUTS = {
    LAYOUT_BOND_STORAGE: "Bond with its own address for storage; vmbr0 on a separate NIC",
    LAYOUT_BOND_BRIDGE: "Bond as the port of vmbr0, for fault-tolerant guest networking",
}


def host_create_from_layout(
    *, name: str, layout: str, cluster: str = "", description: str = "", switch: Switch | None = None
) -> Host:
    """A new host built like one of the two layouts of Proxmox's bonding guide.

    The NICs are cabled to `switch` when one is given. The bond's mode is what the bond
    step recommends for the same answers (`rules.recommend_bond_mode`): 802.3ad only
    when the switch is known to support LACP; with no switch chosen nothing says it
    does, so active-backup. The answers are stored with the bond, so the bond step asks
    them again as given here.
    """
    if layout not in SEED_LAYOUTS:
        raise ValidationError(LAYOUT_UNKNOWN.format(layout=layout), code="layout")
    answers = {
        "switch_lacp": ("yes" if switch.lacp else "no") if switch else "unknown",
        "topology": "single" if switch else "unknown",
        "carries_cluster": "no",
        "carries": ["storage"] if layout == LAYOUT_BOND_STORAGE else ["guest"],
    }
    recommendation = rules.recommend_bond_mode(answers)
    with transaction.atomic():
        host = host_create(name=name, cluster=cluster, description=description)
        port = iter(range(1, 4))
        names = ["eno1", "eno2", "eno3"] if layout == LAYOUT_BOND_STORAGE else ["eno1", "eno2"]
        nics = [
            nic_create(host=host, name=n, switch=switch, switch_port=f"1/{next(port)}" if switch else "") for n in names
        ]
        bond_fields = {
            "host": host,
            "name": "bond0",
            "members": nics[:2],
            "mode": recommendation.mode,
            "xmit_hash_policy": recommendation.options.get(bonding.HASH_POLICY, ""),
            "answers": answers,
        }
        bridge_address = Addresses(AddressMethod.STATIC, "10.10.10.2/24", "10.10.10.1")
        if layout == LAYOUT_BOND_STORAGE:
            bond_create(**bond_fields, addresses=Addresses(AddressMethod.STATIC, "192.168.1.2/24"))
            bridge_create(host=host, name="vmbr0", ports=[nics[2]], addresses=bridge_address)
        else:
            bond = bond_create(**bond_fields)
            bridge_create(host=host, name="vmbr0", ports=[bond], addresses=bridge_address)
    host.refresh_from_db()
    return host
