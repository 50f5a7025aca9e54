"""/api/switches/: the switches hosts' NICs are cabled to."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.response import Response

from netwizard.inventory import selectors, services
from netwizard.inventory.models import Switch

from .writes import service_errors


class SwitchSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=64)
    lacp = serializers.BooleanField(default=False, help_text="the switch can run LACP (802.3ad)")
    stack = serializers.CharField(
        max_length=64, allow_blank=True, default="", help_text="switches of one stack or MLAG pair share it"
    )
    notes = serializers.CharField(allow_blank=True, default="")


def switch_data(switch: Switch) -> dict:
    return {"name": switch.name, "lacp": switch.lacp, "stack": switch.stack, "notes": switch.notes}


@extend_schema(
    methods=["GET"], operation_id="switches_list", summary="List switches", responses=SwitchSerializer(many=True)
)
@extend_schema(
    methods=["POST"],
    operation_id="switches_create",
    summary="Add a switch",
    request=SwitchSerializer,
    responses={201: SwitchSerializer},
)
@api_view(["GET", "POST"])
def switches(request):
    if request.method == "GET":
        return Response([switch_data(s) for s in selectors.switch_list()])
    body = SwitchSerializer(data=request.data)
    body.is_valid(raise_exception=True)
    with service_errors():
        switch = services.switch_create(**body.validated_data)
    return Response(switch_data(switch), status=status.HTTP_201_CREATED)
