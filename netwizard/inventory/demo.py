"""The demo inventory: the two layouts of the Proxmox bonding guide, behind one LACP switch."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from . import services
from .choices import AddressMethod, BondMode, HashPolicy, InterfaceKind
from .models import Host, Switch
from .roles import EDITOR, VIEWER, roles_ensure

DEMO_SWITCH = "sw-core"
DEMO_CLUSTER = "demo"
DEMO_ADMIN = "demo-admin"
DEMO_ROLE_USERS = {"demo-editor": EDITOR, "demo-viewer": VIEWER}


def _nics(host: Host, switch: Switch, names: list[str], first_port: int) -> dict:
    return {
        name: services.interface_create(
            host=host,
            name=name,
            kind=InterfaceKind.NIC,
            autostart=False,
            ipv4_method=AddressMethod.MANUAL,
            speed_mbps=10000,
            switch=switch,
            switch_port=f"1/{first_port + i}",
        )
        for i, name in enumerate(names)
    }


def _lacp_bond(host: Host, **fields):
    return services.interface_create(
        host=host,
        name="bond0",
        kind=InterfaceKind.BOND,
        bond_mode=BondMode.LACP,
        bond_miimon=100,
        bond_xmit_hash_policy=HashPolicy.LAYER2_3,
        **fields,
    )


def _bridge(host: Host, address: str, **fields):
    return services.interface_create(
        host=host,
        name="vmbr0",
        kind=InterfaceKind.BRIDGE,
        ipv4_method=AddressMethod.STATIC,
        ipv4_address=address,
        ipv4_gateway="10.10.10.1",
        bridge_stp=False,
        bridge_fd=0,
        is_management=True,
        **fields,
    )


def _build_storage_bond_host(switch: Switch) -> Host:
    """A bond with its own address for storage; the guests' bridge sits on a third NIC."""
    host = services.host_create(
        name="pve1",
        cluster=DEMO_CLUSTER,
        description="LACP bond with its own address for the storage network; vmbr0 on a separate NIC.",
    )
    nics = _nics(host, switch, ["eno1", "eno2", "eno3"], first_port=1)
    _lacp_bond(
        host,
        members=[nics["eno1"], nics["eno2"]],
        ipv4_method=AddressMethod.STATIC,
        ipv4_address="192.168.1.2/24",
        comment="Storage network",
    )
    _bridge(host, "10.10.10.2/24", members=[nics["eno3"]])
    return host


def _build_bond_bridge_host(switch: Switch) -> Host:
    """The bond is the bridge port: guest traffic survives the loss of a link."""
    host = services.host_create(
        name="pve2",
        cluster=DEMO_CLUSTER,
        description="LACP bond as the port of vmbr0 for fault-tolerant guest networking.",
    )
    nics = _nics(host, switch, ["eno1", "eno2"], first_port=4)
    bond = _lacp_bond(host, members=[nics["eno1"], nics["eno2"]], ipv4_method=AddressMethod.MANUAL)
    _bridge(host, "10.10.10.3/24", members=[bond])
    return host


DEMO_HOSTS = {"pve1": _build_storage_bond_host, "pve2": _build_bond_bridge_host}


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
        for name, build in DEMO_HOSTS.items():
            if Host.objects.filter(name=name).exists():
                report.append(f"host {name} already exists, left as it is")
            else:
                build(switch)
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
