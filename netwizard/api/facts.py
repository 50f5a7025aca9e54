"""POST /api/hosts/{name}/facts/: take a node's facts document into the inventory, as the host page does.

The body is the document the collection command prints (or `ip -j -d link show` output),
up to 20 MiB. The answer says what the import did and the host's findings afterwards:
a NIC the file names that the node reports under another name shows as NIC-01 and in
`renamed`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import api_view, parser_classes
from rest_framework.response import Response

from netwizard.inventory import selectors, services
from netwizard.inventory.models import Host

from .parsers import FactsParser
from .writes import etag, expected_version, service_errors


@extend_schema(
    operation_id="hosts_facts_import",
    summary="Import a node's facts document (NICs, MACs, speeds, links, pins)",
    request={"application/json": OpenApiTypes.OBJECT},
    responses={
        200: OpenApiResponse(description="what the import did, and the host's findings"),
        400: OpenApiResponse(),
    },
)
@api_view(["POST"])
@parser_classes([FactsParser])
def host_facts(request, name: str):
    if not isinstance(request.data, bytes):
        raise exceptions.UnsupportedMediaType(request.content_type)
    host = get_object_or_404(Host, name=name)
    with service_errors():
        try:
            result = services.host_facts_import(
                host=host, data=request.data, expected_version=expected_version(request)
            )
        except ValidationError as error:
            if getattr(error, "code", None) != "facts":
                raise
            # The document's own problem, in the words the page and importfacts use.
            message = f"{' '.join(error.messages)} Nothing was imported."
            return Response({"error": {"message": message, "status": 400}}, status=status.HTTP_400_BAD_REQUEST)
    host.refresh_from_db()
    review = selectors.host_review(host=host)
    body = {
        "host": host.name,
        "updated": result.updated,
        "added": result.added,
        "renamed": [{"old": r.old, "new": r.new, "mac": r.mac} for r in result.renamed],
        "skipped": result.skipped,
        "findings": [f.as_dict() for f in review.findings],
    }
    return Response(body, headers={"ETag": etag(host.version)})
