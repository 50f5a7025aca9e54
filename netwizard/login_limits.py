"""Two limits on guessing passwords, both counted by django-axes:

- AXES_FAILURE_LIMIT failures for one user name from one address lock that pair, so an
  attacker does not lock the real user out from elsewhere;
- NETWIZARD_LOGIN_ACCOUNT_FAILURE_LIMIT failures for one user name from all addresses
  together lock the account, so guesses spread over many addresses run out too.

django-axes counts each of its lockout parameters (settings.AXES_LOCKOUT_PARAMETERS) but
compares them all with the one AXES_FAILURE_LIMIT; the handler here gives each its own.
"""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render

PAIR = ("username", "ip_address")
ACCOUNT = ("username",)


def _parameter_key(parameter) -> tuple[str, ...]:
    return (parameter,) if isinstance(parameter, str) else tuple(parameter)


class LoginLimitsHandler(AxesDatabaseHandler):
    def failure_counts(self, request, credentials=None) -> dict[tuple[str, ...], int]:
        """Recent failures per lockout parameter, within the cool-off time."""
        attempts = self.get_user_attempts(request, credentials)
        return {
            _parameter_key(parameter): queryset.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for parameter, queryset in zip(settings.AXES_LOCKOUT_PARAMETERS, attempts, strict=True)
        }

    def get_failures(self, request, credentials=None) -> int:
        # axes locks when this number reaches AXES_FAILURE_LIMIT: the account's count is
        # given on that scale, so it reaches it exactly at the account's own limit.
        counts = self.failure_counts(request, credentials)
        pair_limit, account_limit = settings.AXES_FAILURE_LIMIT, settings.NETWIZARD_LOGIN_ACCOUNT_FAILURE_LIMIT
        account = counts.get(ACCOUNT, 0) * pair_limit // account_limit
        return max(counts.get(PAIR, 0), account)


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out log-in gets, stating both limits."""
    context = {
        "pair_limit": settings.AXES_FAILURE_LIMIT,
        "account_limit": settings.NETWIZARD_LOGIN_ACCOUNT_FAILURE_LIMIT,
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "registration/locked_out.html", context, status=429)
