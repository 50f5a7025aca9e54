"""Which reverse proxies may tell netwizard a client's address: one list, read from
NETWIZARD_FORWARDED_ALLOW_IPS, for gunicorn (netwizard/gunicorn.conf.py) and for the
login limits (settings.NETWIZARD_TRUSTED_PROXIES, netwizard/client_ip.py).

No proxy is trusted unless named. A trusted address may set X-Forwarded-For, so trusting
one that is not a proxy which writes that header itself (say 127.0.0.1, where any local
user or SSH tunnel can connect) would let a client choose the address its failed
log-ins count against.
"""

import ipaddress
import os

from django.core.exceptions import ImproperlyConfigured

VARIABLE = "NETWIZARD_FORWARDED_ALLOW_IPS"


def trusted_proxies(environ=os.environ) -> list[str]:
    """The addresses or networks (CIDR) named in NETWIZARD_FORWARDED_ALLOW_IPS; empty by default."""
    entries = [item.strip() for item in environ.get(VARIABLE, "").split(",") if item.strip()]
    for entry in entries:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                f"{VARIABLE} lists the reverse proxies' addresses or networks, comma-separated; "
                f"{entry!r} is neither (a wildcard would let any client choose its address)"
            ) from None
    return entries
