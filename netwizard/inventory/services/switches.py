"""Switches: what a switch can do decides the bonds of every host cabled to it."""

from __future__ import annotations

from ..models import Switch
from .guard import _rules_guard


def switch_create(*, name: str, lacp: bool = False, stack: str = "", notes: str = "") -> Switch:
    return switch_save(switch=Switch(name=name, lacp=lacp, stack=stack, notes=notes))


def switch_save(*, switch: Switch) -> Switch:
    """Store a new or changed switch; what it can do decides the bonds of every host cabled to it."""
    switch.full_clean()
    host_ids = set(switch.interfaces.values_list("host_id", flat=True)) if switch.pk else set()
    with _rules_guard(host_ids, summary=f"Switch {switch.name} changed"):
        switch.save()
    return switch


def switch_delete(*, switch: Switch) -> None:
    host_ids = set(switch.interfaces.values_list("host_id", flat=True))
    with _rules_guard(host_ids, summary=f"Switch {switch.name} deleted"):
        switch.delete()
