"""A cluster's nodes side by side, with what differs between them marked."""

import dataclasses
import ipaddress
from collections import Counter
from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from netwizard.inventory import selectors
from netwizard.network import bonding
from netwizard.network.model import HostNetwork, Kind
from netwizard.network.rules.findings import SEVERITY_RANK

from ..access import EDIT, viewer_required
from .cluster_config import layout


@dataclass(frozen=True)
class Cell:
    text: str
    differs: bool  # not what most nodes have


@dataclass(frozen=True)
class Row:
    label: str
    cells: list[Cell]


@viewer_required
@require_GET
def cluster_detail(request: HttpRequest, name: str) -> HttpResponse:
    cluster = selectors.cluster_review(name=name)
    if cluster is None:
        raise Http404(f"No host belongs to cluster {name}.")
    networks = [cluster.nodes[host.name][0] for host in cluster.hosts]
    context = {
        "cluster": cluster,
        "sections": [
            ("Bridges", _rows(networks, Kind.BRIDGE, _bridge_text)),
            ("Bonds", _rows(networks, Kind.BOND, _bond_text)),
            ("VLAN interfaces", _rows(networks, Kind.VLAN, _addresses_text)),
            ("Marked as carrying the cluster network", _cluster_rows(networks)),
        ],
        "nodes": [{"host": host, "errors": len(cluster.review(host.name).errors)} for host in cluster.hosts],
        "can_edit": request.user.has_perms(EDIT),
        "findings": _findings(cluster),
    }
    context["role_titles"], context["role_rows"] = layout(cluster)
    return TemplateResponse(request, "wizard/cluster.html", context)


# A node's own findings that the cluster's links decide: shown with the cluster's, as the
# cluster page is where corosync.conf is uploaded and the links are laid out.
LINK_CODES = ("BOND-26",)


def _findings(cluster: selectors.ClusterReview) -> list:
    own = [
        dataclasses.replace(f, host=host.name)
        for host in cluster.hosts
        for f in cluster.review(host.name).findings
        if f.code in LINK_CODES
    ]
    return sorted([*cluster.findings, *own], key=lambda f: (SEVERITY_RANK[f.severity], f.host, f.code))


def _rows(networks: list[HostNetwork], kind: Kind, describe) -> list[Row]:
    names = sorted({i.name for n in networks for i in n.interfaces if i.kind == kind})
    rows = []
    for name in names:
        texts = []
        for network in networks:
            iface = network.get(name)
            texts.append(describe(iface) if iface is not None and iface.kind == kind else "missing")
        rows.append(Row(label=name, cells=_mark(texts, [_same_subnet(t) for t in texts])))
    return rows


def _cluster_rows(networks: list[HostNetwork]) -> list[Row]:
    texts = []
    for network in networks:
        carrying = [i for i in network.interfaces if i.carries_cluster]
        texts.append(", ".join(f"{i.name} {' '.join(i.addresses) or '(no address)'}" for i in carrying) or "not marked")
    return [Row(label="corosync", cells=_mark(texts, [_same_subnet(t) for t in texts]))]


def _same_subnet(text: str) -> str:
    """What a cell is compared by: each node has its own address, so addresses count as
    their subnet (10.99.0.11/24 and 10.99.0.12/24 are the same)."""
    words = []
    for word in text.split(" "):
        try:
            words.append(str(ipaddress.ip_interface(word.rstrip(",")).network) if "/" in word else word)
        except ValueError:
            words.append(word)
    return " ".join(words)


def _mark(texts: list[str], keys: list[str] | None = None) -> list[Cell]:
    """Mark the values whose key (the text unless given) is not the most common one
    (ties: nothing is the norm, and every cell that differs from another is marked)."""
    keys = texts if keys is None else keys
    counts = Counter(keys).most_common()
    norm = counts[0][0] if len(counts) == 1 or counts[0][1] > counts[1][1] else None
    return [
        Cell(text=t, differs=(norm is not None and k != norm) or (norm is None and len(counts) > 1))
        for t, k in zip(texts, keys, strict=True)
    ]


def _mtu(iface) -> str:
    return f" · MTU {iface.mtu}" if iface.mtu else ""


def _bridge_text(iface) -> str:
    bridge = iface.bridge
    aware = f"VLAN aware {bridge.vids or '2-4094'}" if bridge.vlan_aware else "not VLAN aware"
    return f"{aware} · ports {' '.join(bridge.ports) or 'none'}{_mtu(iface)}"


def _bond_text(iface) -> str:
    bond = iface.bond
    return f"{bond.mode or bonding.DEFAULT_MODE} · {' '.join(bond.slaves) or 'no members'}{_mtu(iface)}"


def _addresses_text(iface) -> str:
    return (" ".join(iface.addresses) or "no address") + _mtu(iface)
