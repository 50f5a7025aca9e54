"""The approval of a host's lines that run as root."""

from django.conf import settings
from django.db import models

from .hosts import Host


class RootCommandReview(models.Model):
    """Who last changed a host's root-command lines, and who approved which version of them.

    Lines that run a program or include other files as root (netwizard.network.interfaces_file.root_commands)
    are handed out only once someone other than their author approved exactly them: an
    approval counts while `approved_sha256` equals the fingerprint of the host's current
    lines, so changing any line withdraws it. The services keep this row; one per host."""

    host = models.OneToOneField(Host, on_delete=models.CASCADE, related_name="root_command_review")
    lines_sha256 = models.CharField("SHA-256 of the lines", max_length=64)
    # None with an empty name: the command line (no web user); None with a name: a deleted user.
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_by_name = models.CharField(max_length=150, blank=True, help_text="Empty for the command line.")
    changed_at = models.DateTimeField()
    approved_sha256 = models.CharField("SHA-256 of the approved lines", max_length=64, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_by_name = models.CharField(max_length=150, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "root-command review"
        # Only the custom permission: the rows are written by the services alone. Nobody has
        # it by default (no role grants it); superusers have every permission.
        default_permissions = ()
        permissions = [("approve_root_commands", "Can approve root commands")]

    def __str__(self) -> str:
        return f"root-command lines of {self.host}"
