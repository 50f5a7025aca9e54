"""The inventory: switches, Proxmox hosts and every interface of a host.

Rules that hold for a single row live in the models as database constraints, so no writer
can store them wrong. Rules about a whole host's network live in `netwizard.network.rules`
and are applied by the services.

Callers import from this package (`from netwizard.inventory.models import Host`); the
modules hold one concern each:

- validators: what a single value may hold, shared with the wizard's forms, and the name
  grammar as a database constraint
- switches, hosts, interfaces: the rows the network is planned from (a proxy model per
  interface kind gives the admin a page per kind)
- history: the audit history and the files downloaded or applied
- root_commands: the approval of the lines that run as root
- tokens: the API tokens scripts authenticate with
"""

# In the order the models were declared in one module before: Django lists them in the
# order they are defined, and the backup writes its tables in that order.
from .switches import Switch

# isort: split
from .hosts import ClusterConfiguration, FactsDocument, Host
from .interfaces import NIC, VLAN, Bond, Bridge, Interface

# isort: split
from .history import HostChange, HostVerification, StoredFile, file_sha256
from .root_commands import RootCommandReview
from .tokens import ApiToken

# The migrations name these validators by this package's path.
from .validators import (
    HOSTNAME_MESSAGE,
    IFNAME_MESSAGE,
    MAC_MESSAGE,
    validate_cluster_name,
    validate_comment_text,
    validate_hostname,
    validate_ifname,
    validate_json_lines,
    validate_mac,
    validate_one_line,
    validate_text_line_safe,
)

__all__ = [
    "HOSTNAME_MESSAGE",
    "IFNAME_MESSAGE",
    "MAC_MESSAGE",
    "NIC",
    "VLAN",
    "ApiToken",
    "Bond",
    "Bridge",
    "ClusterConfiguration",
    "FactsDocument",
    "Host",
    "HostChange",
    "HostVerification",
    "Interface",
    "RootCommandReview",
    "StoredFile",
    "Switch",
    "file_sha256",
    "validate_cluster_name",
    "validate_comment_text",
    "validate_hostname",
    "validate_ifname",
    "validate_json_lines",
    "validate_mac",
    "validate_one_line",
    "validate_text_line_safe",
]
