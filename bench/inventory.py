"""The benchmark's inventory: hosts of 8 interfaces in clusters of a few nodes, built through the services."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from netwizard.inventory import selectors, services
from netwizard.inventory.models import Host, Switch, file_sha256
from netwizard.inventory.roles import EDITOR
from netwizard.network.interfaces_file import parse, render

# A typical node: two NICs bonded with LACP to an MLAG pair under a VLAN-aware bridge,
# a guest bridge on a third NIC, a storage VLAN, and corosync on its own NIC. With the
# loopback it is 9 stanzas; the 8 interfaces are the ones the inventory counts.
NODE = """auto lo
iface lo inet loopback

iface eno1 inet manual

iface eno2 inet manual

iface eno3 inet manual

auto eno4
iface eno4 inet static
\taddress 10.99.{c}.{n}/24

auto bond0
iface bond0 inet manual
\tbond-slaves eno1 eno2
\tbond-miimon 100
\tbond-mode 802.3ad
\tbond-xmit-hash-policy layer2+3

auto vmbr0
iface vmbr0 inet static
\taddress 10.1.{c}.{n}/24
\tgateway 10.1.{c}.1
\tbridge-ports bond0
\tbridge-stp off
\tbridge-fd 0
\tbridge-vlan-aware yes
\tbridge-vids 2-4094

auto vmbr1
iface vmbr1 inet manual
\tbridge-ports eno3
\tbridge-stp off
\tbridge-fd 0
#guest network

auto bond0.50
iface bond0.50 inet static
\taddress 10.50.{c}.{n}/24
"""

USERNAME = "bench-editor"


def host_name(index: int) -> str:
    return f"pve{index:03d}"


def cluster_name(index: int, cluster_size: int) -> str:
    return f"c{index // cluster_size:02d}"


def switches() -> tuple[Switch, Switch]:
    found = {s.name: s for s in Switch.objects.filter(name__in=["leaf-a", "leaf-b"])}
    if len(found) == 2:
        return found["leaf-a"], found["leaf-b"]
    return (
        services.switch_create(name="leaf-a", lacp=True, stack="leaf"),
        services.switch_create(name="leaf-b", lacp=True, stack="leaf"),
    )


def host_add(index: int, cluster_size: int, leaves: tuple[Switch, Switch]) -> Host:
    """One node, imported from its file (eno4 marked as its corosync link), then cabled to the leaf pair
    through the services, as an editor would in the wizard."""
    c, n = divmod(index, cluster_size)
    network = parse(NODE.format(c=c, n=n + 10))
    network.get("eno4").carries_cluster = True
    host = services.host_import_interfaces(
        name=host_name(index), network=network, cluster=cluster_name(index, cluster_size), description="rack 3"
    )
    rows = {row.name: row for row in host.interfaces.all()}
    for nic, leaf in (("eno1", leaves[0]), ("eno2", leaves[1])):
        services.nic_update(
            nic=rows[nic], name=nic, speed_mbps=25000, mac="", switch=leaf, switch_port=f"Eth1/{index + 1}"
        )
    return host


def inventory_grow(*, hosts: int, cluster_size: int) -> None:
    """Add hosts until the inventory holds `hosts` of them (existing ones are kept)."""
    leaves = switches()
    for index in range(Host.objects.count(), hosts):
        host_add(index, cluster_size, leaves)


def editor():
    user, _ = get_user_model().objects.get_or_create(username=USERNAME)
    user.groups.add(Group.objects.get(name=EDITOR))
    return user


def history_prepare(name: str, *, edits: int = 24) -> None:
    """A host with a past: edited many times, downloaded and applied now and then, changed
    since the last apply (so its page shows a full history and a diff)."""
    host = Host.objects.get(name=name)
    vmbr1 = host.interfaces.get(name="vmbr1")
    for edit in range(edits):
        if edit % 8 == 0:
            text = render(selectors.host_network(host=host))
            services.host_download_record(host=host, text=text)
            services.host_mark_applied(host=host, sha256=file_sha256(text))
        vmbr1.comment = f"guest network, change {edit}"
        services.interface_save(interface=vmbr1)


def nic_speed_toggle(name: str, nic: str) -> Callable[[], None]:
    """A write as the wizard makes it: a NIC's speed changed through the services, the rules run
    before it is kept, and the change recorded. Alternates between two speeds."""
    host = Host.objects.get(name=name)
    state = {"speed": 10000}

    def write() -> None:
        row = host.interfaces.get(name=nic)
        state["speed"] = 35000 - state["speed"]
        services.nic_update(
            nic=row, name=nic, speed_mbps=state["speed"], mac="", switch=row.switch, switch_port=row.switch_port
        )

    return write
