"""The audit history of each host, and the interfaces files downloaded or applied, each stored once."""

import hashlib

from django.conf import settings
from django.db import models

from .hosts import Host


def file_sha256(text: str) -> str:
    """The key a file is stored under, and the checksum the history shows for it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class StoredFile(models.Model):
    """One distinct interfaces file, kept once however many history rows point to it."""

    sha256 = models.CharField("SHA-256", max_length=64, unique=True)
    text = models.TextField()

    class Meta:
        verbose_name = "stored file"

    def __str__(self) -> str:
        return self.sha256


class HostChange(models.Model):
    """One change to a host (or a download of its file, or a note that it runs one), as the audit history shows it."""

    CREATE = "create"
    EDIT = "edit"
    IMPORT = "import"
    DELETE = "delete"
    DOWNLOAD = "download"
    # Someone says the host now runs this file: the baseline later changes are compared with.
    APPLY = "apply"
    # Someone approved the host's root-command lines (RootCommandReview).
    APPROVE = "approve"
    # Someone checked the node's running state against the plan (HostVerification).
    VERIFY = "verify"
    ACTIONS = [
        (CREATE, "created"),
        (EDIT, "edited"),
        (IMPORT, "imported a file"),
        (DELETE, "deleted"),
        (DOWNLOAD, "downloaded the file"),
        (APPLY, "marked the file as applied"),
        (APPROVE, "approved the root-command lines"),
        (VERIFY, "verified the node"),
    ]

    # The host may be deleted later; its name stays with the record.
    host = models.ForeignKey(Host, on_delete=models.SET_NULL, null=True, blank=True, related_name="changes")
    host_name = models.CharField(max_length=63)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    username = models.CharField(max_length=150, blank=True, help_text="Empty for changes from the command line.")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=8, choices=ACTIONS)
    summary = models.CharField(max_length=500, blank=True)
    diff = models.TextField(blank=True, help_text="Unified diff of the host's interfaces file.")
    sha256 = models.CharField("SHA-256 of the file downloaded or applied", max_length=64, blank=True)
    # Downloads and applies point to the file; each distinct file is stored once.
    file = models.ForeignKey(
        StoredFile, on_delete=models.PROTECT, null=True, blank=True, related_name="+", help_text="The file itself."
    )

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "host change"
        indexes = [
            # The download limit counts a user's recent downloads (services.host_download_record).
            models.Index(fields=["user", "action", "at"], name="hostchange_user_action_at"),
            # The baseline (the last import or apply) is found without reading past every download since.
            models.Index(fields=["host", "action", "at"], name="hostchange_host_action_at"),
        ]

    def __str__(self) -> str:
        return f"{self.host_name} {self.get_action_display()} by {self.username or 'command line'}"


class HostVerification(models.Model):
    """One check of what a node runs against its plan, from a facts document collected after
    the apply (issue 19): who, when, the result, and every check with its evidence."""

    host = models.ForeignKey(Host, on_delete=models.CASCADE, related_name="verifications")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    username = models.CharField(max_length=150, blank=True, help_text="Empty for verifyhost on the command line.")
    ok = models.BooleanField(help_text="Every check passed.")
    summary = models.CharField(max_length=500)
    # [{topic, subject, ok, verdict, action, evidence, checklist}], in the order of the checks.
    checks = models.JSONField(default=list)
    plan_sha256 = models.CharField(max_length=64, help_text="The file the node was checked against.")

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.host} {self.at:%Y-%m-%d %H:%M}: {self.summary}"
