"""What a host's change needs beyond its file: the safe apply plan and the switch-side
checklists, the same ones the download page shows."""

from __future__ import annotations

import dataclasses
import enum

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.response import Response

from netwizard.inventory import apply_plans, selectors
from netwizard.inventory.models import Host
from netwizard.network.plans import switch_side

from .hosts import host_served

BLOCKED = "There is no plan while {host}'s file is blocked: {why}"
WHY_ERRORS = "it has error findings."
WHY_ROOT = "its lines that run commands as root wait for approval on its download page."


def _plain(value):
    """A checklist as JSON: enums by value, tuples as lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


@extend_schema(
    operation_id="hosts_apply_plan",
    summary="The safe apply plan (shell), with its automatic revert",
    responses={(200, "text/plain"): OpenApiTypes.STR, 409: OpenApiResponse(description="no plan yet, and why")},
)
@api_view(["GET"])
def host_apply_plan(request, name: str):
    host, review, served = host_served(name)
    plan = apply_plans.host_apply_plan(host=host, review=review, blocked=not served.handed_out)
    if not plan.text:
        why = plan.refused or (WHY_ERRORS if served.blocked else WHY_ROOT)
        body = {"error": {"message": BLOCKED.format(host=host.name, why=why), "status": 409}}
        if served.blocked:
            body["findings"] = [f.as_dict() for f in review.errors]
        return Response(body, status=status.HTTP_409_CONFLICT)
    return HttpResponse(plan.text, content_type="text/plain; charset=utf-8")


@extend_schema(
    operation_id="hosts_switch_checklist",
    summary="What the switch ports behind each bond must be set to",
    responses=inline_serializer(
        "SwitchChecklists", {"checklists": serializers.ListField(child=serializers.DictField())}
    ),
)
@api_view(["GET"])
def host_switch_checklist(request, name: str):
    review = selectors.host_review(host=get_object_or_404(Host, name=name))
    checklists = switch_side.host_switch_checklists(review.network, review.context)
    return Response({"checklists": [_plain(c) for c in checklists]})
