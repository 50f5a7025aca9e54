"""Hosts: create, rename or describe, delete."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from .. import audit, selectors
from ..models import Host, HostChange
from .guard import _host_check_version

# Host fields whose changes the history names.
HOST_DETAILS = ["name", "cluster", "description"]


def host_create(*, name: str, cluster: str = "", description: str = "") -> Host:
    return host_save(host=Host(name=name, cluster=cluster, description=description))


def host_save(*, host: Host, expected_version: int | None = None) -> Host:
    """Validate and store a host; with `expected_version`, refuse a stale edit."""
    host.full_clean()
    with transaction.atomic():
        if host.pk is None:
            host.save()
            audit.host_change_record(host=host, action=HostChange.CREATE, summary=f"Host {host.name} created")
            return host
        if expected_version is not None:
            _host_check_version(host=host, expected_version=expected_version)
        old = Host.objects.filter(pk=host.pk).values(*HOST_DETAILS).first() or {}
        host.version = F("version") + 1
        host.save()
        changed = [field for field in HOST_DETAILS if old.get(field) != getattr(host, field)]
        if changed:
            audit.host_change_record(host=host, action=HostChange.EDIT, summary="Changed " + ", ".join(changed))
    host.refresh_from_db(fields=["version", "updated_at"])
    return host


def host_delete(*, host: Host, expected_version: int | None = None) -> None:
    """Delete a host and its interfaces; refused when the page that asked was stale.

    Its history stays: the audit rows keep the host's name when the host goes
    (`HostChange.host` is set to NULL), and one more records the deletion, by whom,
    with the file the host had as a diff.
    """
    with transaction.atomic():
        if expected_version is not None:
            _host_check_version(host=host, expected_version=expected_version)
        count = host.interfaces.count()
        audit.host_change_record(
            host=host,
            action=HostChange.DELETE,
            before=audit.file_text(selectors.host_network(host=host)),
            summary=f"Host {host.name} deleted, with its {count} interface{'' if count == 1 else 's'}",
        )
        host.delete()


def host_update(*, host: Host, name: str, cluster: str, description: str, expected_version: int | None = None) -> Host:
    """Rename or describe a host; refused when the page was stale."""
    host.name, host.cluster, host.description = name, cluster, description
    return host_save(host=host, expected_version=expected_version)
