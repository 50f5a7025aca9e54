"""Step 4: bridges, VLAN interfaces and addresses; and removing any interface the wizard made."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from netwizard.inventory import selectors, services
from netwizard.inventory.choices import InterfaceKind
from netwizard.inventory.models import Host, Interface

from .. import submissions
from ..access import editor_required
from ..forms import AddressForm, BridgeForm, VlanForm, WizardForm
from ..forms.layer3 import InterfaceForm
from ..htmx import HtmxHttpRequest
from ..preview import preview_of
from ..steps import STEPS_BY_KEY
from .common import (
    done,
    form_values,
    host_or_404,
    interface_or_404,
    page,
    query_dict,
    step_context,
    stored_preview,
)
from .nics import nic_section

SAVED = "Saved {name}."
REMOVED = "Removed {name}."
NOT_REMOVED = "{name} was not removed: {reason}"


@dataclass(frozen=True)
class FormSpec:
    """One kind of step-4 form: its form class, the kinds it edits and its services."""

    key: str
    form: type[InterfaceForm]
    kinds: tuple[str, ...]
    title_new: str
    create: Callable[..., Interface] | None
    update: Callable[..., Interface]
    instance_arg: str


BRIDGE = FormSpec(
    "bridge",
    BridgeForm,
    (InterfaceKind.BRIDGE,),
    "New Linux Bridge",
    services.bridge_create,
    services.bridge_update,
    "bridge",
)
VLAN = FormSpec(
    "vlan", VlanForm, (InterfaceKind.VLAN,), "New Linux VLAN", services.vlan_create, services.vlan_update, "vlan"
)
ADDRESS = FormSpec(
    "address",
    AddressForm,
    (InterfaceKind.BOND, InterfaceKind.NIC),
    "",
    None,
    services.interface_addresses_set,
    "interface",
)


@editor_required
@require_GET
def bridges(request: HtmxHttpRequest, name: str) -> HttpResponse:
    """Step 4: the bridges, VLANs and addresses of the host, each with its edit link."""
    host = host_or_404(name)
    rows = selectors.host_rows(host=host)
    by_pk = {r.pk: r for r in rows}

    def members(row: Interface) -> list[str]:
        return sorted(r.name for r in rows if r.master_id == row.pk)

    context = {
        **step_context(host, "bridges", stored_preview(host, rows)),
        "bridges": [{"row": r, "ports": members(r)} for r in rows if r.kind == InterfaceKind.BRIDGE],
        "vlans": [{"row": r, "parent": by_pk.get(r.raw_device_id)} for r in rows if r.kind == InterfaceKind.VLAN],
        # A bond or NIC that is not in a bond or bridge can carry an address itself.
        "addressable": [r for r in rows if r.kind in (InterfaceKind.BOND, InterfaceKind.NIC) and r.master_id is None],
        "next_bridge": selectors.interface_name_suggest(taken=[r.name for r in rows], prefix="vmbr"),
    }
    return page(request, "wizard/bridges.html", context)


@editor_required
@require_http_methods(["GET", "POST"])
def bridge_new(request: HtmxHttpRequest, name: str) -> HttpResponse:
    return _interface_page(request, name, None, BRIDGE)


@editor_required
@require_http_methods(["GET", "POST"])
def bridge_edit(request: HtmxHttpRequest, name: str, iface: str) -> HttpResponse:
    return _interface_page(request, name, iface, BRIDGE)


@editor_required
@require_http_methods(["GET", "POST"])
def vlan_new(request: HtmxHttpRequest, name: str) -> HttpResponse:
    return _interface_page(request, name, None, VLAN)


@editor_required
@require_http_methods(["GET", "POST"])
def vlan_edit(request: HtmxHttpRequest, name: str, iface: str) -> HttpResponse:
    return _interface_page(request, name, iface, VLAN)


@editor_required
@require_http_methods(["GET", "POST"])
def address_edit(request: HtmxHttpRequest, name: str, iface: str) -> HttpResponse:
    return _interface_page(request, name, iface, ADDRESS)


def _new_initial(spec: FormSpec, host: Host, rows: list[Interface], request: HtmxHttpRequest) -> dict:
    if spec is BRIDGE:
        initial = {"name": selectors.interface_name_suggest(taken=[r.name for r in rows], prefix="vmbr")}
        free_bonds = [r for r in rows if r.kind == InterfaceKind.BOND and r.master_id is None]
        usable = _ports_usable_as_they_are(host, rows, initial, free_bonds)
        if len(usable) == 1:
            initial["ports"] = usable  # the usual case: the bond just made becomes the bridge's port
        return initial
    if spec is VLAN and request.GET.get("on"):
        return {"raw_device": request.GET["on"]}
    return {}


def _ports_usable_as_they_are(host: Host, rows: list[Interface], initial: dict, ports: list[Interface]) -> list[str]:
    """The ports a new bridge can take without a change elsewhere: ticking one must not make
    the preview say saving would be refused. Decided by the rules the preview runs (a bond
    with its own address, say, is BOND-34 as a port), on the form as it would open."""
    if not ports:
        return []

    def errors(review: selectors.HostReview) -> set[tuple[str, str]]:
        return {(f.code, f.interface) for f in review.findings if f.is_error}

    before = errors(selectors.host_review_rows(host=host, rows=rows))
    usable = []
    for port in ports:
        form = BridgeForm(initial={**initial, "ports": [port.name]}, host=host, rows=rows)
        checked = BridgeForm(query_dict(form_values(form)), host=host, rows=rows)
        checked.is_valid()
        candidate, members = checked.candidate()
        after = selectors.host_review_candidate(host=host, rows=rows, interface=candidate, members=members)
        if not errors(after) - before:
            usable.append(port.name)
    return usable


def _interface_page(request: HtmxHttpRequest, name: str, iface: str | None, spec: FormSpec) -> HttpResponse:
    host = host_or_404(name)
    rows = selectors.host_rows(host=host)
    interface = interface_or_404(rows, iface, *spec.kinds) if iface else None
    next_url = reverse("wizard:bridges", args=[host.name])
    kwargs = {"host": host, "rows": rows, "interface": interface}
    if request.method == "POST":
        if submissions.replayed(request):
            return done(request, next_url)
        form = spec.form(request.POST, **kwargs)
        if form.is_valid():
            try:
                saved = _save(spec, host, interface, form)
            except ValidationError as error:
                form.add_service_error(error)
            else:
                submissions.record(request)
                messages.success(request, SAVED.format(name=saved.name))
                return done(request, next_url)
        # A refused save may have changed the objects in memory: preview from fresh rows.
        rows = selectors.host_rows(host=host)
        interface = next((r for r in rows if interface and r.pk == interface.pk), None)
        checked = spec.form(request.POST, host=host, rows=rows, interface=interface)
    elif request.GET.get("refresh"):
        form = checked = spec.form(request.GET, **kwargs)
    else:
        form = spec.form(initial=_new_initial(spec, host, rows, request) if interface is None else {}, **kwargs)
        checked = spec.form(query_dict(form_values(form)), **kwargs)
    if checked.is_bound:
        checked.is_valid()
    candidate, members = checked.candidate()
    before = selectors.host_review_rows(host=host, rows=rows)
    if candidate is None:
        preview = preview_of(before)
    else:
        after = selectors.host_review_candidate(host=host, rows=rows, interface=candidate, members=members)
        preview = preview_of(after, before, candidate=True)
    if request.method == "GET" and request.GET.get("refresh"):
        return page(request, "wizard/_preview.html", {"preview": preview}, partial="preview")
    context = {
        **step_context(host, "bridges", preview),
        "form": form,
        "spec": spec,
        "interface": interface,
        "title": f"{interface.get_kind_display()} {interface.name}" if interface else spec.title_new,
        "action": request.path,
        "oob": bool(request.htmx),
    }
    return page(request, "wizard/interface_form.html", context, partial="form-body")


def _save(spec: FormSpec, host: Host, interface: Interface | None, form: InterfaceForm) -> Interface:
    values = form.service_values()
    version = form.cleaned_data["expected_version"]
    if interface is None:
        assert spec.create is not None
        return spec.create(host=host, expected_version=version, **values)
    return spec.update(**{spec.instance_arg: interface}, expected_version=version, **values)


_STEP_OF_KIND = {
    InterfaceKind.NIC: "nics",
    InterfaceKind.BOND: "bonds",
    InterfaceKind.BRIDGE: "bridges",
    InterfaceKind.VLAN: "bridges",
}


@editor_required
@require_POST
def interface_delete(request: HtmxHttpRequest, name: str, iface: str) -> HttpResponse:
    """Remove a NIC, bond, bridge or VLAN; refused when the host would be left with an error."""
    host = host_or_404(name)
    from_nic_rows = bool(request.htmx) and request.htmx.target == "nic-section"
    if submissions.replayed(request):
        # A double submit: the interface is gone already; show the step as it is now.
        return _after_delete(request, host, request.POST.get("step", ""), from_nic_rows)
    rows = selectors.host_rows(host=host)
    interface = interface_or_404(rows, iface, *_STEP_OF_KIND)
    step_url = STEPS_BY_KEY[_STEP_OF_KIND[interface.kind]].url(host.name)
    form = WizardForm(request.POST, host=host)
    before = selectors.host_review_rows(host=host, rows=rows)
    reason = ""
    if not form.is_valid():
        reason = "the page was incomplete; reload it and try again."
    else:
        try:
            services.interface_delete(interface=interface, expected_version=form.cleaned_data["expected_version"])
        except ValidationError as error:
            reason = " ".join(error.messages)
    if reason:
        if from_nic_rows:
            switches = selectors.switch_list()
            return nic_section(
                request, host, rows, switches, preview=preview_of(before), row_error=(interface.name, reason)
            )
        messages.error(request, NOT_REMOVED.format(name=interface.name, reason=reason))
        return done(request, step_url)
    submissions.record(request)
    if from_nic_rows:
        host = host_or_404(name)
        rows = selectors.host_rows(host=host)
        after = selectors.host_review_rows(host=host, rows=rows)
        return nic_section(request, host, rows, selectors.switch_list(), preview=preview_of(after, before))
    messages.success(request, REMOVED.format(name=interface.name))
    return done(request, step_url)


def _after_delete(request: HtmxHttpRequest, host: Host, step: str, from_nic_rows: bool) -> HttpResponse:
    if from_nic_rows:
        rows = selectors.host_rows(host=host)
        return nic_section(request, host, rows, selectors.switch_list(), preview=stored_preview(host, rows))
    return done(request, STEPS_BY_KEY.get(step, STEPS_BY_KEY["review"]).url(host.name))
