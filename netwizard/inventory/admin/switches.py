"""The switches' pages."""

from django.contrib import admin
from django.db.models import Count

from .. import services
from ..models import Switch
from .writes import TEXT_FIELDS, ServiceWritesMixin


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
