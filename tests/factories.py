"""Test inventories built through the services, as real users build them."""

from netwizard.inventory import services
from netwizard.inventory.choices import AddressMethod, BondMode, HashPolicy, InterfaceKind
from netwizard.inventory.models import Host, Switch

# Hosts in the inventory where a test checks that a page's queries do not grow with it: a
# query per host shows as 13 more than at 2 hosts, as plainly as at 40 (a host costs 8
# guarded writes, about 75 ms, so 40 made these tests a tenth of the local suite).
LARGE_INVENTORY = 15


def switch(name: str = "sw1", lacp: bool = True, stack: str = "") -> Switch:
    return services.switch_create(name=name, lacp=lacp, stack=stack)


def host_with_network(name: str, *, switch: Switch | None = None, cluster: str = "lab") -> Host:
    """A typical node: four NICs, an LACP bond under a VLAN-aware bridge, a storage VLAN (8 interfaces)."""
    host = services.host_create(name=name, cluster=cluster)
    nics = [
        services.interface_create(
            host=host, name=f"eno{i}", kind=InterfaceKind.NIC, speed_mbps=10000, switch=switch, switch_port=f"{i}"
        )
        for i in range(1, 5)
    ]
    bond = services.interface_create(
        host=host,
        name="bond0",
        kind=InterfaceKind.BOND,
        bond_mode=BondMode.LACP,
        bond_miimon=100,
        bond_xmit_hash_policy=HashPolicy.LAYER2_3,
        members=nics[:2],
    )
    services.interface_create(
        host=host,
        name="vmbr0",
        kind=InterfaceKind.BRIDGE,
        ipv4_method=AddressMethod.STATIC,
        ipv4_address="10.0.0.2/24",
        ipv4_gateway="10.0.0.1",
        bridge_stp=False,
        bridge_fd=0,
        bridge_vlan_aware=True,
        bridge_vids="2-4094",
        members=[bond],
    )
    services.interface_create(
        host=host,
        name="vmbr1",
        kind=InterfaceKind.BRIDGE,
        bridge_stp=False,
        bridge_fd=0,
        members=[nics[2]],
    )
    services.interface_create(
        host=host,
        name="bond0.50",
        kind=InterfaceKind.VLAN,
        raw_device=bond,
        vlan_id=50,
        ipv4_method=AddressMethod.STATIC,
        ipv4_address="10.50.0.2/24",
    )
    return host


def user(username: str, role: str | None = None, password: str = "a long test password"):
    """A user in the given role's group (viewer or editor), or in none."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission

    from netwizard.inventory.roles import roles_ensure

    account = get_user_model().objects.create_user(username, password=password)
    if role:
        # Transactional tests flush the groups the data migration made; make them again.
        roles_ensure(Group, Permission)
        account.groups.add(Group.objects.get(name=role))
    return account
