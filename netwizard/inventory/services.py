"""Every write to the inventory goes through here.

Views, the admin, the import and the management commands call these functions and
never save models themselves. Each service validates the row (`full_clean`, which also
checks the database constraints), writes inside one transaction and bumps the host's
`version`, so an edit made from a stale page can be detected.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from .models import Host, Interface, Switch

STALE_HOST_EDIT = "{host} was changed by someone else since you loaded the page (version {expected}, now {actual})."


# Switches ------------------------------------------------------------------------


def switch_create(*, name: str, lacp: bool = False, stack: str = "", notes: str = "") -> Switch:
    switch = Switch(name=name, lacp=lacp, stack=stack, notes=notes)
    return switch_save(switch=switch)


def switch_save(*, switch: Switch) -> Switch:
    """Validate and store a new or changed switch (the admin's form lands here)."""
    switch.full_clean()
    with transaction.atomic():
        switch.save()
    return switch


def switch_delete(*, switch: Switch) -> None:
    with transaction.atomic():
        host_ids = list(switch.interfaces.values_list("host_id", flat=True).distinct())
        switch.delete()
        _hosts_touch(host_ids)


# Hosts -----------------------------------------------------------------------------


def host_create(*, name: str, cluster: str = "", description: str = "") -> Host:
    host = Host(name=name, cluster=cluster, description=description)
    return host_save(host=host)


def host_save(*, host: Host, expected_version: int | None = None) -> Host:
    """Validate and store a host; with `expected_version`, refuse a stale edit."""
    host.full_clean()
    with transaction.atomic():
        if host.pk is None:
            host.save()
            return host
        if expected_version is not None:
            _host_check_version(host=host, expected_version=expected_version)
        host.version = F("version") + 1
        host.save()
    host.refresh_from_db(fields=["version", "updated_at"])
    return host


def host_delete(*, host: Host) -> None:
    with transaction.atomic():
        host.delete()


def _host_check_version(*, host: Host, expected_version: int) -> None:
    actual = Host.objects.filter(pk=host.pk).values_list("version", flat=True).first()
    if actual != expected_version:
        raise ValidationError(
            STALE_HOST_EDIT.format(host=host.name, expected=expected_version, actual=actual), code="stale"
        )


def _hosts_touch(host_ids) -> None:
    Host.objects.filter(pk__in=host_ids).update(version=F("version") + 1)


# Interfaces ------------------------------------------------------------------------


def interface_create(*, host: Host, name: str, kind: str, **fields) -> Interface:
    interface = Interface(host=host, name=name, kind=kind, **fields)
    return interface_save(interface=interface)


def interface_save(*, interface: Interface) -> Interface:
    """Validate and store one interface and count it as a change of its host."""
    interface.full_clean()
    with transaction.atomic():
        interface.save()
        _hosts_touch([interface.host_id])
    return interface


def interface_delete(*, interface: Interface) -> None:
    with transaction.atomic():
        host_id = interface.host_id
        if interface.vlans.exists():
            names = ", ".join(interface.vlans.values_list("name", flat=True))
            raise ValidationError(f"Delete the VLANs on {interface.name} first: {names}.")
        interface.delete()
        _hosts_touch([host_id])
