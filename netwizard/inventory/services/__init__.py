"""Every write to the inventory goes through here.

Views, the admin, the import and the management commands call these functions and
never save models themselves. Each service

- validates the rows (`full_clean`, which also checks the database constraints),
- writes inside one transaction and bumps the host's `version`, so an edit made from a
  stale page is detected,
- runs the rules on the host's resulting network and refuses the change when it adds
  an error finding (`RulesRefused`, which carries the findings). Warnings are not
  stored anywhere; pages recompute them.

The one exception is the import: it stores what a host really runs, errors included,
because reviewing that file is the point of importing it. It is also the one write of
thousands of rows, so it checks the fields in memory and leaves the constraints to the
database as it inserts in bulk (`full_clean` asks one query per row and constraint),
with the same messages when a row is refused.

The wizard has one service per change its forms make (`nic_*`, `bond_*`, `bridge_*`,
`vlan_*`, `host_create_from_layout`). Each validates, then writes through `host_save` /
`interface_save`, so the rules hold exactly as for every other writer. `expected_version`
is the host version the form was rendered with: a change made from a stale page is
refused (ValidationError, code "stale").

Callers import this package (`from netwizard.inventory import services`); the modules
hold one concern each:

- guard: the transaction, rules check and history every write but the import runs in
  (`_rules_guard`), `RulesRefused`, and the check for a stale page
- switches, hosts, interfaces: create, change and delete each kind of row
- nics, bonds, bridges, vlans: the wizard's services per interface kind
- layouts: a new host built like one of the layouts of Proxmox's bonding guide
- importing: the import of an interfaces file, in bulk
- facts: the node's facts document taken in, NICs renamed everywhere, names pinned
- clusters: a cluster's own corosync.conf and ceph.conf
- verifications: what a node runs, checked against its plan
- downloads: who downloaded which file, and which file a host runs now
- root_commands: approval of the lines that run as root
- tokens: the API tokens, made, used and revoked
"""

# Modules callers reach through this package (a view asks `services.rules` for the bond
# recommendation; tests replace `services.audit.host_change_record`).
from netwizard.network import rules

from .. import audit
from .bonds import PRIMARY_NOT_MEMBER, bond_create, bond_fields_set, bond_update
from .bridges import bridge_create, bridge_fields_set, bridge_update
from .clusters import cluster_configuration_set
from .downloads import NOT_SERVED, DownloadLimitReached, host_download_record, host_mark_applied
from .facts import FactsImported, Pinned, host_facts_import, host_nic_names_pin, host_nics_rename
from .guard import STALE_HOST_EDIT, UNWRITABLE, UNWRITABLE_FIELDS, RulesRefused, host_version_check
from .hosts import HOST_DETAILS, host_create, host_delete, host_save, host_update
from .importing import (
    DUPLICATE_INTERFACE,
    HOST_EXISTS,
    IMPORT_ROW_INVALID,
    KEPT_ON_REIMPORT,
    TOO_MANY_INTERFACES,
    host_import_interfaces,
    host_reimport,
)
from .interfaces import (
    KEEP,
    MEMBER_KINDS,
    VLANS_FIRST,
    Addresses,
    Keep,
    interface_addresses_set,
    interface_check,
    interface_create,
    interface_delete,
    interface_save,
    mac_normalize,
)
from .layouts import LAYOUT_BOND_BRIDGE, LAYOUT_BOND_STORAGE, LAYOUT_UNKNOWN, SEED_LAYOUTS, host_create_from_layout
from .nics import nic_create, nic_update
from .root_commands import ROOT_COMMANDS_CHANGED, host_root_commands_approve
from .switches import switch_create, switch_delete, switch_save
from .tokens import MadeToken, api_token_create, api_token_revoke, api_token_use
from .verifications import host_verify
from .vlans import vlan_create, vlan_fields_set, vlan_update

__all__ = [
    "DUPLICATE_INTERFACE",
    "HOST_DETAILS",
    "HOST_EXISTS",
    "IMPORT_ROW_INVALID",
    "KEEP",
    "KEPT_ON_REIMPORT",
    "LAYOUT_BOND_BRIDGE",
    "LAYOUT_BOND_STORAGE",
    "LAYOUT_UNKNOWN",
    "MEMBER_KINDS",
    "NOT_SERVED",
    "PRIMARY_NOT_MEMBER",
    "ROOT_COMMANDS_CHANGED",
    "SEED_LAYOUTS",
    "STALE_HOST_EDIT",
    "TOO_MANY_INTERFACES",
    "UNWRITABLE",
    "UNWRITABLE_FIELDS",
    "VLANS_FIRST",
    "Addresses",
    "DownloadLimitReached",
    "FactsImported",
    "Keep",
    "MadeToken",
    "Pinned",
    "RulesRefused",
    "api_token_create",
    "api_token_revoke",
    "api_token_use",
    "audit",
    "bond_create",
    "bond_fields_set",
    "bond_update",
    "bridge_create",
    "bridge_fields_set",
    "bridge_update",
    "cluster_configuration_set",
    "host_create",
    "host_create_from_layout",
    "host_delete",
    "host_download_record",
    "host_facts_import",
    "host_import_interfaces",
    "host_mark_applied",
    "host_nic_names_pin",
    "host_nics_rename",
    "host_reimport",
    "host_root_commands_approve",
    "host_save",
    "host_update",
    "host_verify",
    "host_version_check",
    "interface_addresses_set",
    "interface_check",
    "interface_create",
    "interface_delete",
    "interface_save",
    "mac_normalize",
    "nic_create",
    "nic_update",
    "rules",
    "switch_create",
    "switch_delete",
    "switch_save",
    "vlan_create",
    "vlan_fields_set",
    "vlan_update",
]
