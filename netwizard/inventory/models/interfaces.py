"""Every interface of a host in one table, and a proxy model per kind for the admin's pages.

The rules that hold for a single row (ranges, which fields each kind may fill, the links
no interface may make to itself) are database constraints, so no writer can store them wrong.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from .. import constants
from ..choices import AddressMethod, BondMode, HashPolicy, InterfaceKind, LacpRate, VlanProtocol
from .hosts import Host
from .switches import Switch
from .validators import (
    STORED_IFNAME_MESSAGE,
    name_grammar,
    validate_comment_text,
    validate_json_lines,
    validate_mac,
    validate_one_line,
    validate_stanza_families,
    validate_stored_ifname,
)


class InterfaceQuerySet(models.QuerySet):
    def nics(self):
        return self.filter(kind=InterfaceKind.NIC)

    def bonds(self):
        return self.filter(kind=InterfaceKind.BOND)

    def bridges(self):
        return self.filter(kind=InterfaceKind.BRIDGE)

    def vlans(self):
        return self.filter(kind=InterfaceKind.VLAN)


def _empty_unless(kind: str, fields_empty: Q) -> Q:
    """Kind-specific fields stay empty on every other kind of interface."""
    return Q(kind=kind) | fields_empty


_BOND_FIELDS_EMPTY = Q(bond_mode="", bond_miimon__isnull=True, bond_xmit_hash_policy="", bond_lacp_rate="") & Q(
    bond_primary__isnull=True, bond_lacp_rate_position__isnull=True
)
_BRIDGE_FIELDS_EMPTY = Q(
    bridge_stp__isnull=True, bridge_fd__isnull=True, bridge_vlan_aware__isnull=True, bridge_vids=""
)
_VLAN_FIELDS_EMPTY = Q(raw_device__isnull=True, vlan_id__isnull=True, vlan_protocol="")
_NIC_FIELDS_EMPTY = Q(mac="", speed_mbps__isnull=True, switch__isnull=True, switch_port="") & Q(
    bus="", pci_path="", altnames="", link_up__isnull=True, pinned_by="", pin_planned=False
)


class Interface(models.Model):
    """Any interface of a host, one table for every kind (as NetBox does).

    Membership sits on the member: a NIC names the bond it belongs to, a bond or NIC
    names the bridge it is a port of, so an interface has at most one master by
    construction.
    """

    host = models.ForeignKey(Host, on_delete=models.CASCADE, related_name="interfaces")
    # Up to 64 characters: see constants.IFNAME_STORED_MAX_LENGTH for why more than 15.
    name = models.CharField(max_length=constants.IFNAME_STORED_MAX_LENGTH, validators=[validate_stored_ifname])
    kind = models.CharField(max_length=8, choices=InterfaceKind.choices)
    autostart = models.BooleanField(default=True, help_text="Written as an `auto` line: brought up at boot.")
    position = models.PositiveIntegerField(null=True, blank=True, help_text="Order in the imported file.")
    master = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        help_text="The bond or bridge this interface is a member or port of.",
    )

    # VLAN
    raw_device = models.ForeignKey(
        "self",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="vlans",
        verbose_name="VLAN raw device",
    )
    vlan_id = models.PositiveSmallIntegerField("VLAN ID", null=True, blank=True)
    vlan_protocol = models.CharField(max_length=8, choices=VlanProtocol.choices, blank=True)

    # Addresses
    typeless = models.BooleanField(
        default=False, help_text="Written as ifupdown2's `iface NAME` stanza without an address family."
    )
    stanza_families = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        validators=[validate_stanza_families],
        help_text="From an imported file: the address families of the interface's stanzas in file order, kept "
        "where a family has two stanzas or inet6 comes first, so the file is written back as Proxmox writes it.",
    )
    ipv4_method = models.CharField("IPv4 method", max_length=8, choices=AddressMethod.choices, blank=True)
    ipv4_address = models.CharField("IPv4/CIDR", max_length=18, blank=True, validators=[validate_one_line])
    ipv4_gateway = models.CharField("gateway (IPv4)", max_length=15, blank=True, validators=[validate_one_line])
    ipv6_method = models.CharField("IPv6 method", max_length=8, choices=AddressMethod.choices, blank=True)
    ipv6_address = models.CharField("IPv6/CIDR", max_length=43, blank=True, validators=[validate_one_line])
    ipv6_gateway = models.CharField("gateway (IPv6)", max_length=39, blank=True, validators=[validate_one_line])
    mtu = models.PositiveIntegerField("MTU", null=True, blank=True)
    comment = models.TextField(blank=True, validators=[validate_comment_text])

    # Bond
    bond_mode = models.CharField("bond mode", max_length=13, choices=BondMode.choices, blank=True)
    bond_miimon = models.PositiveSmallIntegerField("MII monitor interval (ms)", null=True, blank=True)
    bond_xmit_hash_policy = models.CharField("hash policy", max_length=8, choices=HashPolicy.choices, blank=True)
    bond_lacp_rate = models.CharField("LACP rate", max_length=4, choices=LacpRate.choices, blank=True)
    bond_lacp_rate_position = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        editable=False,
        help_text="From an imported file: after how many unmanaged options the bond-lacp-rate line stood.",
    )
    bond_primary = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="bond primary",
    )

    # Bridge
    bridge_stp = models.BooleanField("STP", null=True, blank=True)
    bridge_fd = models.PositiveSmallIntegerField("forward delay", null=True, blank=True)
    bridge_vlan_aware = models.BooleanField("VLAN aware", null=True, blank=True)
    bridge_vids = models.CharField("VLAN IDs", max_length=255, blank=True, validators=[validate_one_line])

    # NIC facts
    # Stored as `macs.mac_normalize` spells it: the wizard's and the admin's forms and the
    # services normalise what is typed before this validator sees it.
    mac = models.CharField("MAC address", max_length=17, blank=True, validators=[validate_mac])
    speed_mbps = models.PositiveIntegerField("speed (Mbit/s)", null=True, blank=True)
    switch = models.ForeignKey(Switch, on_delete=models.SET_NULL, null=True, blank=True, related_name="interfaces")
    switch_port = models.CharField(max_length=64, blank=True, validators=[validate_one_line])
    # From the node's facts document (never typed): checked against their grammar on import.
    bus = models.CharField(max_length=16, blank=True, editable=False, help_text="pci, virtio, usb…")
    pci_path = models.CharField("PCI path", max_length=64, blank=True, editable=False)
    altnames = models.CharField(max_length=255, blank=True, editable=False, help_text="The kernel's other names.")
    link_up = models.BooleanField("link", null=True, blank=True, editable=False)
    pinned_by = models.CharField(
        max_length=255, blank=True, editable=False, help_text="The .link file on the node that pins this name."
    )
    pin_planned = models.BooleanField(
        default=False,
        editable=False,
        help_text="Renamed by 'Pin NIC names': its .link file, served with the interfaces file, sets the name.",
    )

    # Roles
    carries_cluster = models.BooleanField(
        "carries the cluster network", default=False, help_text="Corosync traffic runs over this interface."
    )
    is_management = models.BooleanField(
        "management interface", default=False, help_text="The address you reach the Proxmox GUI and SSH on."
    )

    extra_options = models.JSONField(
        default=dict,
        blank=True,
        validators=[validate_json_lines],
        help_text="Options netwizard does not manage, per address family, kept verbatim and in order.",
    )
    unresolved_links = models.JSONField(
        default=dict,
        blank=True,
        help_text=(
            "Names an imported file links to that are not interfaces of this host (ports, slaves, raw device, "
            "primary); kept so the file round-trips, and reported by the rules."
        ),
    )

    wizard_answers = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="A bond's answers in the wizard (switch LACP, where the members go, traffic), kept to ask again.",
    )

    objects = InterfaceQuerySet.as_manager()

    class Meta:
        ordering = ["host", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["host", "name"],
                name="interface_unique_name_per_host",
                violation_error_message="This host already has an interface with that name.",
            ),
            models.CheckConstraint(
                condition=name_grammar(
                    chars=constants.IFNAME_CHARS,
                    max_length=constants.IFNAME_STORED_MAX_LENGTH,
                    not_first=constants.IFNAME_NOT_FIRST,
                ),
                name="interface_name_grammar",
                violation_error_message=STORED_IFNAME_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(vlan_id__isnull=True)
                | Q(vlan_id__gte=constants.VLAN_ID_MIN, vlan_id__lte=constants.VLAN_ID_MAX),
                name="interface_vlan_id_range",
                violation_error_message="VLAN IDs run from 1 to 4094 (0 means priority tagging and 4095 is reserved).",
            ),
            models.CheckConstraint(
                condition=Q(mtu__isnull=True) | Q(mtu__gte=constants.MTU_MIN, mtu__lte=constants.MTU_MAX),
                name="interface_mtu_range",
                violation_error_message="The MTU must be between 552 and 65520.",
            ),
            models.CheckConstraint(
                condition=Q(bond_miimon__isnull=True) | Q(bond_miimon__lte=constants.BOND_MIIMON_MAX),
                name="interface_bond_miimon_range",
                violation_error_message="ifupdown2 accepts a bond-miimon of at most 255 ms.",
            ),
            models.CheckConstraint(
                condition=Q(bridge_fd__isnull=True) | Q(bridge_fd__lte=constants.BRIDGE_FD_MAX),
                name="interface_bridge_fd_range",
                violation_error_message="ifupdown2 accepts a bridge-fd of at most 255 seconds.",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=InterfaceKind.values),
                name="interface_kind_valid",
                violation_error_message="Unknown interface kind.",
            ),
            models.CheckConstraint(
                condition=~Q(kind=InterfaceKind.BOND) | Q(bond_mode__in=BondMode.values),
                name="interface_bond_mode_valid",
                violation_error_message="A bond needs one of the seven Linux bonding modes.",
            ),
            # The parent is usually `raw_device`; an imported file may name one the host
            # lacks, which is then kept in `unresolved_links`.
            models.CheckConstraint(
                condition=~Q(kind=InterfaceKind.VLAN) | Q(vlan_id__isnull=False),
                name="interface_vlan_has_id",
                violation_error_message="A VLAN interface needs a VLAN ID.",
            ),
            models.CheckConstraint(
                condition=_empty_unless(InterfaceKind.BOND, _BOND_FIELDS_EMPTY),
                name="interface_bond_fields_only_on_bonds",
                violation_error_message="Bond settings only apply to bonds.",
            ),
            models.CheckConstraint(
                condition=_empty_unless(InterfaceKind.BRIDGE, _BRIDGE_FIELDS_EMPTY),
                name="interface_bridge_fields_only_on_bridges",
                violation_error_message="Bridge settings only apply to bridges.",
            ),
            models.CheckConstraint(
                condition=_empty_unless(InterfaceKind.VLAN, _VLAN_FIELDS_EMPTY),
                name="interface_vlan_fields_only_on_vlans",
                violation_error_message="VLAN settings only apply to VLAN interfaces.",
            ),
            models.CheckConstraint(
                condition=_empty_unless(InterfaceKind.NIC, _NIC_FIELDS_EMPTY),
                name="interface_nic_fields_only_on_nics",
                violation_error_message="MAC, speed and switch cabling only apply to physical NICs.",
            ),
            models.CheckConstraint(
                condition=~Q(master=models.F("id")),
                name="interface_not_own_master",
                violation_error_message="An interface cannot be a member of itself.",
            ),
            models.CheckConstraint(
                condition=~Q(raw_device=models.F("id")),
                name="interface_not_own_raw_device",
                violation_error_message="A VLAN cannot be its own parent.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean_fields(self, exclude=None) -> None:
        # Browsers send a textarea's lines with CRLF; the file only knows LF.
        self.comment = self.comment.replace("\r\n", "\n")
        super().clean_fields(exclude=exclude)

    def clean(self) -> None:
        errors = {}
        # Links between interfaces never cross hosts.
        for field in ("master", "raw_device", "bond_primary"):
            other = getattr(self, field)
            if other is not None and self.host_id is not None and other.host_id != self.host_id:
                errors[field] = f"{other.name} belongs to another host."
        # Only a bond or a bridge can have members.
        if self.master is not None and self.master.kind not in (InterfaceKind.BOND, InterfaceKind.BRIDGE):
            errors.setdefault("master", f"{self.master.name} is not a bond or a bridge.")
        if errors:
            raise ValidationError(errors)


class KindManager(models.Manager):
    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind

    def get_queryset(self):
        return InterfaceQuerySet(self.model, using=self._db).filter(kind=self.kind)


class NIC(Interface):
    objects = KindManager(InterfaceKind.NIC)

    class Meta:
        proxy = True
        verbose_name = "NIC"
        verbose_name_plural = "NICs"


class Bond(Interface):
    objects = KindManager(InterfaceKind.BOND)

    class Meta:
        proxy = True


class Bridge(Interface):
    objects = KindManager(InterfaceKind.BRIDGE)

    class Meta:
        proxy = True


class VLAN(Interface):
    objects = KindManager(InterfaceKind.VLAN)

    class Meta:
        proxy = True
        verbose_name = "VLAN"
        verbose_name_plural = "VLANs"
