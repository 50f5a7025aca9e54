"""Reading a cluster's stored configuration (corosync.conf, ceph.conf and the nodes'
/etc/hosts) into what the rules take, `ClusterConfig`: once per host and request.

The texts were read when they were stored; a text the parser no longer reads (a later
netwizard being stricter) counts as absent rather than breaking every page of the cluster.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from netwizard.network.cluster_conf import ConfError, ceph_parse, corosync_parse
from netwizard.network.model import HostNetwork
from netwizard.network.query.roles import ClusterConfig, cluster_roles

from .models import ClusterConfiguration, Host

_CACHE = "_netwizard_cluster_config"
_PARSED = "_netwizard_parsed"


def cluster_config(row: ClusterConfiguration | None, etc_hosts: Mapping[str, str]) -> ClusterConfig | None:
    """The configuration `row` holds, with the nodes' /etc/hosts; None without corosync.conf or ceph.conf."""
    if row is None or not (row.corosync_text or row.ceph_text):
        return None
    # Read once per row: a cluster page reviews every node with the same row.
    if not hasattr(row, _PARSED):
        setattr(row, _PARSED, (_read(row.corosync_text, corosync_parse), _read(row.ceph_text, ceph_parse)))
    corosync, ceph = getattr(row, _PARSED)
    return ClusterConfig(
        corosync=corosync, ceph=ceph, etc_hosts={name: text for name, text in etc_hosts.items() if text}
    )


def _read(text: str, parse):
    if not text:
        return None
    try:
        return parse(text)
    except ConfError:
        return None


def cluster_rows(names: Iterable[str]) -> dict[str, ClusterConfiguration]:
    """The stored configurations of these clusters, in one query."""
    wanted = sorted({n for n in names if n})
    return {row.cluster: row for row in ClusterConfiguration.objects.filter(cluster__in=wanted)} if wanted else {}


def host_cluster_config(host: Host, rows: Mapping[str, ClusterConfiguration] | None = None) -> ClusterConfig | None:
    """The configuration of the host's cluster, as the host itself resolves names; kept on
    the host object, so a page asks the database once however often it reviews the host."""
    if not hasattr(host, _CACHE):
        row = (rows if rows is not None else cluster_rows([host.cluster])).get(host.cluster) if host.cluster else None
        setattr(host, _CACHE, cluster_config(row, {host.name: host.etc_hosts}))
    return getattr(host, _CACHE)


def corosync_links_over(host: Host, network: HostNetwork, name: str) -> list[str] | None:
    """The corosync links the host's cluster configuration runs over interface `name` (a
    bond below the link's interface, or the interface itself), as "link 0 (vmbr0 10.10.10.2)";
    None when netwizard has no corosync.conf for the host's cluster."""
    config = host_cluster_config(host)
    if config is None or config.corosync is None:
        return None
    roles = cluster_roles({host.name: network}, config)
    return [
        f"link {r.link} ({r.interface} {r.configured.ip if r.configured else r.address})"
        for r in roles.links
        if r.node == host.name and r.below is not None and (name == r.interface or name in r.below.bonds)
    ]
