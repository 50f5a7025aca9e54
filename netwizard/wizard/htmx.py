"""The request the wizard's views receive, typed with what django-htmx adds to it."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """An HttpRequest after django-htmx's middleware: `htmx` is always set, and false when
    the browser made a plain request (no JavaScript, a reload, a bookmarked URL)."""

    htmx: HtmxDetails
