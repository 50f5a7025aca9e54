from django.db import models

from netwizard.network import bonding


class InterfaceKind(models.TextChoices):
    # Labels follow the Proxmox GUI's type names.
    NIC = "nic", "Network Device"
    BOND = "bond", "Linux Bond"
    BRIDGE = "bridge", "Linux Bridge"
    VLAN = "vlan", "Linux VLAN"
    LOOPBACK = "loopback", "Loopback"
    OTHER = "other", "Other (kept verbatim)"


# The seven modes, labelled as netwizard/network/bonding.py labels them (Proxmox's wording).
_MODE_MEMBERS = {
    "balance-rr": "BALANCE_RR",
    "active-backup": "ACTIVE_BACKUP",
    "balance-xor": "BALANCE_XOR",
    "broadcast": "BROADCAST",
    "802.3ad": "LACP",
    "balance-tlb": "BALANCE_TLB",
    "balance-alb": "BALANCE_ALB",
}
BondMode = models.TextChoices("BondMode", [(_MODE_MEMBERS[m.name], (m.name, m.label)) for m in bonding.MODES])


class HashPolicy(models.TextChoices):
    LAYER2 = "layer2", "layer2"
    LAYER2_3 = "layer2+3", "layer2+3"
    LAYER3_4 = "layer3+4", "layer3+4"
    ENCAP2_3 = "encap2+3", "encap2+3"
    ENCAP3_4 = "encap3+4", "encap3+4"


class LacpRate(models.TextChoices):
    SLOW = "slow", "slow (every 30 s)"
    FAST = "fast", "fast (every second)"


class VlanProtocol(models.TextChoices):
    DOT1Q = "802.1q", "802.1Q"
    DOT1AD = "802.1ad", "802.1ad (QinQ)"


class AddressMethod(models.TextChoices):
    MANUAL = "manual", "manual (no address)"
    STATIC = "static", "static"
    DHCP = "dhcp", "DHCP"
    AUTO = "auto", "auto (IPv6 SLAAC)"
    LOOPBACK = "loopback", "loopback"
