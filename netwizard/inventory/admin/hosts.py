"""The hosts' pages, each host with its interfaces inline."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q

from .. import services
from ..choices import InterfaceKind
from ..models import Host, Interface
from .writes import TEXT_FIELDS, HostVersionFormMixin, ServiceWritesMixin, version_field


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
