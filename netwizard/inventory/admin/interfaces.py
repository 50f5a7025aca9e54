"""A page per interface kind (NIC, bond, bridge, VLAN), and every interface in one list."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html

from netwizard.network import bonding

from .. import services
from ..choices import InterfaceKind
from ..macs import mac_normalize
from ..models import NIC, VLAN, Bond, Bridge, Interface, validate_ifname
from .writes import TEXT_FIELDS, HostVersionFormMixin, ReadOnlyMixin, ServiceWritesMixin, version_field

IDENTITY = ("Interface", {"fields": ["host", "name", "autostart", "master", "comment", "expected_version"]})
# Bonds and bridges choose their members here instead of naming a master.
MASTER_IDENTITY = (
    "Interface",
    {"fields": ["host", "name", "autostart", "members", "master", "comment", "expected_version"]},
)
ADDRESSES = (
    "Addresses",
    {
        "fields": [
            ("ipv4_method", "ipv4_address", "ipv4_gateway"),
            ("ipv6_method", "ipv6_address", "ipv6_gateway"),
            "mtu",
            "typeless",
        ]
    },
)
ROLES = ("Roles", {"fields": ["carries_cluster", "is_management"]})
PRESERVED = ("Kept from the imported file", {"classes": ["collapse"], "fields": ["position", "extra_options"]})

# The admin explains bond settings with the same texts as the wizard, and says which modes
# get an option in the file: the admin stores a value for any mode, the download may drop it.
BOND_HELP = {
    "bond_mode": " · ".join(f"{m.label}: {m.summary}" for m in bonding.MODES),
    **{
        bonding.setting_column(name): f"{bonding.BOND_OPTIONS[key].help} {bonding.written_note(key)}".strip()
        for name, key in bonding.SETTING_OPTIONS.items()
    },
}

# What may be a member of a bond or a port of a bridge.
MEMBER_KINDS = [InterfaceKind.NIC, InterfaceKind.BOND, InterfaceKind.VLAN, InterfaceKind.OTHER]

# Which interfaces each link may point at.
LINK_TARGET_KINDS = {
    "master": [InterfaceKind.BOND, InterfaceKind.BRIDGE],
    "raw_device": [InterfaceKind.NIC, InterfaceKind.BOND, InterfaceKind.BRIDGE, InterfaceKind.VLAN],
    "bond_primary": [InterfaceKind.NIC],
}


class InterfaceAdminForm(HostVersionFormMixin, forms.ModelForm):
    """Validates through the services, so the admin cannot save what the wizard would refuse."""

    expected_version = version_field()
    members = forms.ModelMultipleChoiceField(
        queryset=Interface.objects.none(),
        required=False,
        help_text="For a bond, its member NICs (bond-slaves); for a bridge, its ports (bridge-ports).",
    )

    kind = ""  # set per admin page by `InterfaceKindAdmin.get_form`

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.kind = self.kind  # fixed by the page; the kind-specific constraints need it
        self.add_version_field()
        for field, help_text in BOND_HELP.items():
            if field in self.fields:
                self.fields[field].help_text = help_text
        if self.kind not in (InterfaceKind.BOND, InterfaceKind.BRIDGE):
            del self.fields["members"]  # declared fields stay on every ModelForm unless removed
        else:
            candidates = Interface.objects.filter(kind__in=MEMBER_KINDS).select_related("host")
            if self.instance.host_id:
                candidates = candidates.filter(host_id=self.instance.host_id).exclude(pk=self.instance.pk)
                self.initial.setdefault("members", list(self.instance.members.all()) if self.instance.pk else [])
            self.fields["members"].queryset = candidates.order_by("host__name", "name")
            self.fields["members"].label_from_instance = lambda iface: f"{iface.host.name} / {iface.name}"

    def version_host(self):
        # The host the page showed, even when the form moves the interface to another one.
        return self.instance.host if self.instance.pk else None

    def clean(self):
        cleaned = super().clean()
        self.check_version()
        return cleaned

    def member_list(self) -> list[Interface] | None:
        return list(self.cleaned_data["members"]) if "members" in self.fields else None

    def clean_name(self) -> str:
        # The inventory keeps the long names an imported file has; a name typed here must
        # fit the kernel (an unchanged one is left for the rules to flag).
        name = self.cleaned_data["name"]
        if name != self.instance.name:
            validate_ifname(name)
        return name

    def clean_mac(self) -> str:
        # Before the model's validator: the admin accepts the spellings the wizard accepts.
        return mac_normalize(self.cleaned_data["mac"])

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        try:
            findings = services.interface_check(interface=self.instance, members=self.member_list())
        except ValidationError as error:
            self.add_error(None, error)
            return
        for finding in findings:
            self.add_error(None, f"{finding.code} {finding.interface}: {finding.message} {finding.hint}")


class InterfaceKindAdmin(ServiceWritesMixin, admin.ModelAdmin):
    kind: str
    form = InterfaceAdminForm
    formfield_overrides = TEXT_FIELDS
    list_display = ["name", "host", "autostart", "master", "ipv4_address", "mtu"]
    list_filter = ["host__cluster", "host"]
    list_select_related = ["host", "master"]
    search_fields = ["name", "host__name", "comment"]
    ordering = ["host__name", "name"]

    def get_queryset(self, request):
        # The host comes along, since the change form carries its version. Named with the list's
        # own links: the change list adds `list_select_related` only to a query without any.
        return super().get_queryset(request).filter(kind=self.kind).select_related("host", *self.list_select_related)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in LINK_TARGET_KINDS:
            candidates = Interface.objects.filter(kind__in=LINK_TARGET_KINDS[db_field.name]).select_related("host")
            edited = self._edited_host_id(request)
            if edited is not None:
                candidates = candidates.filter(host_id=edited)
            kwargs["queryset"] = candidates.order_by("host__name", "name")
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name in LINK_TARGET_KINDS:
            field.label_from_instance = lambda iface: f"{iface.host.name} / {iface.name}"
        return field

    def _edited_host_id(self, request):
        # Asked once per link field; look the host up once per request.
        if not hasattr(request, "_netwizard_edited_host_id"):
            object_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            request._netwizard_edited_host_id = (
                None
                if object_id is None
                else Interface.objects.filter(pk=object_id).values_list("host_id", flat=True).first()
            )
        return request._netwizard_edited_host_id

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"kind": self.kind})

    def save_model(self, request, obj, form, change):
        # The version is the shown host's; an interface moved to another host was checked by the form.
        expected = None if "host" in form.changed_data else form.cleaned_data.get("expected_version")
        services.interface_save(interface=obj, members=form.member_list(), expected_version=expected)

    def service_delete(self, obj):
        services.interface_delete(interface=obj)


@admin.register(NIC)
class NICAdmin(InterfaceKindAdmin):
    kind = InterfaceKind.NIC
    list_display = ["name", "host", "speed_mbps", "switch", "switch_port", "master", "carries_cluster"]
    list_filter = ["host__cluster", "host", "switch", "carries_cluster"]
    list_select_related = ["host", "master", "switch"]
    fieldsets = [
        IDENTITY,
        ("Cabling", {"fields": ["mac", "speed_mbps", "switch", "switch_port"]}),
        ADDRESSES,
        ROLES,
        PRESERVED,
    ]


@admin.register(Bond)
class BondAdmin(InterfaceKindAdmin):
    kind = InterfaceKind.BOND
    list_display = ["name", "host", "bond_mode", "bond_xmit_hash_policy", "member_names", "master", "ipv4_address"]
    list_filter = ["host__cluster", "host", "bond_mode"]
    fieldsets = [
        IDENTITY,
        (
            "Bonding",
            {"fields": ["bond_mode", "bond_miimon", "bond_xmit_hash_policy", "bond_lacp_rate", "bond_primary"]},
        ),
        ADDRESSES,
        ROLES,
        PRESERVED,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("members")

    @admin.display(description="members")
    def member_names(self, obj):
        return " ".join(sorted(member.name for member in obj.members.all()))


@admin.register(Bridge)
class BridgeAdmin(InterfaceKindAdmin):
    kind = InterfaceKind.BRIDGE
    list_display = ["name", "host", "port_names", "bridge_vlan_aware", "bridge_vids", "ipv4_address", "ipv4_gateway"]
    list_filter = ["host__cluster", "host", "bridge_vlan_aware"]
    fieldsets = [
        MASTER_IDENTITY,
        ("Bridging", {"fields": ["bridge_stp", "bridge_fd", "bridge_vlan_aware", "bridge_vids"]}),
        ADDRESSES,
        ROLES,
        PRESERVED,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("members")

    @admin.display(description="ports")
    def port_names(self, obj):
        return " ".join(sorted(member.name for member in obj.members.all())) or "none"


@admin.register(VLAN)
class VLANAdmin(InterfaceKindAdmin):
    kind = InterfaceKind.VLAN
    list_display = ["name", "host", "raw_device", "vlan_id", "vlan_protocol", "ipv4_address"]
    list_filter = ["host__cluster", "host", "vlan_protocol"]
    list_select_related = ["host", "raw_device"]
    fieldsets = [
        IDENTITY,
        ("VLAN", {"fields": ["raw_device", "vlan_id", "vlan_protocol"]}),
        ADDRESSES,
        ROLES,
        PRESERVED,
    ]


# Proxy admin pages by kind; loopback and verbatim "other" stanzas have none.
KIND_PAGES = {
    InterfaceKind.NIC: "nic",
    InterfaceKind.BOND: "bond",
    InterfaceKind.BRIDGE: "bridge",
    InterfaceKind.VLAN: "vlan",
}


@admin.register(Interface)
class InterfaceAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Every interface of every host in one searchable list; edits happen on the page of its kind."""

    list_display = ["linked_name", "host", "kind", "master", "ipv4_address", "ipv6_address", "mtu", "bond_mode"]
    list_display_links = None
    list_filter = ["kind", "host__cluster", "host", "bond_mode", "carries_cluster", "is_management"]
    list_select_related = ["host", "master"]
    search_fields = ["name", "host__name", "ipv4_address", "ipv6_address", "comment"]
    ordering = ["host__name", "position", "name"]

    @admin.display(description="name", ordering="name")
    def linked_name(self, obj):
        page = KIND_PAGES.get(obj.kind)
        if page is None:
            return obj.name
        return format_html('<a href="{}">{}</a>', reverse(f"admin:inventory_{page}_change", args=[obj.pk]), obj.name)
