"""The inventory: switches, Proxmox hosts and every interface of a host.

Rules that hold for a single row live here as database constraints, so no writer can
store them wrong. Rules about a whole host's network live in `netwizard.network.rules`
and are applied by the services.
"""

import hashlib
import unicodedata
from collections.abc import Iterator

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Func, Q, Value
from django.db.models.functions import Length
from django.db.models.lookups import Exact, GreaterThanOrEqual, LessThanOrEqual

from . import constants
from .choices import AddressMethod, BondMode, HashPolicy, InterfaceKind, LacpRate, VlanProtocol

IFNAME_MESSAGE = "Use at most 15 letters, digits and _ . : + - (no spaces, slashes, backslashes or '#')."
HOSTNAME_MESSAGE = "A Proxmox node name is one DNS label: letters, digits and inner hyphens, at most 63 characters."
MAC_MESSAGE = "Write the MAC address as six pairs of hex digits separated by colons, for example 3c:ec:ef:12:34:56."
validate_ifname = RegexValidator(constants.IFNAME_REGEX, IFNAME_MESSAGE)
validate_hostname = RegexValidator(constants.HOSTNAME_REGEX, HOSTNAME_MESSAGE)
validate_mac = RegexValidator(constants.MAC_REGEX, MAC_MESSAGE)
validate_cluster_name = RegexValidator(
    constants.CLUSTER_NAME_REGEX, "Use letters, digits, '-' and '_', starting with a letter or digit."
)


# Control, format (bidi overrides, zero-width), line/paragraph separator, surrogate,
# private-use and unassigned characters: the diagram shows none of them as typed.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def validate_text_line_safe(value: str) -> None:
    """Refuse text that could change how ifupdown2 reads the file it may end up in, or
    that would not show as typed (newlines between lines are allowed)."""
    if value.isascii() and "\\" not in value and all(c == "\n" or c.isprintable() for c in value):
        return
    for char in value:
        if char == "\\":
            raise ValidationError("Backslashes are not allowed: ifupdown2 joins lines on them.")
        if char != "\n" and unicodedata.category(char) in _UNSAFE_CATEGORIES:
            raise ValidationError(f"Control, formatting and unassigned characters are not allowed (U+{ord(char):04X}).")


def validate_one_line(value: str) -> None:
    """A value written on one option line of the file (an address, a VLAN list, a switch port)."""
    if "\n" in value or "\r" in value:
        raise ValidationError("Write this on one line.")
    validate_text_line_safe(value)


def _json_strings(value) -> Iterator[str]:
    """Every string in a JSON value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)


def validate_json_lines(value) -> None:
    """Lines kept from an imported file (editable in the admin): each string fits on one line.
    PostgreSQL refuses NUL in JSON outright; the file must not get a line it did not have."""
    for text in _json_strings(value):
        validate_one_line(text)


def _name_grammar(*, chars: str, max_length: int, not_first: str = "", not_last: str = "") -> Q:
    """A name's grammar in SQL that SQLite (its plain sqlite3 tool included) and PostgreSQL
    both evaluate, unlike REGEXP. TRIM(name, chars) strips every allowed character from both
    ends, so only a name made of allowed characters alone leaves nothing; LENGTH stands in
    for max_length, which SQLite does not enforce."""
    condition = Q(
        Exact(Func(F("name"), Value(chars), function="TRIM"), Value("")),
        GreaterThanOrEqual(Length("name"), 1),
        LessThanOrEqual(Length("name"), max_length),
    )
    for char in not_first:
        condition &= ~Q(name__startswith=char)
    for char in not_last:
        condition &= ~Q(name__endswith=char)
    return condition


class Switch(models.Model):
    """A switch the hosts' NICs are cabled to: what it can do decides the bond mode."""

    name = models.CharField(max_length=64, unique=True, validators=[validate_cluster_name])
    lacp = models.BooleanField(
        "supports LACP",
        default=False,
        help_text="The ports the hosts use can form an LACP (802.3ad) aggregation.",
    )
    stack = models.CharField(
        "stack / MLAG group",
        max_length=64,
        blank=True,
        validators=[validate_cluster_name],
        help_text="Switches with the same non-empty group act as one LACP partner (a stack or an MLAG pair).",
    )
    # The same text rules as a host description (and PostgreSQL refuses NUL outright).
    notes = models.TextField(blank=True, validators=[validate_text_line_safe])

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "switches"

    def __str__(self) -> str:
        return self.name


class Host(models.Model):
    """A Proxmox VE node; `version` detects edits made from stale pages."""

    name = models.CharField(
        max_length=63, unique=True, validators=[validate_hostname], help_text="The node's hostname, e.g. pve1."
    )
    cluster = models.CharField(
        max_length=63,
        blank=True,
        validators=[validate_cluster_name],
        help_text="Hosts with the same cluster name are checked together.",
    )
    description = models.TextField(blank=True, validators=[validate_text_line_safe])
    global_lines = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_json_lines],
        help_text="Top-level lines of the imported file such as `source …`, as [position, text] pairs.",
    )
    imported_text = models.TextField(
        blank=True,
        editable=False,
        help_text="The interfaces file as last imported, so the wizard can show what changed since.",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=_name_grammar(
                    chars=constants.HOSTNAME_CHARS,
                    max_length=constants.HOSTNAME_MAX_LENGTH,
                    not_first="-",
                    not_last="-",
                ),
                name="host_name_grammar",
                violation_error_message=HOSTNAME_MESSAGE,
            ),
        ]

    def __str__(self) -> str:
        return self.name


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
    bond_primary__isnull=True
)
_BRIDGE_FIELDS_EMPTY = Q(
    bridge_stp__isnull=True, bridge_fd__isnull=True, bridge_vlan_aware__isnull=True, bridge_vids=""
)
_VLAN_FIELDS_EMPTY = Q(raw_device__isnull=True, vlan_id__isnull=True, vlan_protocol="")
_NIC_FIELDS_EMPTY = Q(mac="", speed_mbps__isnull=True, switch__isnull=True, switch_port="")


class Interface(models.Model):
    """Any interface of a host, one table for every kind (as NetBox does).

    Membership sits on the member: a NIC names the bond it belongs to, a bond or NIC
    names the bridge it is a port of, so an interface has at most one master by
    construction.
    """

    host = models.ForeignKey(Host, on_delete=models.CASCADE, related_name="interfaces")
    name = models.CharField(max_length=constants.IFNAME_MAX_LENGTH, validators=[validate_ifname])
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
    ipv4_method = models.CharField("IPv4 method", max_length=8, choices=AddressMethod.choices, blank=True)
    ipv4_address = models.CharField("IPv4/CIDR", max_length=18, blank=True, validators=[validate_one_line])
    ipv4_gateway = models.CharField("gateway (IPv4)", max_length=15, blank=True, validators=[validate_one_line])
    ipv6_method = models.CharField("IPv6 method", max_length=8, choices=AddressMethod.choices, blank=True)
    ipv6_address = models.CharField("IPv6/CIDR", max_length=43, blank=True, validators=[validate_one_line])
    ipv6_gateway = models.CharField("gateway (IPv6)", max_length=39, blank=True, validators=[validate_one_line])
    mtu = models.PositiveIntegerField("MTU", null=True, blank=True)
    comment = models.TextField(blank=True, validators=[validate_text_line_safe])

    # Bond
    bond_mode = models.CharField("bond mode", max_length=13, choices=BondMode.choices, blank=True)
    bond_miimon = models.PositiveSmallIntegerField("MII monitor interval (ms)", null=True, blank=True)
    bond_xmit_hash_policy = models.CharField("hash policy", max_length=8, choices=HashPolicy.choices, blank=True)
    bond_lacp_rate = models.CharField("LACP rate", max_length=4, choices=LacpRate.choices, blank=True)
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
                condition=_name_grammar(
                    chars=constants.IFNAME_CHARS,
                    max_length=constants.IFNAME_MAX_LENGTH,
                    not_first=constants.IFNAME_NOT_FIRST,
                ),
                name="interface_name_grammar",
                violation_error_message=IFNAME_MESSAGE,
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


def file_sha256(text: str) -> str:
    """The key a file is stored under, and the checksum the history shows for it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class StoredFile(models.Model):
    """One distinct interfaces file, kept once however many history rows point to it."""

    sha256 = models.CharField("SHA-256", max_length=64, unique=True)
    text = models.TextField()

    class Meta:
        verbose_name = "stored file"

    def __str__(self) -> str:
        return self.sha256


class HostChange(models.Model):
    """One change to a host (or a download of its file, or a note that it runs one), as the audit history shows it."""

    CREATE = "create"
    EDIT = "edit"
    IMPORT = "import"
    DELETE = "delete"
    DOWNLOAD = "download"
    # Someone says the host now runs this file: the baseline later changes are compared with.
    APPLY = "apply"
    # Someone approved the host's root-command lines (RootCommandReview).
    APPROVE = "approve"
    ACTIONS = [
        (CREATE, "created"),
        (EDIT, "edited"),
        (IMPORT, "imported a file"),
        (DELETE, "deleted"),
        (DOWNLOAD, "downloaded the file"),
        (APPLY, "marked the file as applied"),
        (APPROVE, "approved the root-command lines"),
    ]

    # The host may be deleted later; its name stays with the record.
    host = models.ForeignKey(Host, on_delete=models.SET_NULL, null=True, blank=True, related_name="changes")
    host_name = models.CharField(max_length=63)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    username = models.CharField(max_length=150, blank=True, help_text="Empty for changes from the command line.")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=8, choices=ACTIONS)
    summary = models.CharField(max_length=500, blank=True)
    diff = models.TextField(blank=True, help_text="Unified diff of the host's interfaces file.")
    sha256 = models.CharField("SHA-256 of the file downloaded or applied", max_length=64, blank=True)
    # Downloads and applies point to the file; each distinct file is stored once.
    file = models.ForeignKey(
        StoredFile, on_delete=models.PROTECT, null=True, blank=True, related_name="+", help_text="The file itself."
    )

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "host change"
        indexes = [
            # The download limit counts a user's recent downloads (services.host_download_record).
            models.Index(fields=["user", "action", "at"], name="hostchange_user_action_at"),
            # The baseline (the last import or apply) is found without reading past every download since.
            models.Index(fields=["host", "action", "at"], name="hostchange_host_action_at"),
        ]

    def __str__(self) -> str:
        return f"{self.host_name} {self.get_action_display()} by {self.username or 'command line'}"


class RootCommandReview(models.Model):
    """Who last changed a host's root-command lines, and who approved which version of them.

    Lines that run a program or include other files as root (netwizard.network.root_commands)
    are handed out only once someone other than their author approved exactly them: an
    approval counts while `approved_sha256` equals the fingerprint of the host's current
    lines, so changing any line withdraws it. The services keep this row; one per host."""

    host = models.OneToOneField(Host, on_delete=models.CASCADE, related_name="root_command_review")
    lines_sha256 = models.CharField("SHA-256 of the lines", max_length=64)
    # None with an empty name: the command line (no web user); None with a name: a deleted user.
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_by_name = models.CharField(max_length=150, blank=True, help_text="Empty for the command line.")
    changed_at = models.DateTimeField()
    approved_sha256 = models.CharField("SHA-256 of the approved lines", max_length=64, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_by_name = models.CharField(max_length=150, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "root-command review"
        # Only the custom permission: the rows are written by the services alone. Nobody has
        # it by default (no role grants it); superusers have every permission.
        default_permissions = ()
        permissions = [("approve_root_commands", "Can approve root commands")]

    def __str__(self) -> str:
        return f"root-command lines of {self.host}"
