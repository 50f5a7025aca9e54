"""Step 2: the physical NICs, one row each, and the switches they are cabled to."""

from __future__ import annotations

import json
import re

from django import forms
from django.core.exceptions import ValidationError

from netwizard.inventory import constants
from netwizard.inventory.choices import InterfaceKind
from netwizard.inventory.macs import mac_normalize
from netwizard.inventory.models import IFNAME_MESSAGE, Switch, validate_cluster_name, validate_text_line_safe
from netwizard.network.interfaces_file.syntax import PHYSICAL_NIC

from .base import LengthCheckedField, WizardForm, mtu_field

SPEEDS = [
    ("", "—"),
    ("1000", "1 Gbit/s"),
    ("2500", "2.5 Gbit/s"),
    ("10000", "10 Gbit/s"),
    ("25000", "25 Gbit/s"),
    ("40000", "40 Gbit/s"),
    ("100000", "100 Gbit/s"),
]
NAME_EMPTY = "Enter the name the host gives the NIC (ip link shows it), e.g. eno1 or enp3s0f0."
NAME_NOT_NIC = (
    "Proxmox only reads names like eno1, enp3s0f0, ens18, eth0 or ib0 as network devices; "
    "{name} would be taken for something else."
)
NAME_TAKEN = "{host} already has an interface named {name}."
NAME_OK = "{name} is free."
SWITCH_TAKEN = "A switch named {name} already exists."
NEW_NIC_HINT_ID = "nic-new-hint"  # the examples under the new NIC's row (no placeholders: issue 12, item 11)
NIC_MTU_HELP_ID = "nic-mtu-help"  # one help text under the rows, for every row's MTU field


def speed_label(mbps: int | None) -> str:
    if not mbps:
        return ""
    return dict(SPEEDS).get(str(mbps)) or f"{mbps} Mbit/s"


def nic_name_problem(name: str, *, host_name: str, taken: set[str]) -> str:
    """Why `name` cannot be a new NIC's name on this host, or "" when it can."""
    if not name:
        return NAME_EMPTY
    if not re.match(constants.IFNAME_REGEX, name):
        return IFNAME_MESSAGE
    if not PHYSICAL_NIC.fullmatch(name):
        return NAME_NOT_NIC.format(name=name)
    if name in taken:
        return NAME_TAKEN.format(host=host_name, name=name)
    return ""


class NicForm(WizardForm):
    """One NIC row; `taken` are the names of the host's other interfaces."""

    def __init__(self, *args, host, switches, nic=None, taken=(), **kwargs):
        # Several rows share a page: each gets its own element ids.
        kwargs.setdefault("auto_id", f"nic-{nic.pk}-%s" if nic is not None else "nic-new-%s")
        initial = kwargs.setdefault("initial", {})
        if nic is not None:
            initial.setdefault("name", nic.name)
            initial.setdefault("speed", str(nic.speed_mbps or ""))
            initial.setdefault("mac", nic.mac)
            initial.setdefault("switch", str(nic.switch_id or ""))
            initial.setdefault("switch_port", nic.switch_port)
            initial.setdefault("mtu", nic.mtu)
        super().__init__(*args, host=host, **kwargs)
        self.nic = nic
        self.taken = set(taken)
        self.switches = {str(s.pk): s for s in switches}
        speeds = list(SPEEDS)
        if nic is not None and nic.speed_mbps and str(nic.speed_mbps) not in dict(SPEEDS):
            speeds.append((str(nic.speed_mbps), speed_label(nic.speed_mbps)))
        who = nic.name if nic is not None else "the new NIC"
        self.fields["name"] = LengthCheckedField(
            label=f"Name of {who}",
            max_length=constants.IFNAME_MAX_LENGTH,
            widget=forms.TextInput(
                attrs={
                    "class": "form-control form-control-sm font-monospace",
                    "autocomplete": "off",
                    "spellcheck": "false",
                }
            ),
        )
        self.fields["speed"] = forms.ChoiceField(
            label=f"Speed of {who}",
            choices=speeds,
            required=False,
            widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
        )
        self.fields["mac"] = LengthCheckedField(
            label=f"MAC address of {who}",
            required=False,
            max_length=17,
            widget=forms.TextInput(
                attrs={
                    "class": "form-control form-control-sm font-monospace",
                    "autocomplete": "off",
                    "spellcheck": "false",
                }
            ),
        )
        self.fields["switch"] = forms.ChoiceField(
            label=f"Switch of {who}",
            required=False,
            choices=[("", "—"), *((key, s.name) for key, s in self.switches.items())],
            widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
        )
        self.fields["switch_port"] = LengthCheckedField(
            label=f"Switch port of {who}",
            required=False,
            max_length=64,
            validators=[validate_text_line_safe],
            widget=forms.TextInput(
                attrs={
                    "class": "form-control form-control-sm font-monospace",
                    "autocomplete": "off",
                }
            ),
        )

        self.fields["mtu"] = mtu_field(InterfaceKind.NIC, label=f"MTU of {who}")
        self.fields["mtu"].widget.attrs["class"] = "form-control form-control-sm font-monospace"

    def suggest_name(self) -> None:
        """For the new row's hint: the next free name in the host's own enoN series.

        Shown as text under the row, never as a placeholder: a grey name in the empty field
        reads as one already filled in (issue 12, item 11).
        """
        number = 1
        while f"eno{number}" in self.taken:
            number += 1
        self.suggested_name = f"eno{number}"
        for name in ("mac", "switch_port"):
            self._describe(name, NEW_NIC_HINT_ID)

    def link_errors(self) -> None:
        """Point the MTU at its shared help, and every field with an error at that error too,
        so a screen reader announces it (the row shows errors below it, not at the field)."""
        self._describe("mtu", NIC_MTU_HELP_ID)
        for name in ("speed", "mac", "switch", "switch_port"):
            if self.is_bound and self.errors.get(name):
                self._describe(name)

    def _describe(self, name: str, *ids: str) -> None:
        attrs = self.fields[name].widget.attrs
        current = [i for i in attrs.get("aria-describedby", "").split() if not i.endswith("_error")]
        error = [f"{self[name].auto_id}_error"] if self.is_bound and self.errors.get(name) else []
        attrs["aria-describedby"] = " ".join(dict.fromkeys([*current, *ids, *error]))

    def enable_name_check(self, url: str) -> None:
        """Check the name while it is typed: the answer replaces the field's feedback line."""
        values = {"feedback": self.feedback_id}
        if self.nic is not None:
            values["current"] = self.nic.name
        self.fields["name"].widget.attrs.update(
            {
                "hx-get": url,
                "hx-trigger": "input changed delay:300ms",
                "hx-target": f"#{self.feedback_id}",
                "hx-swap": "outerHTML",
                "hx-include": "this",
                "hx-sync": "this:queue last",
                "hx-vals": json.dumps(values),
                "aria-describedby": self.feedback_id,
            }
        )

    @property
    def feedback_id(self) -> str:
        return self.auto_id % "name-feedback"

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        problem = nic_name_problem(name, host_name=self.host.name, taken=self.taken)
        if problem:
            raise ValidationError(problem)
        return name

    def clean_mac(self) -> str:
        return mac_normalize(self.cleaned_data["mac"])

    def clean_switch_port(self) -> str:
        port = self.cleaned_data["switch_port"].strip()
        if "\n" in port:
            raise ValidationError("A switch port is one line.")
        return port

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "speed_mbps": int(data["speed"]) if data.get("speed") else None,
            "mac": data.get("mac", ""),
            "switch": self.switches.get(data.get("switch") or ""),
            "switch_port": data.get("switch_port", ""),
            "mtu": data.get("mtu"),
        }


class SwitchForm(WizardForm):
    """A switch added from the NIC step, so NICs can be cabled to it right away."""

    name = LengthCheckedField(
        label="Switch name",
        max_length=64,
        validators=[validate_cluster_name],
        help_text="As the network team calls it, for example sw-a.",
        widget=forms.TextInput(attrs={"class": "font-monospace", "autocomplete": "off"}),
    )
    lacp = forms.BooleanField(
        label="Its ports can form an LACP (802.3ad) port-channel",
        required=False,
    )
    stack = LengthCheckedField(
        label="Stack / MLAG group",
        required=False,
        max_length=64,
        validators=[validate_cluster_name],
        help_text="Give two switches the same group when they act as one LACP partner (stack or MLAG pair).",
        widget=forms.TextInput(attrs={"class": "font-monospace", "autocomplete": "off"}),
    )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if Switch.objects.filter(name=name).exists():
            raise ValidationError(SWITCH_TAKEN.format(name=name))
        return name
