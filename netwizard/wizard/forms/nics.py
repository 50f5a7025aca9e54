"""Step 2: the physical NICs, one row each, and the switches they are cabled to."""

from __future__ import annotations

import json
import re

from django import forms
from django.core.exceptions import ValidationError

from netwizard.inventory import constants
from netwizard.inventory.models import IFNAME_MESSAGE, Switch, validate_cluster_name, validate_text_line_safe
from netwizard.inventory.services import MAC_INVALID, MAC_REGEX
from netwizard.network.ifile_syntax import PHYSICAL_NIC

from .base import WizardForm

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
        super().__init__(*args, host=host, **kwargs)
        self.nic = nic
        self.taken = set(taken)
        self.switches = {str(s.pk): s for s in switches}
        speeds = list(SPEEDS)
        if nic is not None and nic.speed_mbps and str(nic.speed_mbps) not in dict(SPEEDS):
            speeds.append((str(nic.speed_mbps), speed_label(nic.speed_mbps)))
        who = nic.name if nic is not None else "the new NIC"
        self.fields["name"] = forms.CharField(
            label=f"Name of {who}",
            max_length=constants.IFNAME_MAX_LENGTH,
            widget=forms.TextInput(
                attrs={
                    "class": "form-control form-control-sm font-monospace",
                    "autocomplete": "off",
                    "spellcheck": "false",
                    "placeholder": "eno1",
                }
            ),
        )
        self.fields["speed"] = forms.ChoiceField(
            label=f"Speed of {who}",
            choices=speeds,
            required=False,
            widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
        )
        self.fields["mac"] = forms.CharField(
            label=f"MAC address of {who}",
            required=False,
            max_length=17,
            widget=forms.TextInput(
                attrs={
                    "class": "form-control form-control-sm font-monospace",
                    "autocomplete": "off",
                    "spellcheck": "false",
                    "placeholder": "3c:ec:ef:…",
                }
            ),
        )
        self.fields["switch"] = forms.ChoiceField(
            label=f"Switch of {who}",
            required=False,
            choices=[("", "—"), *((key, s.name) for key, s in self.switches.items())],
            widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
        )
        self.fields["switch_port"] = forms.CharField(
            label=f"Switch port of {who}",
            required=False,
            max_length=64,
            validators=[validate_text_line_safe],
            widget=forms.TextInput(
                attrs={
                    "class": "form-control form-control-sm font-monospace",
                    "autocomplete": "off",
                    "placeholder": "1/1",
                }
            ),
        )

    def suggest_name(self) -> None:
        """The placeholder of a new row: the next free name in the host's own enoN series."""
        number = 1
        while f"eno{number}" in self.taken:
            number += 1
        self.fields["name"].widget.attrs["placeholder"] = f"eno{number}"

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
        mac = self.cleaned_data["mac"].strip().lower().replace("-", ":")
        if mac and not MAC_REGEX.match(mac):
            raise ValidationError(MAC_INVALID)
        return mac

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
        }


class SwitchForm(WizardForm):
    """A switch added from the NIC step, so NICs can be cabled to it right away."""

    name = forms.CharField(
        label="Switch name",
        max_length=64,
        validators=[validate_cluster_name],
        widget=forms.TextInput(attrs={"class": "font-monospace", "autocomplete": "off", "placeholder": "sw-a"}),
    )
    lacp = forms.BooleanField(
        label="Its ports can form an LACP (802.3ad) port-channel",
        required=False,
    )
    stack = forms.CharField(
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
