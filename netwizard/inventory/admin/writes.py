"""How the admin writes: through the services, refused as the wizard refuses a stale edit,
or not at all on the pages that only show rows."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponseRedirect

from .. import services
from ..formfields import MultilineTextField

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


class ReadOnlyMixin:
    """A page that only shows rows: nobody adds, changes or deletes them through it."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
