"""The Proxmox hosts whose network netwizard plans."""

from django.db import models

from .. import constants
from .validators import (
    HOSTNAME_MESSAGE,
    name_grammar,
    validate_cluster_name,
    validate_hostname,
    validate_json_lines,
    validate_text_line_safe,
)


class Host(models.Model):
    """A Proxmox VE node; `version` detects edits made from stale pages."""

    name = models.CharField(
        max_length=63, unique=True, validators=[validate_hostname], help_text="The node's hostname, e.g. pve1."
    )
    cluster = models.CharField(
        max_length=63,
        blank=True,
        validators=[validate_cluster_name],
        help_text="Hosts with the same cluster name are checked together.",
    )
    description = models.TextField(blank=True, validators=[validate_text_line_safe])
    global_lines = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_json_lines],
        help_text="Top-level lines of the imported file such as `source …`, as [position, text] pairs.",
    )
    imported_text = models.TextField(
        blank=True,
        editable=False,
        help_text="The interfaces file as last imported, so the wizard can show what changed since.",
    )
    facts = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="What the node last reported about its NICs (from a facts document), checked again when read.",
    )
    facts_at = models.DateTimeField("facts imported", null=True, blank=True, editable=False)
    etc_hosts = models.TextField(
        "/etc/hosts",
        blank=True,
        editable=False,
        help_text="The node's /etc/hosts from its facts: how it resolves its own name and corosync's host names.",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=name_grammar(
                    chars=constants.HOSTNAME_CHARS,
                    max_length=constants.HOSTNAME_MAX_LENGTH,
                    not_first="-",
                    not_last="-",
                ),
                name="host_name_grammar",
                violation_error_message=HOSTNAME_MESSAGE,
            ),
        ]

    def __str__(self) -> str:
        return self.name


class FactsDocument(models.Model):
    """The facts document last imported for a host, kept whole: the corosync, Ceph and
    firewall files in it are read when needed, never on every page."""

    host = models.OneToOneField(Host, on_delete=models.CASCADE, related_name="facts_document")
    text = models.TextField()
    imported_at = models.DateTimeField(auto_now=True)
    imported_by = models.CharField(max_length=150, blank=True, help_text="Who imported it; empty for the command line.")

    def __str__(self) -> str:
        return f"facts of {self.host}"


class ClusterConfiguration(models.Model):
    """What a cluster itself says: its corosync.conf and ceph.conf (shared by every node
    under /etc/pve), uploaded on the cluster page or taken from a node's facts document.
    Stored as text and read (checked) when used: the parsers are the one judge."""

    cluster = models.CharField(max_length=63, unique=True, validators=[validate_cluster_name])
    corosync_text = models.TextField("corosync.conf", blank=True)
    ceph_text = models.TextField("ceph.conf", blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.CharField(max_length=150, blank=True, help_text="Who uploaded it; empty for a facts import.")

    def __str__(self) -> str:
        return f"configuration of cluster {self.cluster}"
