"""Request limits per user, and per client address for calls without a valid login.

DRF checks its throttles after authentication and permissions, so on its own it would
never slow a caller that has no token, or one guessing keys: their calls are refused
(401) first. Those calls are counted here, before the refusal.
"""

from rest_framework import exceptions, throttling

from netwizard.client_ip import client_ip


class AddressRateThrottle(throttling.SimpleRateThrottle):
    """The "anon" rate, counted per client address (as the login limits see it)."""

    scope = "anon"

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request)}


class UserRateThrottle(throttling.UserRateThrottle):
    """The "user" rate per user; per address for a request without a login."""

    def get_ident(self, request) -> str:
        return client_ip(request)


def throttle_unauthenticated(request, view=None) -> None:
    """Count a call that has no valid login against its address's limit; 429 past it."""
    throttle = AddressRateThrottle()
    if not throttle.allow_request(request, view):
        raise exceptions.Throttled(throttle.wait())
