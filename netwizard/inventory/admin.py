"""The Django admin as the inventory panel: hosts, switches and a page per interface kind.

Every save and delete is handed to the services, so the admin writes exactly as the
wizard and the commands do.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html

from netwizard.network import bonding

from . import services
from .choices import InterfaceKind
from .formfields import MultilineTextField
from .macs import mac_normalize
from .models import NIC, VLAN, Bond, Bridge, Host, HostChange, Interface, Switch

# Descriptions, notes and comments arrive with CRLF line endings from a browser.
TEXT_FIELDS = {models.TextField: {"form_class": MultilineTextField}}

# What the wizard says under the same refusal (templates/wizard/_form_errors.html).
STALE_NOTHING_SAVED = "Nothing was saved. Reload the page to see the current state, then make your change again."


class HostVersionFormMixin:
    """The stale-edit check of the wizard: a change page carries the version of the host it
    showed, and is refused, with nothing saved, once someone else has changed that host.

    Checked while the form is validated, inside the admin's transaction, so the admin
    shows the refusal on the page instead of saving over the other change.
    """

    def version_host(self):
        raise NotImplementedError

    def add_version_field(self) -> None:
        host = self.version_host()
        self.fields["expected_version"].required = host is not None  # a new host has no version yet
        if host is not None:
            self.initial.setdefault("expected_version", host.version)
        self.version_checked_host = host

    def check_version(self) -> None:
        expected = self.cleaned_data.get("expected_version")
        if self.version_checked_host is None or expected is None:
            return
        try:
            services.host_version_check(host=self.version_checked_host, expected_version=expected)
        except ValidationError as error:
            self.add_error(None, error)
            self.add_error(None, STALE_NOTHING_SAVED)


def version_field() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)


class ServiceWritesMixin:
    """Route the admin's saves and deletes through `services`.

    A refused delete shows the service's reason instead of Django's "deleted" message.
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            # The services check the version again as they write: a change committed after
            # the form's check (possible on PostgreSQL) refuses the save, and nothing is kept.
            if getattr(error, "code", None) != "stale":
                raise
            messages.error(request, f"{error.message} {STALE_NOTHING_SAVED}")
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        self.service_save(obj)

    def delete_model(self, request, obj):
        self._delete(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self._delete(request, obj)

    def _delete(self, request, obj):
        try:
            self.service_delete(obj)
        except ValidationError as error:
            request._netwizard_refused = True
            messages.error(request, f"{obj} was not deleted: " + " ".join(error.messages))

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        if getattr(request, "_netwizard_refused", False) and level == messages.SUCCESS:
            return
        super().message_user(request, message, level, *args, **kwargs)


# Switches ------------------------------------------------------------------------


@admin.register(Switch)
class SwitchAdmin(ServiceWritesMixin, admin.ModelAdmin):
    formfield_overrides = TEXT_FIELDS
    list_display = ["name", "lacp", "stack", "nic_count"]
    list_filter = ["lacp", "stack"]
    search_fields = ["name", "stack", "notes"]
    ordering = ["name"]

    def get_queryset(self, request):
        # One annotated query instead of a count per row.
        return super().get_queryset(request).annotate(nic_total=Count("interfaces"))

    @admin.display(description="NICs cabled", ordering="nic_total")
    def nic_count(self, obj):
        return obj.nic_total

    def service_save(self, obj):
        services.switch_save(switch=obj)

    def service_delete(self, obj):
        services.switch_delete(switch=obj)


# Hosts -----------------------------------------------------------------------------


class InterfaceInlineFormSet(forms.BaseInlineFormSet):
    """Check each changed row with the services before anything is saved."""

    def clean(self):
        super().clean()
        for form in self.forms:
            if not form.has_changed() or not form.is_valid() or form in self.deleted_forms:
                continue
            try:
                findings = services.interface_check(interface=form.instance)
            except ValidationError as error:
                form.add_error(None, error)
                continue
            for finding in findings:
                form.add_error(None, f"{finding.code} {finding.interface}: {finding.message} {finding.hint}")


class InterfaceInline(admin.TabularInline):
    model = Interface
    formset = InterfaceInlineFormSet
    fk_name = "host"
    extra = 0
    show_change_link = True
    fields = ["name", "kind", "autostart", "master", "ipv4_address", "mtu"]
    # Narrow inputs keep the row within a laptop screen.
    formfield_overrides = {models.CharField: {"widget": forms.TextInput(attrs={"size": 14})}}
    # Links are edited on the interface's own page; as selects in every inline row
    # they would cost a query per row.
    readonly_fields = ["master"]
    ordering = ["position", "name"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("master")


class HostAdminForm(HostVersionFormMixin, forms.ModelForm):
    expected_version = version_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_version_field()

    def version_host(self):
        return self.instance if self.instance.pk else None

    def clean(self):
        cleaned = super().clean()
        self.check_version()  # before the inline rows are saved: one version for the whole page
        return cleaned


@admin.register(Host)
class HostAdmin(ServiceWritesMixin, admin.ModelAdmin):
    form = HostAdminForm
    formfield_overrides = TEXT_FIELDS
    list_display = ["name", "cluster", "nic_count", "bond_count", "bridge_count", "vlan_count", "version", "updated_at"]
    list_filter = ["cluster"]
    search_fields = ["name", "cluster", "description"]
    ordering = ["name"]
    readonly_fields = ["version", "created_at", "updated_at"]
    fields = ["name", "cluster", "description", "version", "created_at", "updated_at", "expected_version"]
    inlines = [InterfaceInline]

    def get_queryset(self, request):
        def count(kind):
            return Count("interfaces", filter=Q(interfaces__kind=kind))

        return (
            super()
            .get_queryset(request)
            .annotate(
                nics=count(InterfaceKind.NIC),
                bonds=count(InterfaceKind.BOND),
                bridges=count(InterfaceKind.BRIDGE),
                vlan_total=count(InterfaceKind.VLAN),
            )
        )

    @admin.display(description="NICs", ordering="nics")
    def nic_count(self, obj):
        return obj.nics

    @admin.display(description="bonds", ordering="bonds")
    def bond_count(self, obj):
        return obj.bonds

    @admin.display(description="bridges", ordering="bridges")
    def bridge_count(self, obj):
        return obj.bridges

    @admin.display(description="VLANs", ordering="vlan_total")
    def vlan_count(self, obj):
        return obj.vlan_total

    def save_model(self, request, obj, form, change):
        services.host_save(host=obj, expected_version=form.cleaned_data.get("expected_version"))

    def service_delete(self, obj):
        services.host_delete(host=obj)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            try:
                services.interface_delete(interface=obj)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
        for obj in instances:
            services.interface_save(interface=obj)
        formset.save_m2m()


# Interfaces, one page per kind -----------------------------------------------------

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
class InterfaceAdmin(admin.ModelAdmin):
    """Every interface of every host in one searchable list; edits happen on the page of its kind."""

    list_display = ["linked_name", "host", "kind", "master", "ipv4_address", "ipv6_address", "mtu", "bond_mode"]
    list_display_links = None
    list_filter = ["kind", "host__cluster", "host", "bond_mode", "carries_cluster", "is_management"]
    list_select_related = ["host", "master"]
    search_fields = ["name", "host__name", "ipv4_address", "ipv6_address", "comment"]
    ordering = ["host__name", "position", "name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="name", ordering="name")
    def linked_name(self, obj):
        page = KIND_PAGES.get(obj.kind)
        if page is None:
            return obj.name
        return format_html('<a href="{}">{}</a>', reverse(f"admin:inventory_{page}_change", args=[obj.pk]), obj.name)


class DateCheckedChangeList(ChangeList):
    """A date in the query string that no date can hold (`?at__year=99999999999999`, or the
    year after 9999) is a bad lookup like any other: Django's admin catches ValueError
    from the date hierarchy's own year/month/day but not OverflowError, nor errors while it
    computes the period's end. Those become IncorrectLookupParameters, which the admin
    answers with a redirect to the unfiltered list (`?e=1`)."""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error


@admin.register(HostChange)
class HostChangeAdmin(admin.ModelAdmin):
    """The audit history, read-only: nobody edits the record of what happened."""

    list_display = ["at", "host_name", "username", "action", "summary", "sha256"]
    list_filter = ["action", "host_name", "username"]
    search_fields = ["host_name", "username", "summary", "diff"]
    date_hierarchy = "at"
    fields = ["at", "host_name", "username", "action", "summary", "sha256", "diff"]
    readonly_fields = fields

    def get_changelist(self, request, **kwargs):
        return DateCheckedChangeList

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
