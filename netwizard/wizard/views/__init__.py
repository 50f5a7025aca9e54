"""The wizard's views: the host pages, and one module per wizard step."""

from .approval import host_root_commands_approve
from .bonds import bond_edit, bond_new, bonds
from .bridges import address_edit, bridge_edit, bridge_new, bridges, interface_delete, vlan_edit, vlan_new
from .cluster_config import cluster_apply, cluster_configuration
from .clusters import cluster_detail
from .download import host_download, host_interfaces, host_mark_applied
from .facts import host_facts_upload, host_link_file, host_nic_rename, host_pin
from .hosts import host_delete, host_delete_confirm, host_edit, host_import, host_new
from .nics import nic_add, nic_edit, nic_name_check, nics, switch_add
from .pages import host_detail, host_list, host_topology
from .review import review
from .tokens import api_token_revoke, api_tokens
from .verify import host_verify, host_verify_upload

__all__ = [
    "address_edit",
    "api_token_revoke",
    "api_tokens",
    "bond_edit",
    "bond_new",
    "bonds",
    "bridge_edit",
    "bridge_new",
    "bridges",
    "cluster_apply",
    "cluster_configuration",
    "cluster_detail",
    "host_delete",
    "host_delete_confirm",
    "host_detail",
    "host_download",
    "host_edit",
    "host_facts_upload",
    "host_import",
    "host_interfaces",
    "host_link_file",
    "host_list",
    "host_mark_applied",
    "host_new",
    "host_nic_rename",
    "host_pin",
    "host_root_commands_approve",
    "host_topology",
    "host_verify",
    "host_verify_upload",
    "interface_delete",
    "nic_add",
    "nic_edit",
    "nic_name_check",
    "nics",
    "review",
    "switch_add",
    "vlan_edit",
    "vlan_new",
]
