"""What every wizard form shares: the stale-edit guard, the double-submit token, and
putting the service layer's refusals next to the fields they concern."""

from __future__ import annotations

import ipaddress
import secrets

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from netwizard.inventory import constants
from netwizard.inventory.choices import AddressMethod, InterfaceKind
from netwizard.inventory.formfields import MultilineTextField
from netwizard.inventory.services import Addresses, RulesRefused
from netwizard.network import bonding, rules

STALE = "stale"

# Where a finding of the rules belongs on a form, by its code (IP-* are placed by family).
FINDING_FIELDS = {
    "NAME-01": "name",
    "NAME-02": "name",
    "NAME-03": "name",
    "NAME-05": "name",
    "BOND-01": "mode",
    "BOND-02": "members",
    "BOND-03": "members",
    "BOND-04": "members",
    "BOND-05": "members",
    "BOND-06": "members",
    "BOND-07": "mtu",
    "BOND-33": "members",
    "BOND-08": "miimon",
    "BOND-10": "miimon",
    "BOND-11": "miimon",
    "BOND-12": "xmit_hash_policy",
    "BOND-13": "xmit_hash_policy",
    "BOND-15": "lacp_rate",
    "BOND-16": "lacp_rate",
    "BOND-17": "primary",
    "BOND-18": "primary",
    "BOND-26": "mode",
    "BOND-27": "mode",
    "BOND-28": "mode",
    "BOND-29": "mode",
    "BOND-34": "ipv4_address",
    "BR-01": "ports",
    "BR-02": "ports",
    "BR-03": "ports",
    "BR-11": "ports",
    "BR-08": "vids",
    "BR-12": "vlan_aware",
    "BR-13": "mtu",
    "VLAN-01": "vlan_id",
    "VLAN-02": "name",
    "VLAN-03": "raw_device",
    "VLAN-04": "raw_device",
    "VLAN-05": "vlan_id",
    "VLAN-06": "mtu",
    "VLAN-07": "name",
    "MTU-01": "mtu",
    "MTU-02": "mtu",
}

# Model field -> form field, where the wizard names them differently.
MODEL_FIELDS = {
    "bond_mode": "mode",
    **{bonding.setting_column(name): name for name in bonding.SETTING_OPTIONS},
    "bridge_vids": "vids",
    "bridge_vlan_aware": "vlan_aware",
    "speed_mbps": "speed",
}


def finding_field(finding: rules.Finding, fields) -> str | None:
    """The form field a finding belongs next to, or None for a form-level error."""
    if finding.code.startswith("IP-"):
        v6 = ":" in finding.message.split(" on ")[0]  # the address or gateway it names
        family = "ipv6" if v6 else "ipv4"
        field = f"{family}_gateway" if finding.code in ("IP-03", "IP-04") else f"{family}_address"
    else:
        field = FINDING_FIELDS.get(finding.code)
    return field if field in fields else None


def finding_text(finding: rules.Finding) -> str:
    return f"{finding.message} {finding.hint}".strip()


class LengthCheckedField(forms.CharField):
    """A text field whose length limit is checked when the form is sent, with a message.

    Django writes the limit into the input's `maxlength`, and the browser then cuts what is
    typed or pasted beyond it without a word (a 16-character bridge name became another
    name). Here nothing typed is cut: a value too long gets an error naming the limit.
    """

    default_error_messages = {
        "max_length": "At most %(limit_value)d characters, and this has %(show_value)d.",
    }

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


class MultilineLengthCheckedField(MultilineTextField, LengthCheckedField):
    """A text of several lines, its line endings made LF before the length is checked."""


class WizardForm(forms.Form):
    """A form the wizard saves through a service.

    `expected_version` is the host version the page showed; `submission` is a token
    that lets a second identical POST (a double click) be recognised and ignored.
    """

    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    submission = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, host=None, **kwargs):
        initial = kwargs.setdefault("initial", {})
        if host is not None:
            initial.setdefault("expected_version", host.version)
        if not initial.get("submission"):
            initial["submission"] = secrets.token_urlsafe(12)
        super().__init__(*args, **kwargs)
        self.host = host
        self.stale = False

    def add_service_error(self, error: ValidationError) -> None:
        """Show what a service refused next to the fields it concerns."""
        if isinstance(error, RulesRefused):
            for finding in error.findings:
                message = ValidationError(finding_text(finding), code=finding.code)
                self.add_error(finding_field(finding, self.fields), message)
            return
        # A per-field error (the model's validators) has no error_list, only error_dict.
        listed = (
            error.error_list if hasattr(error, "error_list") else [e for es in error.error_dict.values() for e in es]
        )
        if getattr(error, "code", None) == STALE or any(e.code == STALE for e in listed):
            self.stale = True
        if hasattr(error, "error_dict"):
            for key, errors in error.error_dict.items():
                field = MODEL_FIELDS.get(key, key)
                self.add_error(field if field in self.fields and field != NON_FIELD_ERRORS else None, errors)
            return
        self.add_error(None, error)


# Addresses -------------------------------------------------------------------------

IPV4_METHODS = [
    (AddressMethod.MANUAL, "None (manual)"),
    (AddressMethod.STATIC, "Static"),
    (AddressMethod.DHCP, "DHCP"),
]
IPV6_METHODS = [
    ("", "None"),
    (AddressMethod.STATIC, "Static"),
    (AddressMethod.DHCP, "DHCPv6"),
    (AddressMethod.AUTO, "SLAAC (auto)"),
]
NEEDS_ADDRESS = "A static address needs the address itself, with its prefix length."

# MTU ----------------------------------------------------------------------------------
# What the rules enforce (rules/mtu.py): a bond member has its bond's MTU or none (BOND-07),
# a bridge is not above a port (MTU-02), a VLAN not above its parent (VLAN-06). So jumbo
# frames are raised from the wire up, and every services call on the way is accepted.
MTU_FIELD_MAX = 9216  # ifupdown2's range (MTU-01)
MTU_HELP = {
    InterfaceKind.NIC: (
        "Empty writes no mtu line: 1500, or in a bond the bond's MTU. In a bond, leave it empty (or give it "
        "the bond's MTU) and set the MTU on the bond. Jumbo frames (9000): raise the NIC or bond first, then "
        "the bridge or VLAN on it."
    ),
    InterfaceKind.BOND: (
        "Empty writes no mtu line: ifupdown2 then sets the bond to 1500. The bond gives its NICs its MTU, so "
        "leave theirs empty or give them the same value; where they have their own, empty theirs before "
        "changing the bond's. Jumbo frames (9000): raise the bond first, then the bridge or VLAN on it."
    ),
    InterfaceKind.BRIDGE: (
        "Empty writes no mtu line: ifupdown2 then sets the bridge to 1500. It may not be above a port's MTU: "
        "for jumbo frames (9000) raise the port first (the bond or NIC), then the bridge; lower the bridge first."
    ),
    InterfaceKind.VLAN: (
        "Empty: the VLAN takes the MTU of the interface it is on. It may not be above that MTU: raise that "
        "interface first (the bond or NIC), then the VLAN; lower the VLAN first."
    ),
}


def mtu_field(kind: str, *, label: str = "MTU") -> forms.IntegerField:
    """The MTU of one interface, with what the rules ask of it and the order that satisfies them."""
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=constants.MTU_MIN,
        max_value=MTU_FIELD_MAX,
        help_text=MTU_HELP.get(kind, ""),
        widget=forms.NumberInput(attrs={"class": "font-monospace"}),
    )


def _with_current(choices: list[tuple[str, str]], current: str) -> list[tuple[str, str]]:
    """Keep a value an imported file uses even when the wizard would not offer it."""
    if current and current not in dict(choices):
        return [*choices, (current, current)]
    return choices


class AddressFieldsMixin:
    """IPv4 and IPv6 method, address and gateway, and the MTU, as Proxmox's dialogs ask for them."""

    address_fields = ("ipv4_method", "ipv4_address", "ipv4_gateway", "ipv6_method", "ipv6_address", "ipv6_gateway")

    def add_address_fields(self, interface=None) -> None:
        current4 = interface.ipv4_method if interface is not None else ""
        current6 = interface.ipv6_method if interface is not None else ""
        self.fields["ipv4_method"] = forms.ChoiceField(
            label="IPv4", choices=_with_current(IPV4_METHODS, current4), initial=AddressMethod.MANUAL
        )
        # Examples go in the help text, never in a placeholder: a grey 10.10.10.2/24 in an empty
        # field reads as an address already filled in (issue 12, item 11).
        self.fields["ipv4_address"] = LengthCheckedField(
            label="IPv4 address/CIDR",
            required=False,
            max_length=18,
            help_text="For example 10.10.10.2/24.",
            widget=forms.TextInput(attrs={"class": "font-monospace"}),
        )
        self.fields["ipv4_gateway"] = LengthCheckedField(
            label="IPv4 gateway",
            required=False,
            max_length=15,
            help_text="Only on the interface the default route leaves by (one per host), for example 10.10.10.1.",
            widget=forms.TextInput(attrs={"class": "font-monospace"}),
        )
        self.fields["ipv6_method"] = forms.ChoiceField(
            label="IPv6", choices=_with_current(IPV6_METHODS, current6), required=False
        )
        self.fields["ipv6_address"] = LengthCheckedField(
            label="IPv6 address/CIDR",
            required=False,
            max_length=43,
            help_text="For example 2001:db8::2/64.",
            widget=forms.TextInput(attrs={"class": "font-monospace"}),
        )
        self.fields["ipv6_gateway"] = LengthCheckedField(
            label="IPv6 gateway",
            required=False,
            max_length=39,
            help_text="Only on the interface the default route leaves by (one per host), for example 2001:db8::1.",
            widget=forms.TextInput(attrs={"class": "font-monospace"}),
        )
        self.fields["mtu"] = mtu_field(interface.kind if interface is not None else getattr(self, "kind", ""))
        if interface is not None:
            for name in (*self.address_fields, "mtu"):
                self.initial.setdefault(name, getattr(interface, name))

    def clean_address_fields(self, cleaned: dict) -> None:
        for version in (4, 6):
            method = cleaned.get(f"ipv{version}_method")
            address = (cleaned.get(f"ipv{version}_address") or "").strip()
            gateway = (cleaned.get(f"ipv{version}_gateway") or "").strip()
            if method != AddressMethod.STATIC:
                continue
            if not address:
                self.add_error(f"ipv{version}_address", NEEDS_ADDRESS)
            elif problem := _address_problem(address, version):
                self.add_error(f"ipv{version}_address", problem)
            if gateway and (problem := _gateway_problem(gateway, version)):
                self.add_error(f"ipv{version}_gateway", problem)

    def addresses(self) -> Addresses:
        data = self.cleaned_data
        return Addresses(**{name: data.get(name) or "" for name in self.address_fields})


def _address_problem(text: str, version: int) -> str:
    example = "10.10.10.2/24" if version == 4 else "2001:db8::2/64"
    if "/" not in text:
        return f"Add the prefix length, for example {example}."
    try:
        address = ipaddress.ip_interface(text)
    except ValueError:
        return f"This is not an IPv{version} address with a prefix length, for example {example}."
    if address.version != version:
        return f"This is an IPv{address.version} address; it belongs in the IPv{address.version} field."
    return ""


def _gateway_problem(text: str, version: int) -> str:
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        if "/" in text:
            return "A gateway is a plain address, without a prefix length."
        return f"This is not an IPv{version} address."
    if address.version != version:
        return f"This is an IPv{address.version} address; it belongs in the IPv{address.version} field."
    return ""
