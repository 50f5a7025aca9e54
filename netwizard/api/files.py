"""Lint and format posted interfaces files: the command line's work, over HTTP.

The answers are the command line's, byte for byte: `POST /api/lint/` with a file prints
what `lintinterfaces FILE --format json` prints, because both call the same functions of
netwizard.network.cli. The lint's exit status travels in the `Netwizard-Lint-Status`
header (0 clean, 1 error findings, 2 unreadable), so a CI job can fail on it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view, parser_classes, permission_classes
from rest_framework.parsers import JSONParser

from netwizard.inventory.constants import MAX_FILE_BYTES
from netwizard.network import cli
from netwizard.network.query.context import parse_cluster_network
from netwizard.network.rules import Finding

from .parsers import PlainTextParser
from .permissions import ViewerMayPost

STATUS_HEADER = "Netwizard-Lint-Status"
DEFAULT_NAME = "interfaces"


class _Networks(serializers.ListField):
    child = serializers.CharField(max_length=50)

    def to_internal_value(self, data):
        try:
            return [parse_cluster_network(value) for value in super().to_internal_value(data)]
        except ValueError as error:
            message = f"{error}: write each network in CIDR form, such as 10.10.10.0/24"
            raise serializers.ValidationError(message) from error


class LintOptions(serializers.Serializer):
    cluster_networks = _Networks(
        required=False, default=list, help_text="networks that carry the cluster (corosync) traffic"
    )
    switch_lacp = serializers.ChoiceField(
        choices=["yes", "no"],
        required=False,
        allow_null=True,
        default=None,
        help_text="whether the switch supports LACP",
    )


class LintRequest(LintOptions):
    text = serializers.CharField(max_length=MAX_FILE_BYTES, trim_whitespace=False, allow_blank=True)
    name = serializers.CharField(
        max_length=255, required=False, default=DEFAULT_NAME, help_text="the file's name, used in error messages"
    )


class ClusterLintRequest(LintOptions):
    files = serializers.DictField(
        child=serializers.CharField(max_length=MAX_FILE_BYTES, trim_whitespace=False, allow_blank=True),
        help_text="each node's interfaces file, by host name",
        allow_empty=False,
    )


_LINT_ERROR = {
    "message": serializers.CharField(),
    "file": serializers.CharField(allow_null=True),
    "line": serializers.IntegerField(allow_null=True),
}
_FINDING = {
    "code": serializers.CharField(),
    "severity": serializers.ChoiceField(choices=list(cli.SEVERITIES)),
    "interface": serializers.CharField(),
    "message": serializers.CharField(),
    "hint": serializers.CharField(),
    "line": serializers.IntegerField(required=False),
    "host": serializers.CharField(required=False, help_text="cluster lint only"),
}
_REPORT = inline_serializer(
    "LintReport",
    {
        "findings": inline_serializer("Finding", _FINDING, many=True),
        "error": inline_serializer("LintError", _LINT_ERROR, required=False),
    },
)
_FORMAT_ERROR = inline_serializer("FormatError", {"error": inline_serializer("FormatErrorDetail", _LINT_ERROR)})
_NAME = OpenApiParameter(
    "name", str, description="the file's name in error messages, for a text/plain body (default: interfaces)"
)
_FILE_BODY = {"text/plain": OpenApiTypes.STR, "application/json": LintRequest}


def _report(report: dict, status: int) -> HttpResponse:
    body = cli.lint_json_text(report)
    response = HttpResponse(body, content_type="application/json", status=400 if status == cli.UNREADABLE else 200)
    response[STATUS_HEADER] = str(status)
    return response


def _file(request) -> tuple[str, dict]:
    """The posted file's text and the lint options, from a text/plain or JSON body."""
    if isinstance(request.data, bytes):
        name = request.query_params.get("name") or DEFAULT_NAME
        options = LintOptions(data={})
        options.is_valid(raise_exception=True)
        return cli.decode_text(request.data, name), {"name": name, **options.validated_data}
    body = LintRequest(data=request.data)
    body.is_valid(raise_exception=True)
    data = dict(body.validated_data)
    return data.pop("text"), data


@extend_schema(
    operation_id="lint",
    summary="Lint an interfaces file",
    description="The same JSON as `manage.py lintinterfaces FILE --format json`. 400 with an `error` when the file "
    "cannot be read. The `Netwizard-Lint-Status` header is the command's exit status (0, 1 or 2).",
    request=_FILE_BODY,
    parameters=[_NAME],
    responses={200: _REPORT, 400: _REPORT},
    examples=[
        OpenApiExample(
            "A bridge without ports",
            value="auto vmbr0\niface vmbr0 inet static\n\taddress 192.0.2.10/24\n\tbridge-ports none\n",
            request_only=True,
            media_type="text/plain",
        )
    ],
)
@api_view(["POST"])
@parser_classes([PlainTextParser, JSONParser])
@permission_classes([ViewerMayPost])
def lint(request):
    def findings():
        text, options = _file(request)
        return cli.lint_findings(text, options["name"], options["cluster_networks"], options["switch_lacp"])

    return _lint_answer(findings)


def _lint_answer(findings: Callable[[], list[Finding]]) -> HttpResponse:
    """The report of `findings()`, or the command line's error JSON when a file cannot be read."""
    try:
        found = findings()
    except cli.CommandFailed as failure:
        return _report(cli.lint_failure(failure), failure.status)
    return _report({"findings": [f.as_dict() for f in found]}, cli.lint_status(found))


@extend_schema(
    operation_id="lint_cluster",
    summary="Lint the interfaces files of a cluster's nodes",
    description="The same JSON as `manage.py lintinterfaces --cluster FILE… --format json`: every node checked on "
    "its own, then the CLUSTER-* rules across them; each finding names its `host`.",
    request=ClusterLintRequest,
    responses={200: _REPORT, 400: _REPORT},
)
@api_view(["POST"])
@parser_classes([JSONParser])
@permission_classes([ViewerMayPost])
def lint_cluster(request):
    body = ClusterLintRequest(data=request.data)
    body.is_valid(raise_exception=True)
    data = body.validated_data
    texts = {cli.host_name(name): (name, text) for name, text in data["files"].items()}
    return _lint_answer(lambda: cli.cluster_findings(texts, data["cluster_networks"], data["switch_lacp"]))


@extend_schema(
    operation_id="format",
    summary="Write an interfaces file in Proxmox's form",
    description="What `manage.py formatinterfaces FILE` prints. 400 with an `error` when the file cannot be read "
    "or written safely.",
    request=_FILE_BODY,
    parameters=[_NAME],
    responses={
        (200, "text/plain"): OpenApiResponse(OpenApiTypes.STR, description="the file in canonical form"),
        400: _FORMAT_ERROR,
    },
)
@api_view(["POST"])
@parser_classes([PlainTextParser, JSONParser])
@permission_classes([ViewerMayPost])
def format_file(request):
    try:
        text, options = _file(request)
        written = cli.format_text(text, options["name"])
    except cli.CommandFailed as failure:
        body = cli.lint_json_text({"error": failure.as_dict()})
        return HttpResponse(body, content_type="application/json", status=400)
    return HttpResponse(written, content_type="text/plain; charset=utf-8")
