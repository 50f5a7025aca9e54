"""Step 2: the host's NICs as rows edited in place, names checked as they are typed, and
switches added on the spot."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from netwizard.inventory import selectors, services
from netwizard.inventory.choices import InterfaceKind
from netwizard.inventory.models import Host, Interface, Switch

from .. import submissions
from ..access import editor_required, viewer_required
from ..forms import NicForm, SwitchForm, nic_name_problem
from ..forms.nics import NAME_OK, NIC_MTU_HELP_ID, speed_label
from ..htmx import HtmxHttpRequest
from ..preview import Preview, preview_of
from .common import host_or_404, interface_or_404, page, step_context, stored_preview

SWITCH_ADDED = "Added switch {name}; pick it in a NIC's Switch column."


def nic_section(
    request: HtmxHttpRequest,
    host: Host,
    rows: list[Interface],
    switches: list[Switch],
    *,
    preview: Preview,
    edit: str = "",
    edit_form: NicForm | None = None,
    add_form: NicForm | None = None,
    switch_form: SwitchForm | None = None,
    focus_add: bool = False,
    row_error: tuple[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The NIC step, or only its NIC section (and the preview, out of band) for HTMX."""
    names = {r.name for r in rows}
    by_pk = {r.pk: r for r in rows}
    nics = [r for r in rows if r.kind == InterfaceKind.NIC]
    if edit and edit_form is None:
        nic = next((n for n in nics if n.name == edit), None)
        if nic is not None:
            edit_form = NicForm(host=host, switches=switches, nic=nic, taken=names - {nic.name})
    editing = edit_form.nic.pk if edit_form is not None and edit_form.nic is not None else None
    items = [
        {
            "nic": nic,
            "speed": speed_label(nic.speed_mbps),
            "master": by_pk.get(nic.master_id),
            "form": edit_form if nic.pk == editing else None,
            "error": row_error[1] if row_error and row_error[0] == nic.name else "",
        }
        for nic in nics
    ]
    add_form = add_form or NicForm(host=host, switches=switches, taken=names)
    add_form.suggest_name()
    check_url = reverse("wizard:nic_name_check", args=[host.name])
    for form in (add_form, edit_form):
        if form is not None:
            form.enable_name_check(check_url)
            form.link_errors()
    if focus_add:
        add_form.fields["name"].widget.attrs["autofocus"] = True  # ready for the next NIC
    context = {
        **step_context(host, "nics", preview),
        "items": items,
        "add_form": add_form,
        "switch_form": switch_form or SwitchForm(host=host),
        "switches": switches,
        "focus_add": focus_add,
        "nic_mtu_help_id": NIC_MTU_HELP_ID,
        "nic_mtu_help": add_form.fields["mtu"].help_text,
        "oob": bool(request.htmx),
    }
    return page(request, "wizard/nics.html", context, partial="nic-section", status=status)


def _load(name: str) -> tuple[Host, list[Interface], list[Switch]]:
    host = host_or_404(name)
    return host, selectors.host_rows(host=host), selectors.switch_list()


@editor_required
@require_GET
def nics(request: HtmxHttpRequest, name: str) -> HttpResponse:
    """The NIC step; `?edit=eno1` opens that row's form (what the Edit button does without JavaScript)."""
    host, rows, switches = _load(name)
    edit = request.GET.get("edit", "")
    return nic_section(request, host, rows, switches, preview=stored_preview(host, rows), edit=edit)


def _saved(request: HtmxHttpRequest, name: str, before, *, focus_add: bool = False) -> HttpResponse:
    """After a change: the section with the lines it changed marked (HTMX), or back to the step."""
    submissions.record(request)
    if not request.htmx:
        return redirect("wizard:nics", name)
    host, rows, switches = _load(name)
    after = selectors.host_review_rows(host=host, rows=rows)
    return nic_section(request, host, rows, switches, preview=preview_of(after, before), focus_add=focus_add)


@editor_required
@require_POST
def nic_add(request: HtmxHttpRequest, name: str) -> HttpResponse:
    host, rows, switches = _load(name)
    if submissions.replayed(request):
        return _saved(request, name, None)
    form = NicForm(request.POST, host=host, switches=switches, taken={r.name for r in rows})
    before = selectors.host_review_rows(host=host, rows=rows)
    if form.is_valid():
        try:
            services.nic_create(host=host, expected_version=form.cleaned_data["expected_version"], **form.values())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            return _saved(request, name, before, focus_add=True)
    return nic_section(request, host, rows, switches, preview=preview_of(before), add_form=form)


@editor_required
@require_http_methods(["GET", "POST"])
def nic_edit(request: HtmxHttpRequest, name: str, iface: str) -> HttpResponse:
    host, rows, switches = _load(name)
    nic = interface_or_404(rows, iface, InterfaceKind.NIC)
    if request.method == "GET":
        if not request.htmx:
            return redirect(reverse("wizard:nics", args=[name]) + f"?edit={iface}#nic-{iface}")
        return nic_section(request, host, rows, switches, preview=stored_preview(host, rows), edit=iface)
    if submissions.replayed(request):
        return _saved(request, name, None)
    taken = {r.name for r in rows if r.pk != nic.pk}
    form = NicForm(request.POST, host=host, switches=switches, nic=nic, taken=taken)
    before = selectors.host_review_rows(host=host, rows=rows)
    if form.is_valid():
        try:
            services.nic_update(nic=nic, expected_version=form.cleaned_data["expected_version"], **form.values())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            return _saved(request, name, before)
    rows = selectors.host_rows(host=host)  # the failed save may have changed the objects in memory
    return nic_section(request, host, rows, switches, preview=preview_of(before), edit=iface, edit_form=form)


@viewer_required
@require_GET
def nic_name_check(request: HtmxHttpRequest, name: str) -> HttpResponse:
    """Says, while the name is typed, whether it can be a new NIC's name on this host."""
    host = host_or_404(name)
    current = request.GET.get("current", "")
    value = request.GET.get("name", "").strip()
    taken = set(host.interfaces.exclude(name=current).values_list("name", flat=True))
    problem = nic_name_problem(value, host_name=host.name, taken=taken) if value else ""
    context = {
        "problem": problem,
        "ok": NAME_OK.format(name=value) if value and not problem else "",
        "feedback_id": request.GET.get("feedback", "name-feedback"),
    }
    return TemplateResponse(request, "wizard/nics.html#name-feedback", context)


@editor_required
@require_POST
def switch_add(request: HtmxHttpRequest, name: str) -> HttpResponse:
    host, rows, switches = _load(name)
    if submissions.replayed(request):
        return _saved(request, name, None)
    form = SwitchForm(request.POST, host=host)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.switch_create(name=data["name"], lacp=data["lacp"], stack=data["stack"])
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, SWITCH_ADDED.format(name=data["name"]))
            return _saved(request, name, None)
    return nic_section(request, host, rows, switches, preview=stored_preview(host, rows), switch_form=form)
