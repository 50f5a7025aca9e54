"""/api/hosts/: the inventory's hosts, and for each its findings, file and diagram.

Each answer carries the host's version as its ETag; a write that sends it back in
If-Match is refused (412) when the host changed in between, as the wizard's pages refuse
an edit made from a stale page.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from netwizard.inventory import selectors, services
from netwizard.inventory.models import Host
from netwizard.network.interfaces_file.root_commands import root_command_lines

from .writes import etag, expected_version, service_errors

COUNTED = [kind.value for kind in selectors.COUNTED_KINDS]


class HostPages(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class HostWrite(serializers.Serializer):
    name = serializers.CharField(max_length=63, help_text="the node's hostname, e.g. pve1")
    cluster = serializers.CharField(max_length=63, required=False, allow_blank=True, default="")
    description = serializers.CharField(required=False, allow_blank=True, default="")


class HostRead(serializers.Serializer):
    name = serializers.CharField()
    cluster = serializers.CharField()
    description = serializers.CharField()
    version = serializers.IntegerField(help_text="send it back in If-Match to refuse a stale write")
    updated_at = serializers.DateTimeField()
    interfaces = serializers.DictField(child=serializers.IntegerField(), help_text="how many of each kind")
    url = serializers.CharField()


def host_data(host: Host) -> dict:
    return {
        "name": host.name,
        "cluster": host.cluster,
        "description": host.description,
        "version": host.version,
        "updated_at": host.updated_at,
        "interfaces": {kind: getattr(host, f"{kind}_count", 0) for kind in COUNTED},
        "url": reverse("api:host", args=[host.name]),
    }


def _one(host: Host, *, status_code: int = status.HTTP_200_OK) -> Response:
    (counted,) = selectors.host_interface_counts(hosts=[host])
    return Response(host_data(counted), status=status_code, headers={"ETag": etag(host.version)})


@extend_schema(
    methods=["GET"],
    operation_id="hosts_list",
    summary="List hosts",
    parameters=[OpenApiParameter("cluster", str, description="only the hosts of this cluster")],
    responses=HostRead(many=True),
)
@extend_schema(
    methods=["POST"], operation_id="hosts_create", summary="Add a host", request=HostWrite, responses={201: HostRead}
)
@api_view(["GET", "POST"])
def hosts(request):
    if request.method == "POST":
        body = HostWrite(data=request.data)
        body.is_valid(raise_exception=True)
        with service_errors():
            host = services.host_create(**body.validated_data)
        return _one(host, status_code=status.HTTP_201_CREATED)
    pages = HostPages()
    page = pages.paginate_queryset(selectors.host_list(cluster=request.query_params.get("cluster")), request)
    return pages.get_paginated_response([host_data(h) for h in selectors.host_interface_counts(hosts=page or [])])


@extend_schema(methods=["GET"], operation_id="hosts_read", summary="One host", responses=HostRead)
@extend_schema(
    methods=["PATCH"],
    operation_id="hosts_update",
    summary="Rename or describe a host",
    request=HostWrite(partial=True),
    responses={200: HostRead, 412: OpenApiResponse(description="the host changed since the ETag sent in If-Match")},
)
@extend_schema(
    methods=["DELETE"], operation_id="hosts_delete", summary="Delete a host and its interfaces", responses={204: None}
)
@api_view(["GET", "PATCH", "DELETE"])
def host(request, name: str):
    found = get_object_or_404(Host, name=name)
    if request.method == "GET":
        return _one(found)
    version = expected_version(request)
    if request.method == "DELETE":
        with service_errors():
            services.host_delete(host=found, expected_version=version)
        return Response(status=status.HTTP_204_NO_CONTENT)
    body = HostWrite(data=request.data, partial=True)
    body.is_valid(raise_exception=True)
    fields = {f: body.validated_data.get(f, getattr(found, f)) for f in ("name", "cluster", "description")}
    with service_errors():
        services.host_update(host=found, expected_version=version, **fields)
    return _one(found)


@extend_schema(
    operation_id="hosts_findings",
    summary="What the rules find in the host's file",
    responses=inline_serializer("HostFindings", {"findings": serializers.ListField(child=serializers.DictField())}),
)
@api_view(["GET"])
def host_findings(request, name: str):
    review = selectors.host_review(host=get_object_or_404(Host, name=name))
    return Response({"findings": [f.as_dict() for f in review.findings]})


def host_served(name: str) -> tuple[Host, selectors.HostReview, selectors.ServedFile]:
    """The host (404 if none), its review and what its download hands out, as the download page decides."""
    host = get_object_or_404(Host.objects.select_related("root_command_review"), name=name)
    review = selectors.host_review(host=host)
    return host, review, selectors.host_served_file(host=host, review=review)


@extend_schema(
    operation_id="hosts_interfaces_file",
    summary="The host's /etc/network/interfaces",
    description="409 with the findings while errors block the file, or with the lines that run commands as root "
    "while they wait for approval (as the download page withholds it).",
    responses={(200, "text/plain"): OpenApiTypes.STR, 409: OpenApiResponse(description="blocked or withheld")},
)
@api_view(["GET"])
def host_interfaces_file(request, name: str):
    found, review, served = host_served(name)
    if served.blocked:
        body = {"error": {"message": f"{found.name}'s file has error findings: fix them first.", "status": 409}}
        if served.unsafe:
            body["error"]["message"] = f"{found.name}'s file cannot be written safely: {served.unsafe}"
        return Response({**body, "findings": [f.as_dict() for f in review.errors]}, status=status.HTTP_409_CONFLICT)
    if not served.handed_out:
        lines = [{"interface": line.interface, "text": line.text} for line in root_command_lines(review.network)]
        message = f"{found.name}'s file has lines that run commands as root and wait for approval on its download page."
        return Response({"error": {"message": message, "status": 409}, "root_commands": lines}, status=409)
    try:
        services.host_download_record(host=found, text=served.handed_out)  # as the page's download does
    except services.DownloadLimitReached as limit:
        return Response(
            {"error": {"message": str(limit), "status": 429}},
            status=status.HTTP_429_TOO_MANY_REQUESTS,
            headers={"Retry-After": str(limit.retry_after)},
        )
    return HttpResponse(served.handed_out, content_type="text/plain; charset=utf-8")


@extend_schema(
    operation_id="hosts_topology",
    summary="The host's topology diagram",
    responses={(200, "image/svg+xml"): OpenApiTypes.STR},
)
@api_view(["GET"])
def host_topology(request, name: str):
    svg = selectors.host_review(host=get_object_or_404(Host, name=name)).topology_svg()
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
