"""POST /api/hosts/{name}/import/: store the file a host runs, as the import page does.

The body is the file (`text/plain`), up to the import's size limit. The host is created
when missing; an existing host's interfaces are replaced only with `?replace=1`. The
answer is the host with the rules' findings about the stored file.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import api_view, parser_classes
from rest_framework.response import Response

from netwizard.inventory import selectors, services
from netwizard.inventory.models import Host
from netwizard.network import cli

from .hosts import host_data
from .parsers import PlainTextParser
from .writes import etag, expected_version, service_errors

REPLACE_NEEDED = "{host} exists: send ?replace=1 to replace its interfaces with this file."


@extend_schema(
    operation_id="hosts_import",
    summary="Import the interfaces file a host runs",
    request={"text/plain": OpenApiTypes.STR},
    parameters=[OpenApiParameter("replace", bool, description="replace an existing host's interfaces")],
    responses={201: OpenApiResponse(description="the host and its findings"), 400: OpenApiResponse()},
)
@api_view(["POST"])
@parser_classes([PlainTextParser])
def host_import(request, name: str):
    if not isinstance(request.data, bytes):
        raise exceptions.UnsupportedMediaType(request.content_type)
    replace = request.query_params.get("replace") in ("1", "true", "yes")
    existing = Host.objects.filter(name=name).first()
    if existing is not None and not replace:
        raise exceptions.ValidationError({"replace": [REPLACE_NEEDED.format(host=name)]})
    try:
        text = cli.decode_text(request.data, name)
        network = cli.parse_text(text, name)
    except cli.CommandFailed as failure:
        return Response({"error": {**failure.as_dict(), "status": 400}}, status=status.HTTP_400_BAD_REQUEST)
    network.hostname = name
    with service_errors():
        if existing is None:
            host = services.host_import_interfaces(name=name, network=network, text=text)
        else:  # as the import page does: refused (412) when If-Match names an older version
            host = services.host_reimport(
                host=existing, network=network, text=text, expected_version=expected_version(request)
            )
    (counted,) = selectors.host_interface_counts(hosts=[host])
    review = selectors.host_review(host=host)
    body = {**host_data(counted), "findings": [f.as_dict() for f in review.findings]}
    return Response(body, status=status.HTTP_201_CREATED, headers={"ETag": etag(host.version)})
