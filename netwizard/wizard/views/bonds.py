"""Step 3: Linux Bonds. The questions behind the mode are answered on the form; every
answer re-renders the recommendation, the seven modes and the preview in place."""

from __future__ import annotations

from collections.abc import Collection

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from netwizard.inventory import selectors, services
from netwizard.inventory.choices import InterfaceKind
from netwizard.inventory.models import Host, Interface
from netwizard.network import bonding, rules

from .. import submissions
from ..access import editor_required
from ..forms import BondForm
from ..forms.bonds import SWITCH_ANSWER_FIELDS, UNKNOWN, answers_of, derived_answers
from ..htmx import HtmxHttpRequest
from ..preview import preview_of
from .common import done, form_values, host_or_404, interface_or_404, page, query_dict, step_context, stored_preview

MULTIPLE = ("members", "carries")
FIELDS = (
    "expected_version",
    "submission",
    "name",
    "members",
    "switch_lacp",
    "topology",
    "carries_cluster",
    "carries",
    "mode",
    "miimon",
    "xmit_hash_policy",
    "lacp_rate",
    "primary",
    "mtu",
)
SAVED = "Saved {bond} ({mode}). Next: use it as a bridge port, or give it an address."
RESELECTED = "{mode} is now selected: it is the recommended mode for these answers."
REFUSED_MODE = "{old} is not allowed with these answers, so {mode} is selected instead."


@editor_required
@require_GET
def bonds(request: HtmxHttpRequest, name: str) -> HttpResponse:
    """Step 3: the host's bonds, or straight away the form for its first one."""
    host = host_or_404(name)
    rows = selectors.host_rows(host=host)
    bond_rows = [r for r in rows if r.kind == InterfaceKind.BOND]
    if not bond_rows:
        return _bond_page(request, host, rows, None)
    by_pk = {r.pk: r for r in rows}
    items = [
        {
            "bond": bond,
            "mode": bonding.MODES_BY_NAME.get(bond.bond_mode),
            "members": sorted(r.name for r in rows if r.master_id == bond.pk),
            "master": by_pk.get(bond.master_id),
            "primary": by_pk.get(bond.bond_primary_id),
        }
        for bond in bond_rows
    ]
    context = {**step_context(host, "bonds", stored_preview(host, rows)), "items": items}
    return page(request, "wizard/bonds.html", context)


@editor_required
@require_http_methods(["GET", "POST"])
def bond_new(request: HtmxHttpRequest, name: str) -> HttpResponse:
    host = host_or_404(name)
    return _bond_page(request, host, selectors.host_rows(host=host), None)


@editor_required
@require_http_methods(["GET", "POST"])
def bond_edit(request: HtmxHttpRequest, name: str, iface: str) -> HttpResponse:
    host = host_or_404(name)
    rows = selectors.host_rows(host=host)
    return _bond_page(request, host, rows, interface_or_404(rows, iface, InterfaceKind.BOND))


def _action(host: Host, bond: Interface | None) -> str:
    if bond is None:
        return reverse("wizard:bond_new", args=[host.name])
    return reverse("wizard:bond_edit", args=[host.name, bond.name])


def _bond_page(request: HtmxHttpRequest, host: Host, rows: list[Interface], bond: Interface | None) -> HttpResponse:
    if request.method == "POST":
        return _bond_post(request, host, rows, bond)
    if request.GET.get("refresh"):
        # An answer, the members or the mode changed: show its consequences, save nothing.
        values, notice, prefilled = _refreshed_values(request.GET, rows, bond)
        form = BondForm(initial=values, host=host, rows=rows, bond=bond)
        changed = request.GET.get("_changed", "")
        parts = {"refresh_questions": prefilled, "refresh_modes": changed not in ("mode", "options")}
        if not request.htmx:
            parts = {}  # without HTMX there is no page to patch: show the whole form
        return _bond_render(request, host, rows, bond, form, values=values, notice=notice, parts=parts)
    initial = {}
    if bond is None:
        initial["name"] = selectors.interface_name_suggest(taken=[r.name for r in rows], prefix="bond")
    form = BondForm(initial=initial, host=host, rows=rows, bond=bond)
    return _bond_render(request, host, rows, bond, form, values=form_values(form))


def _bond_post(request: HtmxHttpRequest, host: Host, rows: list[Interface], bond: Interface | None) -> HttpResponse:
    next_url = reverse("wizard:bridges", args=[host.name])
    if request.POST.get("_preview"):
        # Without JavaScript, "Update the recommendation" posts the form: show its consequences, save nothing.
        query = request.POST.copy()
        query["_changed"], answered = _changed_without_javascript(request.POST)
        values, notice, _ = _refreshed_values(query, rows, bond, answered=answered)
        form = BondForm(initial=values, host=host, rows=rows, bond=bond)
        return _bond_render(request, host, rows, bond, form, values=values, notice=notice)
    if submissions.replayed(request):
        return done(request, next_url)
    form = BondForm(request.POST, host=host, rows=rows, bond=bond)
    if form.is_valid():
        values = form.service_values()
        version = form.cleaned_data["expected_version"]
        try:
            if bond is None:
                saved = services.bond_create(host=host, expected_version=version, **values)
            else:
                saved = services.bond_update(bond=bond, expected_version=version, **values)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            submissions.record(request)
            mode = bonding.MODES_BY_NAME[saved.bond_mode].label
            messages.success(request, SAVED.format(bond=saved.name, mode=mode))
            return done(request, next_url)
    # A refused save may have changed the objects in memory: preview from fresh rows.
    rows = selectors.host_rows(host=host)
    bond = next((r for r in rows if bond is not None and r.pk == bond.pk), None)
    checked = BondForm(request.POST, host=host, rows=rows, bond=bond)
    return _bond_render(request, host, rows, bond, form, checked=checked)


def _bond_render(
    request: HtmxHttpRequest,
    host: Host,
    rows: list[Interface],
    bond: Interface | None,
    form: BondForm,
    *,
    values: dict | None = None,
    checked: BondForm | None = None,
    notice: str = "",
    parts: dict | None = None,
) -> HttpResponse:
    """The bond form with the preview of what saving it would write; with `parts`, only
    those parts of it (the answer to a change)."""
    if checked is None:
        checked = BondForm(query_dict(values or {}), host=host, rows=rows, bond=bond)
    checked.is_valid()
    candidate, members = checked.candidate()
    before = selectors.host_review_rows(host=host, rows=rows)
    if bond is None and not members:
        preview = preview_of(before)  # nothing to show until members are picked
    else:
        after = selectors.host_review_candidate(host=host, rows=rows, interface=candidate, members=members)
        preview = preview_of(after, before, candidate=True)
    context = {
        **step_context(host, "bonds", preview),
        "form": form,
        "bond": bond,
        "action": _action(host, bond),
        "notice": notice,
        "oob": bool(request.htmx),
        **(parts or {}),
    }
    if parts:
        return TemplateResponse(request, "wizard/bond_form.html#bond-refresh", context)
    return page(request, "wizard/bond_form.html", context, partial="bond-body")


def _changed_without_javascript(post: QueryDict) -> tuple[str, set[str]]:
    """What a post of the noscript button changed, and the switch answers the user gave in it.

    HTMX asks once per change; a plain post carries them all at once. It is a change of the
    members (which pre-fills the switch answers the inventory knows, as HTMX does) when they
    differ from those the page showed (`_shown_members`); an answer that differs from the
    one shown was given by the user in the same post, and the inventory does not replace it.
    """
    if not post.get("_shown"):
        return post["_preview"], set()
    answered = {k for k in SWITCH_ANSWER_FIELDS if post.get(k) != post.get(f"_shown_{k}")}
    if sorted(post.getlist("members")) != sorted(post.getlist("_shown_members")):
        return "members", answered
    return post["_preview"], answered


def _refreshed_values(
    query: QueryDict,
    rows: list[Interface],
    bond: Interface | None,
    *,
    answered: Collection[str] = (),
) -> tuple[dict, str, bool]:
    """The form's values after the change that triggered the refresh, what it changed for the
    user, and whether the answers were pre-filled.

    New members pre-fill the switch answers the inventory knows (but not those in `answered`,
    given by the user in the same post); new answers select the recommended mode; a selected
    mode that is no longer allowed gives way to it.
    """
    values = {f: query.getlist(f) if f in MULTIPLE else query.get(f) for f in FIELDS}
    changed = query.get("_changed", "")
    nics = {r.name: r for r in rows if r.kind == InterfaceKind.NIC}
    prefilled = False
    if changed == "members":
        for key, value in derived_answers([nics[m] for m in values["members"] if m in nics]).items():
            if value != UNKNOWN and values.get(key) != value and key not in answered:
                values[key] = value
                prefilled = True
    recommendation = rules.recommend_bond_mode(answers_of(values))
    old = values.get("mode") or ""
    notice = ""
    if changed in ("members", "answers") and old != recommendation.mode:
        values["mode"] = recommendation.mode
        notice = RESELECTED.format(mode=recommendation.recommended.label)
    elif old in recommendation.not_allowed:
        values["mode"] = recommendation.mode
        notice = REFUSED_MODE.format(old=bonding.MODES_BY_NAME[old].label, mode=recommendation.recommended.label)
    # A primary that is not (yet) a member stays chosen; the form says why it cannot be saved so.
    return values, notice, prefilled
