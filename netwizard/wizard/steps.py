"""The wizard's five steps, and which step fixes a finding."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from netwizard.inventory.choices import InterfaceKind
from netwizard.network import rules


@dataclass(frozen=True)
class Step:
    number: int
    key: str
    title: str
    url_name: str

    def url(self, host_name: str) -> str:
        return reverse(self.url_name, args=[host_name])


STEPS = (
    Step(1, "host", "Host", "wizard:host_edit"),
    Step(2, "nics", "NICs", "wizard:nics"),
    Step(3, "bonds", "Bond", "wizard:bonds"),
    Step(4, "bridges", "Bridges and addresses", "wizard:bridges"),
    Step(5, "review", "Review", "wizard:review"),
)
STEPS_BY_KEY = {s.key: s for s in STEPS}


@dataclass(frozen=True)
class Fix:
    url: str
    label: str  # "Step 3 · Bond bond0"


def edit_url(host_name: str, name: str, kind: str, *, addresses: bool = False) -> tuple[str, Step] | None:
    """Where the wizard edits interface `name` of kind `kind`; None for what it keeps verbatim."""
    if kind == InterfaceKind.NIC:
        return reverse("wizard:nics", args=[host_name]) + f"?edit={name}#nic-{name}", STEPS_BY_KEY["nics"]
    if kind == InterfaceKind.BOND:
        if addresses:
            return reverse("wizard:address_edit", args=[host_name, name]), STEPS_BY_KEY["bridges"]
        return reverse("wizard:bond_edit", args=[host_name, name]), STEPS_BY_KEY["bonds"]
    if kind == InterfaceKind.BRIDGE:
        return reverse("wizard:bridge_edit", args=[host_name, name]), STEPS_BY_KEY["bridges"]
    if kind == InterfaceKind.VLAN:
        return reverse("wizard:vlan_edit", args=[host_name, name]), STEPS_BY_KEY["bridges"]
    return None


_ADDRESS_CODES = ("IP-", "MTU-", "BOND-34", "VLAN-06")
# About the file's stanzas, not one interface's settings: no wizard form changes them
# (a stanza an imported file repeats stays until a corrected file is imported).
_STANZA_CODES = ("FMT-04",)


def finding_fix(finding: rules.Finding, host_name: str, kinds: dict[str, str]) -> Fix | None:
    """The step (and form) that fixes `finding`; None when the wizard cannot change it.

    Advice (info) and cluster-wide findings get no link: no single form settles them.
    """
    if finding.severity == rules.INFO or finding.code.startswith(("CLUSTER-", *_STANZA_CODES)):
        return None
    kind = kinds.get(finding.interface)
    if kind is None:
        return None
    addresses = finding.code.startswith(_ADDRESS_CODES)
    found = edit_url(host_name, finding.interface, kind, addresses=addresses)
    if found is None:
        return None
    url, step = found
    return Fix(url=url, label=f"Step {step.number} · {step.title}: {finding.interface}")
