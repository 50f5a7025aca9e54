"""The browser's address, for the login limits, as the last trusted proxy saw it."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, unless it is one of our reverse proxies: then the right-most
    X-Forwarded-For entry that is not one of them (entries further left were written
    by the client and can be forged)."""
    trusted = settings.NETWIZARD_TRUSTED_PROXIES
    remote = request.META.get("REMOTE_ADDR", "")
    if remote not in trusted:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if hop not in trusted:
            return hop
    return remote
