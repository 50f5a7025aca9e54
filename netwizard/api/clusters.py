"""/api/clusters/{name}/: a cluster's nodes and what the CLUSTER-* rules find across them."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response

from netwizard.inventory import selectors


@extend_schema(
    operation_id="clusters_read",
    summary="A cluster's nodes, the findings across them, and what was compared",
    responses=inline_serializer(
        "Cluster",
        {
            "name": serializers.CharField(),
            "hosts": serializers.ListField(child=serializers.CharField()),
            "findings": serializers.ListField(child=serializers.DictField()),
            "verdict": serializers.DictField(),
        },
    ),
)
@api_view(["GET"])
def cluster(request, name: str):
    review = selectors.cluster_review(name=name)
    if review is None:
        raise exceptions.NotFound(f"No host belongs to cluster {name}.")
    return Response(
        {
            "name": review.name,
            "hosts": [host.name for host in review.hosts],
            "findings": [f.as_dict() for f in review.findings],
            "verdict": {
                "summary": review.verdict.summary,
                "agree": review.verdict.agree,
                "clauses": [
                    {"topic": c.topic, "status": c.status, "text": c.text, "codes": list(c.codes)}
                    for c in review.verdict.clauses
                ],
            },
        }
    )
