"""The audit history's page: read-only, nobody edits the record of what happened."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList

from ..models import HostChange
from .writes import ReadOnlyMixin


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
class HostChangeAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """The audit history, read-only: nobody edits the record of what happened."""

    list_display = ["at", "host_name", "username", "action", "summary", "sha256"]
    list_filter = ["action", "host_name", "username"]
    search_fields = ["host_name", "username", "summary", "diff"]
    date_hierarchy = "at"
    fields = ["at", "host_name", "username", "action", "summary", "sha256", "diff"]
    readonly_fields = fields

    def get_changelist(self, request, **kwargs):
        return DateCheckedChangeList
