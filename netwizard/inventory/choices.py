from django.db import models


class InterfaceKind(models.TextChoices):
    # Labels follow the Proxmox GUI's type names.
    NIC = "nic", "Network Device"
    BOND = "bond", "Linux Bond"
    BRIDGE = "bridge", "Linux Bridge"
    VLAN = "vlan", "Linux VLAN"
    LOOPBACK = "loopback", "Loopback"
    OTHER = "other", "Other (kept verbatim)"


class BondMode(models.TextChoices):
    BALANCE_RR = "balance-rr", "Round-robin (balance-rr)"
    ACTIVE_BACKUP = "active-backup", "Active-backup"
    BALANCE_XOR = "balance-xor", "XOR (balance-xor)"
    BROADCAST = "broadcast", "Broadcast"
    LACP = "802.3ad", "LACP (802.3ad)"
    BALANCE_TLB = "balance-tlb", "Adaptive transmit load balancing (balance-tlb)"
    BALANCE_ALB = "balance-alb", "Adaptive load balancing (balance-alb)"


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
