"""A request too large to read gets a page (or, from htmx, an alert) that says so, instead
of "Bad Request"."""

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import defaults

from netwizard.inventory.constants import MAX_FILE_BYTES

from ..refusals import MESSAGES_REGION


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django refuses a form whose fields (a pasted file, say) exceed DATA_UPLOAD_MAX_MEMORY_SIZE
    before any view runs; every other refusal keeps Django's page."""
    if not isinstance(exception, RequestDataTooBig):
        return defaults.bad_request(request, exception)
    context = {"limit_kib": MAX_FILE_BYTES // 1024}
    if request.headers.get("HX-Request") != "true":
        return render(request, "request_too_big.html", context, status=413)
    # htmx swaps a 413 (base.html's config): the alert goes where the page shows its messages.
    response = render(request, "request_too_big.html#too-big-alert", context, status=413)
    response["HX-Retarget"] = MESSAGES_REGION
    response["HX-Reswap"] = "innerHTML show:top"
    return response
