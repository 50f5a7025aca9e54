"""What the switch at the other end of a bond must be set to: a checklist per bond.

    bond_switch_checklist(network, "bond0", context) -> Checklist
    host_switch_checklists(network, context) -> list[Checklist]     every Linux bond
    Checklist.as_text()                                             steps, warnings, examples

The checklist is built from the host's own file plus the inventory facts on each NIC
(`switch`, `switch_port`, `speed_mbps`) and the switches' stack/MLAG groups in the
context. It says which kind of aggregation the ports need (from `bonding`: LACP, a
static aggregation, or none), where each member is cabled, which VLANs the ports must
carry tagged and what arrives untagged, and the MTU. The example snippets for Cisco
NX-OS, Arista EOS and Juniper Junos are labelled as examples: netwizard has never seen
the switch, and port names, channel numbers and the untagged VLAN must be adapted.

Nothing the user typed reaches a snippet unless it fits a strict grammar: a switch port
name or host name with any other character is replaced by a placeholder, so pasting a
snippet into a switch CLI cannot run a command hidden in a name.
"""

from .checklist import Checklist, bond_switch_checklist, host_switch_checklists
from .facts import MemberPort
from .vendors import Snippet

__all__ = ["Checklist", "MemberPort", "Snippet", "bond_switch_checklist", "host_switch_checklists"]
