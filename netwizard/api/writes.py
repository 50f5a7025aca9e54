"""How the API turns a service's refusal into an answer, and reads the version a write
expects.

A stale write (the host changed since the caller read it) is 412; a change the rules
refuse is 400 with the findings; any other refusal is 400 naming the fields.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from rest_framework import exceptions, status

from netwizard.inventory import services

BAD_IF_MATCH = 'Send If-Match with the host\'s ETag (its version), such as If-Match: "3".'


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "stale"


class RulesRefusedError(exceptions.APIException):
    """400 with the error findings the change would add, as lint reports them."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "rules"

    def __init__(self, refused: services.RulesRefused):
        super().__init__("The rules refuse this change: " + " ".join(refused.messages))
        self.findings = [f.as_dict() for f in refused.findings]


@contextmanager
def service_errors() -> Iterator[None]:
    try:
        yield
    except services.RulesRefused as refused:
        raise RulesRefusedError(refused) from refused
    except ValidationError as error:
        codes = {getattr(error, "code", None), *(getattr(e, "code", None) for e in getattr(error, "error_list", []))}
        if "stale" in codes:
            raise PreconditionFailed(" ".join(error.messages)) from error
        detail = error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
        raise exceptions.ValidationError(detail) from error


def etag(version: int) -> str:
    return f'"{version}"'


def expected_version(request) -> int | None:
    """The version named by If-Match (`"3"`, `W/"3"` or `3`); None without the header."""
    header = request.headers.get("If-Match", "").strip()
    if not header or header == "*":
        return None
    value = header.removeprefix("W/").strip('"')
    if not value.isdigit():
        raise exceptions.ParseError(BAD_IF_MATCH)
    return int(value)
