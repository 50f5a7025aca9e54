"""The demo inventory: the two layouts of the Proxmox bonding guide, behind one LACP switch."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from . import services
from .choices import AddressMethod, InterfaceKind
from .models import Host, Switch
from .roles import EDITOR, VIEWER, roles_ensure

DEMO_SWITCH = "sw-core"
DEMO_CLUSTER = "demo"
DEMO_ADMIN = "demo-admin"
DEMO_ROLE_USERS = {"demo-editor": EDITOR, "demo-viewer": VIEWER}


@dataclass(frozen=True)
class DemoHost:
    """A host of the demo: a layout of the bonding guide, and what the demo knows about it besides."""

    layout: str
    description: str
    bridge_address: str  # each node its own, so the cluster rules find no duplicate address
    first_port: int  # the NICs' ports on the demo switch follow on from the previous host's
    bond_comment: str = ""


DEMO_HOSTS = {
    "pve1": DemoHost(
        layout=services.LAYOUT_BOND_STORAGE,
        description="LACP bond with its own address for the storage network; vmbr0 on a separate NIC.",
        bridge_address="10.10.10.2/24",
        first_port=1,
        bond_comment="Storage network",
    ),
    "pve2": DemoHost(
        layout=services.LAYOUT_BOND_BRIDGE,
        description="LACP bond as the port of vmbr0 for fault-tolerant guest networking.",
        bridge_address="10.10.10.3/24",
        first_port=4,
    ),
}
DEMO_NIC_SPEED = 10000


def demo_mac(port: int) -> str:
    """The demo NIC on switch port `port`: MACs from the range RFC 7042 sets aside for documentation."""
    return f"00:00:5e:00:53:{port:02x}"


def _demo_host_create(name: str, demo: DemoHost, switch: Switch) -> Host:
    """The host as the wizard's "start from a layout" builds it, then the facts a real
    inventory would add: NIC speeds, MACs and switch ports, the bridge's address, its role."""
    host = services.host_create_from_layout(
        name=name, layout=demo.layout, cluster=DEMO_CLUSTER, description=demo.description, switch=switch
    )
    rows = {row.name: row for row in host.interfaces.all()}
    nics = sorted((row for row in rows.values() if row.kind == InterfaceKind.NIC), key=lambda nic: nic.name)
    for port, nic in enumerate(nics, start=demo.first_port):
        services.nic_update(
            nic=nic,
            name=nic.name,
            speed_mbps=DEMO_NIC_SPEED,
            mac=demo_mac(port),
            switch=switch,
            switch_port=f"1/{port}",
        )
    bond, bridge = rows["bond0"], rows["vmbr0"]
    if demo.bond_comment:
        bond.comment = demo.bond_comment
        services.interface_save(interface=bond)
    bridge.is_management = True  # the node's address and gateway: the apply page guards it
    services.interface_addresses_set(
        interface=bridge,
        addresses=services.Addresses(AddressMethod.STATIC, demo.bridge_address, bridge.ipv4_gateway),
        mtu=bridge.mtu,
    )
    return host


def demo_load() -> list[str]:
    """Create whatever of the demo inventory is missing; return what was done, line by line."""
    report = []
    with transaction.atomic():
        switch = Switch.objects.filter(name=DEMO_SWITCH).first()
        if switch is None:
            switch = services.switch_create(
                name=DEMO_SWITCH, lacp=True, notes="Demo core switch; its host ports can form LACP port-channels."
            )
            report.append(f"created switch {DEMO_SWITCH} (supports LACP)")
        for name, demo in DEMO_HOSTS.items():
            if Host.objects.filter(name=name).exists():
                report.append(f"host {name} already exists, left as it is")
            else:
                _demo_host_create(name, demo, switch)
                report.append(f"created host {name}")
    return report


def demo_admin_ensure() -> str | None:
    """Create the demo superuser; return its new password, or None if it already existed."""
    User = get_user_model()
    if User.objects.filter(username=DEMO_ADMIN).exists():
        return None
    password = secrets.token_urlsafe(12)
    User.objects.create_superuser(username=DEMO_ADMIN, email="", password=password)
    return password


def demo_users_ensure() -> list[tuple[str, str, str | None]]:
    """Create the demo account of each role that is missing.

    Returns (user name, role, new password) per account, superuser first; the password
    is None for an account that already existed, whose password is left alone.
    """
    accounts = [(DEMO_ADMIN, "superuser", demo_admin_ensure())]
    roles_ensure(Group, Permission)  # the data migration made them; a flushed database may not have them
    User = get_user_model()
    for username, role in DEMO_ROLE_USERS.items():
        if User.objects.filter(username=username).exists():
            accounts.append((username, role, None))
            continue
        password = secrets.token_urlsafe(12)
        user = User.objects.create_user(username=username, email="", password=password)
        user.groups.add(Group.objects.get(name=role))
        accounts.append((username, role, password))
    return accounts
