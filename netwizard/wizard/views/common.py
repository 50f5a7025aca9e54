"""What the wizard's views share: loading a host once, the page around each step, and
answering HTMX and plain requests alike."""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django_htmx.http import HttpResponseClientRedirect

from netwizard.inventory import selectors
from netwizard.inventory.models import Host, Interface

from ..htmx import HtmxHttpRequest
from ..preview import Preview, preview_of
from ..steps import STEPS, STEPS_BY_KEY


def host_or_404(name: str) -> Host:
    return get_object_or_404(Host, name=name)


def interface_or_404(rows: list[Interface], name: str, *kinds: str) -> Interface:
    for row in rows:
        if row.name == name and (not kinds or row.kind in kinds):
            return row
    raise Http404(f"No interface {name}")


def page(
    request: HtmxHttpRequest,
    template: str,
    context: dict,
    *,
    partial: str | None = None,
    status: int = 200,
) -> TemplateResponse:
    """The whole page, or only `partial` of it for an HTMX request."""
    name = f"{template}#{partial}" if partial and request.htmx and not request.htmx.boosted else template
    return TemplateResponse(request, name, context, status=status)


def done(request: HtmxHttpRequest, url: str) -> HttpResponse:
    """After a successful save: a plain redirect (POST/redirect/GET), or its HTMX equivalent."""
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


def step_context(host: Host, step: str, preview: Preview) -> dict:
    """The frame of every wizard page: the host, the steps with the current one, the preview."""
    return {"host": host, "steps": STEPS, "step": STEPS_BY_KEY[step], "preview": preview}


def stored_preview(host: Host, rows: list[Interface]) -> Preview:
    return preview_of(selectors.host_review_rows(host=host, rows=rows))


def form_values(form: forms.Form) -> dict:
    """What an unbound form shows in each field (its initial values)."""
    return {name: form[name].value() for name in form.fields}


def query_dict(values: dict) -> QueryDict:
    """Values as form data, so a form can be validated against what it shows."""
    data = QueryDict(mutable=True)
    for key, value in values.items():
        if value is None:
            continue
        data.setlist(key, [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)])
    return data
