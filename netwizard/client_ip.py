"""The browser's address, for the login limits, as the last trusted proxy saw it."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _ip(address: str):
    try:
        return ipaddress.ip_address(address)
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, unless it is one of the proxies named in NETWIZARD_FORWARDED_ALLOW_IPS
    (netwizard/proxies.py; none by default): then the right-most X-Forwarded-For entry
    that is not one of them (entries further left were written by the client and can be
    forged)."""
    networks = [ipaddress.ip_network(entry, strict=False) for entry in settings.NETWIZARD_TRUSTED_PROXIES]
    remote = request.META.get("REMOTE_ADDR", "")
    ip = _ip(remote)
    if ip is None or not any(ip in network for network in networks):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        ip = _ip(hop)
        if ip is None:
            return remote  # not written by a proxy of ours: count the proxy's own address
        if not any(ip in network for network in networks):
            return hop
    return remote
