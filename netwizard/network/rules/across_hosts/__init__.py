"""CLUSTER-02 onwards: what must agree between the nodes of one Proxmox cluster.

Each node is checked on its own by `check`; these rules compare the nodes with each
other. `check_cluster(nodes)` returns only the cross-host findings; `check_nodes(nodes)`
adds every node's own findings and is what `lintinterfaces --cluster` and a cluster page
show. `nodes` maps a host name to its network and its context (None: no facts beyond the
file). Every finding names the host it is about (`Finding.host`) and, where there is one,
the interface: the missing bridge, the address, the interface with the odd MTU.

The codes, with their severity and why:

- CLUSTER-02 error: a guest bridge exists on some nodes but not on this one. A guest
  attached to it cannot migrate to the node, and HA cannot recover it there ("bridge
  'vmbr1' does not exist"). Every Linux bridge counts as a guest bridge: Proxmox attaches
  guest NICs to bridges only, and the file cannot say which bridges guests use, so a
  bridge that is truly local (a NAT bridge for one node's test guests) is still reported;
  the hint says how to keep it deliberate. An Open vSwitch bridge of the same name counts
  as present (guests can attach to it), but is otherwise not compared.
- CLUSTER-03 warning: a bridge is VLAN aware on some nodes and not on others. Guests
  still start on both, since Proxmox builds a per-VLAN bridge for a tagged guest on a
  bridge that is not VLAN aware, but VLAN trunks (`trunks=`) only work on VLAN-aware
  bridges and tagged traffic takes a different path on each side of a migration.
- CLUSTER-04 warning: a VLAN-aware bridge allows different VLANs on different nodes
  (`bridge-vids`, Proxmox's 2-4094 when unset). A guest tagged with a VLAN the target
  lacks migrates but silently loses its network; a warning and not an error because a
  narrowed list is often deliberate (NICs with small VLAN filter tables) and netwizard
  cannot know which tags the guests use.
- CLUSTER-05 error: one IP address on two hosts. Whichever answers ARP first gets the
  traffic, so both hosts become unreliable.
- CLUSTER-06 error: the cluster addresses of one corosync link are not in one subnet
  (different prefix lengths, or a node whose cluster address shares no subnet with the
  others). Corosync expects every node to reach the others directly on each link.
- CLUSTER-07 warning: a corosync link that not every node has (a node without an
  address on it, or an address only one node has). Corosync needs an address on every
  link for every node, so the link cannot give that node the redundancy it seems to.
- CLUSTER-08 info: the whole cluster has a single corosync link. Advice, like
  CLUSTER-01: Proxmox supports it, and recommends a second, separate link.
- CLUSTER-09 warning: nodes use different MTUs on the same network. Small packets pass,
  so nothing looks broken, but large ones (migration, storage) between the nodes are
  dropped; the smaller side cannot take what the larger side sends.

Coordination with CLUSTER-01 (a single host with one corosync interface): seen from
the cluster, CLUSTER-07 and CLUSTER-08 say the same thing with more to go on (which
link a node lacks, or that no node has a second link), so `check_nodes` drops a node's
CLUSTER-01 whenever one of them names that node. A node whose only corosync interface
carries two links (IPv4 and IPv6 on one bridge, say) keeps CLUSTER-01: the cluster has
two links there, but the node still has one path.

`cluster_verdict(nodes)` is what a page may say about the cluster as a whole: one clause
per thing these rules compare (bridges, addresses, cluster network, MTUs), each "agree"
only when there were at least two nodes' values to compare and no finding speaks
against it, "not checked" with the reason otherwise (a node without a cluster network,
no bridges at all, a single node).

Where the nodes disagree, the value most nodes share is taken as intended and the others
are reported; when no value has a majority every node is reported, each finding naming
what the others have. Hosts are compared in natural name order (pve2 before pve10), so
the result does not depend on the order the caller lists them in.

One module per concern: `guest_bridges` (CLUSTER-02 to 04), `addresses` (05),
`corosync` (06 to 08), `mtus` (09), `check` (running them all), `verdict` (the clauses),
and `nodes` (what they share: the sorted hosts, majority values, finding order).
"""

from .check import check_cluster, check_nodes
from .clause import AGREE, DIFFER, NOT_CHECKED, Clause
from .nodes import Nodes, natural_key
from .verdict import CLAUSE_CODES, Verdict, cluster_verdict

__all__ = [
    "AGREE",
    "CLAUSE_CODES",
    "DIFFER",
    "NOT_CHECKED",
    "Clause",
    "Nodes",
    "Verdict",
    "check_cluster",
    "check_nodes",
    "cluster_verdict",
    "natural_key",
]
