"""What netwizard reads of a Proxmox VE cluster's own configuration: the corosync links
and node addresses in /etc/pve/corosync.conf, the Ceph networks in /etc/ceph/ceph.conf.

Both readers are pure Python and strict (see each module's docstring): a file they cannot
read exactly raises `ConfError`, whose message names the line for the admin.
"""

from .ceph import CephConf, IPNetwork, ceph_parse
from .corosync import (
    MAX_BYTES,
    AddressKind,
    ConfError,
    CorosyncConf,
    CorosyncLink,
    CorosyncNode,
    address_kind,
    corosync_parse,
    corosync_serialise,
)

__all__ = [
    "MAX_BYTES",
    "AddressKind",
    "CephConf",
    "ConfError",
    "CorosyncConf",
    "CorosyncLink",
    "CorosyncNode",
    "IPNetwork",
    "address_kind",
    "ceph_parse",
    "corosync_parse",
    "corosync_serialise",
]
