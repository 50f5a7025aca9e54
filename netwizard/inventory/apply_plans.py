"""The apply commands a page or the API shows for a host: the safe plan, or, when "Pin NIC
names" planned pins, the plan that installs them and waits for a reboot."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from netwizard.network import pinning
from netwizard.network.plans import apply, pin_apply

from .models import Host

if TYPE_CHECKING:
    from .selectors import HostReview


@dataclass(frozen=True)
class ApplyPlan:
    text: str  # the safe plan (with its automatic revert); "" while the download is blocked or refused
    refused: str  # why the plan itself cannot be written for this host; "" otherwise
    # The `.link` files the plan installs: pinned names need a reboot instead of ifreload.
    link_files: list[pinning.LinkFile] = field(default_factory=list)


def host_apply_plan(*, host: Host, review: HostReview, blocked: bool) -> ApplyPlan:
    """The one set of apply commands pages and the API show: the safe plan, with its
    automatic revert. None while the download is blocked (the plan embeds the file, and
    there is none to embed); refused, saying why, when a name falls outside the plan's
    strict grammar (no plan rather than a guess)."""
    links = pinning.planned_link_files(review.network)
    if blocked:
        return ApplyPlan("", "", links)
    try:
        if links:
            # New names exist only after a reboot: the plan installs the pins and stages the file for it.
            pairs = [(link.path, link.text) for link in links]
            plan = pin_apply.pin_apply_plan(review.network, hostname=host.name, link_files=pairs)
            return ApplyPlan(plan, "", links)
        return ApplyPlan(apply.apply_plan(review.network, hostname=host.name, context=review.context), "")
    except ValueError as error:
        return ApplyPlan("", str(error), links)
