"""Step 4: bridges with their ports, VLAN interfaces, and addresses on a bond or NIC itself."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError

from netwizard.inventory import constants
from netwizard.inventory.choices import AddressMethod, InterfaceKind
from netwizard.inventory.models import Interface, validate_ifname
from netwizard.inventory.selectors import interface_copy, interface_name_suggest
from netwizard.inventory.services import Addresses, bridge_fields_set, vlan_fields_set
from netwizard.network.interfaces_file.syntax import DOTTED_VLAN, VLAN_N

from .base import AddressFieldsMixin, LengthCheckedField, WizardForm

NAME_TAKEN = "{host} already has an interface named {name}."
BRIDGE_NAME = "Use a name without dots; Proxmox names bridges vmbrN, such as vmbr0."
VIDS_INVALID = "List VLAN IDs and ranges separated by spaces, such as 2-4094 or 10 20 30-39."
VLAN_NAME_TOO_LONG = "{name} is longer than 15 characters; give the VLAN a short name such as vlan{vid}."
VLAN_NAME_DOTTED = "A name with a dot must be the parent's name, a dot and the VLAN ID ({expected})."
VLAN_NAME_NUMBER = "A name vlanN must carry the VLAN ID ({expected})."
VIDS = re.compile(r"\A\d+(-\d+)?([ ,]+\d+(-\d+)?)*\Z")


def _name_field(label: str, help_text: str) -> forms.CharField:
    return LengthCheckedField(
        label=label,
        max_length=constants.IFNAME_MAX_LENGTH,
        help_text=help_text,
        # The model checks the grammar too, but only once the rest of the form is valid.
        validators=[validate_ifname],
        widget=forms.TextInput(
            attrs={
                "class": "font-monospace",
                "autocomplete": "off",
                "spellcheck": "false",
            }
        ),
    )


class InterfaceForm(AddressFieldsMixin, WizardForm):
    """Shared by the step-4 forms: the host's rows, the interface edited (or None), the names taken."""

    kind = ""

    def __init__(self, *args, host, rows: list[Interface], interface: Interface | None = None, **kwargs):
        self.rows = rows
        self.interface = interface
        own = interface.pk if interface is not None else None
        self.by_name = {r.name: r for r in rows}
        self.taken = {r.name for r in rows if r.pk != own}
        super().__init__(*args, host=host, **kwargs)

    def check_name_free(self, name: str) -> str:
        if name in self.taken:
            raise ValidationError(NAME_TAKEN.format(host=self.host.name, name=name))
        return name

    def clean(self):
        cleaned = super().clean()
        self.clean_address_fields(cleaned)
        return cleaned

    def base(self) -> Interface:
        if self.interface is not None:
            return interface_copy(self.interface)
        return Interface(host=self.host, kind=self.kind, autostart=True, ipv4_method=AddressMethod.MANUAL)

    def candidate_addresses(self, base: Interface) -> Addresses:
        data = getattr(self, "cleaned_data", {})
        current = Addresses.of(base)
        return Addresses(
            **{
                name: data[name] if name in data and data[name] is not None else getattr(current, name)
                for name in self.address_fields
            }
        )


def _own_address(row: Interface) -> str:
    """The address an interface carries itself, as the port list names it ("" for none):
    a port's own address is ignored on a bridge port, so such a port is not pre-ticked."""
    addresses = [a for a in (row.ipv4_address, row.ipv6_address) if a]
    addresses += [m.upper() for m in (row.ipv4_method, row.ipv6_method) if m == AddressMethod.DHCP]
    return ", ".join(addresses)


class BridgeForm(InterfaceForm):
    kind = InterfaceKind.BRIDGE

    def __init__(self, *args, host, rows, interface=None, **kwargs):
        own = interface.pk if interface is not None else None
        # A bridge port is a NIC, a bond or a VLAN that has no other master.
        port_kinds = (InterfaceKind.NIC, InterfaceKind.BOND, InterfaceKind.VLAN)
        self.port_rows = [r for r in rows if r.kind in port_kinds and r.master_id in (None, own)]
        by_pk = {r.pk: r for r in rows}
        self.unavailable = [
            (r, by_pk[r.master_id].name) for r in rows if r.kind in port_kinds and r.master_id not in (None, own)
        ]
        initial = kwargs.setdefault("initial", {})
        if interface is not None:
            initial.setdefault("name", interface.name)
            initial.setdefault("ports", [r.name for r in self.port_rows if r.master_id == own])
            initial.setdefault("vlan_aware", bool(interface.bridge_vlan_aware))
            initial.setdefault("vids", interface.bridge_vids or "2-4094")
        else:
            initial.setdefault("vids", "2-4094")
            initial.setdefault("ipv4_method", AddressMethod.STATIC)
        super().__init__(*args, host=host, rows=rows, interface=interface, **kwargs)
        self.fields["name"] = _name_field("Bridge name", "Proxmox names bridges vmbrN, such as vmbr0.")
        self.fields["ports"] = forms.MultipleChoiceField(
            label="Ports",
            required=False,
            choices=[(r.name, r.name) for r in self.port_rows],
            widget=forms.CheckboxSelectMultiple,
            help_text="The bond or NIC that connects the bridge to the network; none for a host-only bridge.",
        )
        self.fields["vlan_aware"] = forms.BooleanField(
            label="VLAN aware",
            required=False,
            help_text="Guests then pick their VLAN tag on their own network device; one bridge serves every VLAN.",
        )
        self.fields["vids"] = LengthCheckedField(
            label="VLAN IDs",
            required=False,
            max_length=255,
            help_text="The VLANs the bridge passes; Proxmox's default is 2-4094.",
            widget=forms.TextInput(attrs={"class": "font-monospace", "spellcheck": "false"}),
        )
        self.add_address_fields(interface)

    def port_options(self) -> list[dict]:
        """The interfaces that can be ports, with their kind and whether they are picked."""
        value = self["ports"].value() or []
        return [
            {
                "name": r.name,
                "kind": r.get_kind_display(),
                "address": _own_address(r),
                "checked": r.name in value,
                "id": f"port-{r.name}",
            }
            for r in self.port_rows
        ]

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if "." in name:
            raise ValidationError(BRIDGE_NAME)
        return self.check_name_free(name)

    def clean_vids(self) -> str:
        vids = self.cleaned_data["vids"].strip()
        if vids and not VIDS.match(vids):
            raise ValidationError(VIDS_INVALID)
        return vids

    def service_values(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "ports": [self.by_name[p] for p in data["ports"]],
            "vlan_aware": data["vlan_aware"],
            "vids": data.get("vids") or "",
            "addresses": self.addresses(),
            "mtu": data.get("mtu"),
        }

    def candidate(self) -> tuple[Interface, list[Interface]]:
        data = getattr(self, "cleaned_data", {})
        bridge = self.base()
        if bridge.pk is None:
            bridge.bridge_stp, bridge.bridge_fd = False, 0
        ports = data.get("ports")
        if ports is None:
            ports = self.initial.get("ports") or []
        bridge_fields_set(
            bridge=bridge,
            # An invalid or taken name previews as the name a new bridge would get, not as a clash.
            name=data.get("name") or bridge.name or interface_name_suggest(taken=self.by_name, prefix="vmbr"),
            vlan_aware=data.get("vlan_aware", bool(bridge.bridge_vlan_aware)),
            vids=data.get("vids") or "",
            addresses=self.candidate_addresses(bridge),
            mtu=data.get("mtu", bridge.mtu),
        )
        return bridge, [self.by_name[p] for p in ports if p in self.by_name]


class VlanForm(InterfaceForm):
    kind = InterfaceKind.VLAN

    def __init__(self, *args, host, rows, interface=None, **kwargs):
        parents = (InterfaceKind.NIC, InterfaceKind.BOND, InterfaceKind.BRIDGE)
        self.parent_rows = [r for r in rows if r.kind in parents]
        initial = kwargs.setdefault("initial", {})
        if interface is not None:
            parent = next((r for r in rows if r.pk == interface.raw_device_id), None)
            initial.setdefault("raw_device", parent.name if parent else "")
            initial.setdefault("vlan_id", interface.vlan_id)
            default = f"{parent.name}.{interface.vlan_id}" if parent else ""
            initial.setdefault("name", "" if interface.name == default else interface.name)
        else:
            initial.setdefault("ipv4_method", AddressMethod.STATIC)
        super().__init__(*args, host=host, rows=rows, interface=interface, **kwargs)
        self.fields["raw_device"] = forms.ChoiceField(
            label="On interface",
            choices=[(r.name, f"{r.name} ({r.get_kind_display()})") for r in self.parent_rows],
            help_text="The bond or NIC closest to the wire is usually best; on a VLAN-aware bridge use the bridge.",
        )
        self.fields["vlan_id"] = forms.IntegerField(
            label="VLAN ID", min_value=constants.VLAN_ID_MIN, max_value=constants.VLAN_ID_MAX
        )
        self.fields["name"] = _name_field("Name", "Leave empty for the usual name, interface.VLAN-ID such as bond0.50.")
        self.fields["name"].required = False
        self.order_fields(["raw_device", "vlan_id", "name"])
        self.add_address_fields(interface)

    def clean(self):
        cleaned = super().clean()
        raw, vid, name = cleaned.get("raw_device"), cleaned.get("vlan_id"), (cleaned.get("name") or "").strip()
        if raw and vid:
            expected = f"{raw}.{vid}"
            final = name or expected
            dotted = DOTTED_VLAN.fullmatch(final)
            numbered = VLAN_N.fullmatch(final)
            if len(final) > constants.IFNAME_MAX_LENGTH:
                self.add_error("name", VLAN_NAME_TOO_LONG.format(name=final, vid=vid))
            elif dotted and final != expected:
                self.add_error("name", VLAN_NAME_DOTTED.format(expected=expected))
            elif numbered and int(numbered.group(1)) != vid:
                self.add_error("name", VLAN_NAME_NUMBER.format(expected=f"vlan{vid}"))
            elif final in self.taken:
                self.add_error("name", NAME_TAKEN.format(host=self.host.name, name=final))
            cleaned["final_name"] = final
        return cleaned

    def service_values(self) -> dict:
        data = self.cleaned_data
        return {
            "raw_device": self.by_name[data["raw_device"]],
            "vlan_id": data["vlan_id"],
            "name": data["final_name"],
            "addresses": self.addresses(),
            "mtu": data.get("mtu"),
        }

    def candidate(self) -> tuple[Interface | None, None]:
        """The VLAN as saving would store it; None until its parent and ID are known."""
        data = getattr(self, "cleaned_data", {})
        vlan = self.base()
        parent = self.by_name.get(data.get("raw_device") or "") or next(
            (r for r in self.rows if r.pk == vlan.raw_device_id), None
        )
        vid = data.get("vlan_id") or vlan.vlan_id
        if parent is None or vid is None:
            return None, None
        vlan_fields_set(
            vlan=vlan,
            raw_device=parent,
            vlan_id=vid,
            name=data.get("final_name") or "",
            addresses=self.candidate_addresses(vlan),
            mtu=data.get("mtu", vlan.mtu),
        )
        return vlan, None


class AddressForm(InterfaceForm):
    """Addresses on a bond or NIC itself (the storage bond of Proxmox's first layout)."""

    def __init__(self, *args, host, rows, interface, **kwargs):
        super().__init__(*args, host=host, rows=rows, interface=interface, **kwargs)
        self.add_address_fields(interface)

    def service_values(self) -> dict:
        return {"addresses": self.addresses(), "mtu": self.cleaned_data.get("mtu")}

    def candidate(self) -> tuple[Interface, None]:
        data = getattr(self, "cleaned_data", {})
        interface = self.base()
        self.candidate_addresses(interface).apply(interface)
        interface.mtu = data.get("mtu", interface.mtu)
        return interface, None
