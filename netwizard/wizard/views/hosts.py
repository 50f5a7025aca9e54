"""Step 1: create a host (empty, from a layout of the bonding guide, or from its file), edit it,
re-import the file an existing host runs; and delete a host, after a page naming what goes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from netwizard.inventory import selectors, services
from netwizard.inventory.choices import InterfaceKind
from netwizard.inventory.models import Host
from netwizard.network import bonding, rules

from .. import submissions
from ..access import editor_required, host_deleter_required
from ..forms import HostCreateForm, HostEditForm, HostImportForm
from ..forms.base import WizardForm
from ..forms.hosts import IMPORT_PROMISE, START_EMPTY, START_IMPORT
from ..htmx import HtmxHttpRequest
from .common import done, host_or_404, page, step_context, stored_preview

CREATED = "Created {host}. Add its NICs next."
CREATED_FROM_LAYOUT = (
    "Created {host} from the layout '{layout}'. Check that the NIC names match the hardware, then the addresses "
    "in step 4: they are examples. {bond} uses {mode}. {reasoning}"
)
IMPORTED = "Imported {count} into {host}: {errors}, {warnings}."
DELETED = "Deleted {host} and its {count}. Its history stays in the audit log."
NOT_DELETED = "{host} was not deleted: {reason}"
KIND_NOUNS = {
    InterfaceKind.NIC: "NIC",
    InterfaceKind.BOND: "bond",
    InterfaceKind.BRIDGE: "bridge",
    InterfaceKind.VLAN: "VLAN",
    InterfaceKind.LOOPBACK: "loopback",
    InterfaceKind.OTHER: "other stanza",
}


def _nics_url(name: str) -> str:
    return reverse("wizard:nics", args=[name])


@editor_required
@require_http_methods(["GET", "POST"])
def host_new(request: HtmxHttpRequest) -> HttpResponse:
    switches = selectors.switch_list()
    if request.method == "POST":
        form = HostCreateForm(request.POST, request.FILES, switches=switches)
        if submissions.replayed(request) and Host.objects.filter(name=request.POST.get("name", "")).exists():
            return done(request, _nics_url(request.POST["name"]))
        if form.is_valid():
            try:
                url = _host_create(request, form)
            except ValidationError as error:
                form.add_error("name" if getattr(error, "code", "") == "exists" else None, error)
            else:
                submissions.record(request)
                return done(request, url)
    else:
        form = HostCreateForm(switches=switches)
    context = {"form": form, "has_switches": bool(switches), "import_promise": IMPORT_PROMISE}
    return page(request, "wizard/host_new.html", context, partial="form-body")


def _host_create(request: HtmxHttpRequest, form: HostCreateForm) -> str:
    data = form.cleaned_data
    fields = {"name": data["name"], "cluster": data.get("cluster", ""), "description": data.get("description", "")}
    start = data["start"]
    if start == START_EMPTY:
        host = services.host_create(**fields)
        messages.success(request, CREATED.format(host=host.name))
        return _nics_url(host.name)
    if start == START_IMPORT:
        host = services.host_import_interfaces(network=data["network"], text=data["file_text"], **fields)
        _imported_message(request, host, len(data["network"].interfaces))
        return reverse("wizard:review", args=[host.name])
    host = services.host_create_from_layout(layout=start, switch=data.get("switch_obj"), **fields)
    # Why the bond has its mode, from the answers the layout stored with it: the bond step's words.
    bond = host.interfaces.get(kind=InterfaceKind.BOND)
    recommendation = rules.recommend_bond_mode(bond.wizard_answers or {})
    text = CREATED_FROM_LAYOUT.format(
        host=host.name,
        layout=services.SEED_LAYOUTS[start],
        bond=bond.name,
        mode=bonding.MODES_BY_NAME[bond.bond_mode].label,
        reasoning=recommendation.reasoning,
    )
    messages.success(request, text)
    return _nics_url(host.name)


def _counted(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _imported_message(request: HtmxHttpRequest, host: Host, count: int) -> None:
    review = selectors.host_review(host=host)
    text = IMPORTED.format(
        count=_counted(count, "interface"),
        host=host.name,
        errors=_counted(len(review.errors), "error"),
        warnings=_counted(len(review.warnings), "warning"),
    )
    messages.success(request, text)


@editor_required
@require_http_methods(["GET", "POST"])
def host_edit(request: HtmxHttpRequest, name: str) -> HttpResponse:
    host = host_or_404(name)
    if request.method == "POST":
        form = HostEditForm(request.POST, host=host)
        if submissions.replayed(request):
            return done(request, _nics_url(host.name))
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.host_update(
                    host=host,
                    name=data["name"],
                    cluster=data["cluster"],
                    description=data["description"],
                    expected_version=data["expected_version"],
                )
            except ValidationError as error:
                host = host_or_404(name)
                form.add_service_error(error)
            else:
                submissions.record(request)
                return done(request, _nics_url(host.name))
    else:
        form = HostEditForm(host=host)
    rows = selectors.host_rows(host=host)
    context = {**step_context(host, "host", stored_preview(host, rows)), "form": form}
    return page(request, "wizard/host_edit.html", context, partial="form-body")


@editor_required
@require_http_methods(["GET", "POST"])
def host_import(request: HtmxHttpRequest, name: str) -> HttpResponse:
    host = host_or_404(name)
    review_url = reverse("wizard:review", args=[host.name])
    if request.method == "POST":
        form = HostImportForm(request.POST, request.FILES, host=host)
        if submissions.replayed(request):
            return done(request, review_url)
        if form.is_valid():
            data = form.cleaned_data
            try:
                host = services.host_reimport(
                    host=host,
                    network=data["network"],
                    text=data["file_text"],
                    expected_version=data["expected_version"],
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                submissions.record(request)
                _imported_message(request, host, len(data["network"].interfaces))
                return done(request, review_url)
    else:
        form = HostImportForm(host=host)
    count = host.interfaces.count()
    context = {"host": host, "form": form, "count": count, "import_promise": IMPORT_PROMISE}
    return page(request, "wizard/host_import.html", context, partial="form-body")


@host_deleter_required
@require_GET
def host_delete_confirm(request: HtmxHttpRequest, name: str) -> HttpResponse:
    """What deleting the host removes and what stays, and the button that does it."""
    host = host_or_404(name)
    deletion = selectors.host_deletion(host=host)
    kinds = [(_counted(len(names), KIND_NOUNS.get(kind, kind)), names) for kind, names in deletion.interfaces]
    context = {"host": host, "deletion": deletion, "kinds": kinds, "form": WizardForm(host=host)}
    return page(request, "wizard/host_delete.html", context)


@host_deleter_required
@require_POST
def host_delete(request: HtmxHttpRequest, name: str) -> HttpResponse:
    """Delete the host the confirmation page showed, through the audited service; refused
    when the host changed since that page was shown (it would not be what the page named)."""
    hosts_url = reverse("wizard:host_list")
    if submissions.replayed(request):  # a double click: the host is gone already
        return done(request, hosts_url)
    host = host_or_404(name)
    form = WizardForm(request.POST, host=host)
    reason = "" if form.is_valid() else "the page was incomplete; reload it and try again."
    if not reason:
        count = host.interfaces.count()
        try:
            services.host_delete(host=host, expected_version=form.cleaned_data["expected_version"])
        except ValidationError as error:
            reason = " ".join(error.messages) + " Check what would be deleted now, then confirm again."
    if reason:
        messages.error(request, NOT_DELETED.format(host=name, reason=reason))
        return done(request, reverse("wizard:host_delete_confirm", args=[name]))
    submissions.record(request)
    messages.success(request, DELETED.format(host=name, count=_counted(count, "interface")))
    return done(request, hosts_url)
