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


# The seven modes, labelled as netwizard/network/bonding labels them (Proxmox's wording).
# Members are named as bonding names the modes (BondMode.LACP is bonding.LACP).
_MODE_MEMBERS = {
    bonding.BALANCE_RR: "BALANCE_RR",
    bonding.ACTIVE_BACKUP: "ACTIVE_BACKUP",
    bonding.BALANCE_XOR: "BALANCE_XOR",
    bonding.BROADCAST: "BROADCAST",
    bonding.LACP: "LACP",
    bonding.BALANCE_TLB: "BALANCE_TLB",
    bonding.BALANCE_ALB: "BALANCE_ALB",
}
BondMode = models.TextChoices("BondMode", [(_MODE_MEMBERS[m], (m.name, m.label)) for m in bonding.MODES])

# The policies bonding describes, e.g. HashPolicy.LAYER2_3 is "layer2+3".
HashPolicy = models.TextChoices(
    "HashPolicy",
    [(p.name.upper().replace("+", "_"), (p.name, p.name)) for p in bonding.HASH_POLICIES],
)


class LacpRate(models.TextChoices):
    SLOW = "slow", "slow (every 30 s)"
    FAST = "fast", "fast (every second)"
    # ifupdown2 also takes the kernel's numbers; an imported file keeps its spelling,
    # as Proxmox does.
    SLOW_NUMBER = "0", "slow, written 0 (every 30 s)"
    FAST_NUMBER = "1", "fast, written 1 (every second)"


class VlanProtocol(models.TextChoices):
    DOT1Q = "802.1q", "802.1Q"
    DOT1AD = "802.1ad", "802.1ad (QinQ)"


class AddressMethod(models.TextChoices):
    MANUAL = "manual", "manual (no address)"
    STATIC = "static", "static"
    DHCP = "dhcp", "DHCP"
    AUTO = "auto", "auto (IPv6 SLAAC)"
    LOOPBACK = "loopback", "loopback"
