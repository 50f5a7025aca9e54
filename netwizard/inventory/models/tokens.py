"""API tokens: how scripts and CI pipelines authenticate to /api/."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ApiToken(models.Model):
    """One token of one user. Only a SHA-256 digest of the key is stored: the key itself is
    shown once, when the token is made. A token may read, or also write when made so, and
    never more than its user's role allows at the time of each request."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    description = models.CharField(max_length=100, blank=True, help_text="What the token is for, e.g. 'CI lint'.")
    # The key's first characters, shown in lists so a user can tell tokens apart.
    prefix = models.CharField(max_length=12)
    digest = models.CharField("SHA-256 of the key", max_length=64, unique=True)
    write_enabled = models.BooleanField("may write", default=False)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField(null=True, blank=True, help_text="Empty: never expires.")
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "API token"
        # Written by the services alone; a user manages their own tokens on the tokens page.
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.prefix}… of {self.user}"

    @property
    def state(self) -> str:
        """ "revoked", "expired" or "active", as the tokens page shows it."""
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= timezone.now():
            return "expired"
        return "active"
