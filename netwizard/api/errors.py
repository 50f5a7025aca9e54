"""Every error the API answers has one shape: `{"error": {"message": …, "status": …}}`,
with `"fields"` naming the bad fields of a request body. The lint endpoints answer an
unreadable file as `lintinterfaces --format json` does, which has an `error` too."""

from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # not an API error: Django's own handling (a 500 is logged, not explained)
    error = {"message": _message(exc, response.data), "status": response.status_code}
    if isinstance(exc, exceptions.ValidationError) and isinstance(response.data, dict):
        error["fields"] = response.data
    body = {"error": error}
    findings = getattr(exc, "findings", None)
    if findings is not None:
        body["findings"] = findings  # what the rules refused, in lint's shape
    response.data = body
    return response


def _message(exc, data) -> str:
    if isinstance(exc, exceptions.ValidationError):
        return "The request is not valid; see fields."
    if isinstance(data, dict) and "detail" in data:
        return str(data["detail"])
    return str(exc)
