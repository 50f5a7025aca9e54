"""/api/hosts/{name}/interfaces/: a host's interfaces in Proxmox's field names.

Writes go through the wizard's services (`nic_update`, `bond_update`, `bridge_update`,
`vlan_update`), so the same rules refuse the same changes (400 with the findings), a
stale If-Match is refused (412) and the host's history records who made the change.
A PATCH changes the fields it names and keeps the others. Only the kinds the wizard
builds can be created or changed here; Open vSwitch and other stanzas netwizard keeps
verbatim are read-only.
"""

from __future__ import annotations

import dataclasses

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import api_view
from rest_framework.response import Response

from netwizard.inventory import selectors, services
from netwizard.inventory.choices import AddressMethod, BondMode, HashPolicy, InterfaceKind, VlanProtocol
from netwizard.inventory.models import Host, Interface

from .proxmox_fields import proxmox_fields
from .writes import etag, expected_version, service_errors

TYPES = {
    "eth": InterfaceKind.NIC,
    "bond": InterfaceKind.BOND,
    "bridge": InterfaceKind.BRIDGE,
    "vlan": InterfaceKind.VLAN,
}
KIND_FIELDS = {
    InterfaceKind.BRIDGE: {"bridge_ports", "bridge_vlan_aware", "bridge_vids"},
    InterfaceKind.BOND: {"slaves", "bond_mode", "bond_miimon", "bond_xmit_hash_policy", "bond-primary"},
    InterfaceKind.VLAN: {"vlan-raw-device", "vlan-id", "vlan-protocol"},
}
NOT_FOR_KIND = "{field} does not apply to a {type}."
READ_ONLY_KIND = "{iface} is kept verbatim from its file ({type}); edit it in the file and import that."
UNKNOWN_NAME = "{name} is not an interface of {host}."
METHODS = [str(m) for m in (AddressMethod.MANUAL, AddressMethod.STATIC, AddressMethod.DHCP, AddressMethod.AUTO)]


def _optional(field: type[serializers.Field], **options) -> serializers.Field:
    """A field a write may leave out: a PATCH keeps what it does not name."""
    return field(required=False, **options)


_FIELDS = {
    "iface": _optional(serializers.CharField, max_length=15, help_text="the interface's name"),
    "type": _optional(
        serializers.ChoiceField, choices=list(TYPES), help_text="creating only: eth, bond, bridge or vlan"
    ),
    "autostart": _optional(serializers.BooleanField, help_text="an `auto` line: started at boot"),
    "method": _optional(serializers.ChoiceField, choices=METHODS),
    "cidr": _optional(
        serializers.CharField, allow_blank=True, max_length=18, help_text="IPv4 address/prefix; sets method static"
    ),
    "gateway": _optional(serializers.CharField, allow_blank=True, max_length=15),
    "method6": _optional(
        serializers.ChoiceField, choices=METHODS, allow_blank=True, help_text="empty: no inet6 stanza"
    ),
    "cidr6": _optional(serializers.CharField, allow_blank=True, max_length=43),
    "gateway6": _optional(serializers.CharField, allow_blank=True, max_length=39),
    "mtu": _optional(serializers.IntegerField, allow_null=True, min_value=1),
    "comments": _optional(serializers.CharField, allow_blank=True, trim_whitespace=False),
    "bridge_ports": _optional(serializers.CharField, allow_blank=True, help_text="space-separated names"),
    "bridge_vlan_aware": _optional(serializers.BooleanField),
    "bridge_vids": _optional(serializers.CharField, allow_blank=True),
    "slaves": _optional(serializers.CharField, allow_blank=True, help_text="space-separated names"),
    "bond_mode": _optional(serializers.ChoiceField, choices=BondMode.values),
    "bond_miimon": _optional(serializers.IntegerField, allow_null=True, min_value=0),
    "bond_xmit_hash_policy": _optional(serializers.ChoiceField, choices=HashPolicy.values, allow_blank=True),
    "bond-primary": _optional(serializers.CharField, allow_blank=True),
    "vlan-raw-device": _optional(serializers.CharField),
    "vlan-id": _optional(serializers.IntegerField),
    "vlan-protocol": _optional(serializers.ChoiceField, choices=VlanProtocol.values, allow_blank=True),
}
# Built from a dict: Proxmox's hyphenated names (bond-primary, vlan-id) are no Python names.
InterfaceWrite = type("InterfaceWrite", (serializers.Serializer,), _FIELDS)
InterfaceRead = inline_serializer("InterfaceRead", {"iface": serializers.CharField(), "type": serializers.CharField()})


def _host(name: str) -> Host:
    return get_object_or_404(Host, name=name)


def _rows(host: Host) -> dict[str, Interface]:
    return {row.name: row for row in selectors.host_rows(host=host)}


def _named(rows: dict[str, Interface], names: str, host: Host, field: str) -> list[Interface]:
    wanted = names.replace(",", " ").split()
    unknown = [name for name in wanted if name not in rows]
    if unknown:
        raise exceptions.ValidationError({field: [UNKNOWN_NAME.format(name=n, host=host.name) for n in unknown]})
    return [rows[name] for name in wanted]


def _addresses(row: Interface, data: dict) -> services.Addresses:
    values = dataclasses.asdict(services.Addresses.of(row))
    for suffix, family in (("", "ipv4"), ("6", "ipv6")):
        if data.get(f"cidr{suffix}"):
            values[f"{family}_method"] = data.get(f"method{suffix}", AddressMethod.STATIC)  # as Proxmox's API does
        elif f"method{suffix}" in data:
            values[f"{family}_method"] = data[f"method{suffix}"]
        if f"cidr{suffix}" in data:
            values[f"{family}_address"] = data[f"cidr{suffix}"]
        if f"gateway{suffix}" in data:
            values[f"{family}_gateway"] = data[f"gateway{suffix}"]
    return services.Addresses(**values)


def _save(row: Interface, data: dict, rows: dict[str, Interface], host: Host, version: int | None) -> Interface:
    """Apply the fields `data` names to `row` (others keep their value) through the kind's service."""
    wrong = sorted(set(data) & set().union(*KIND_FIELDS.values()) - KIND_FIELDS.get(row.kind, set()))
    if wrong:
        kind = next(t for t, k in TYPES.items() if k == row.kind)
        raise exceptions.ValidationError({field: [NOT_FOR_KIND.format(field=field, type=kind)] for field in wrong})
    name = data.get("iface", row.name)
    if "autostart" in data:
        row.autostart = data["autostart"]
    if "comments" in data:
        row.comment = data["comments"].rstrip("\n")
    mtu = data.get("mtu", row.mtu)
    addresses = _addresses(row, data)
    kind = row.kind
    with service_errors():
        if kind == InterfaceKind.NIC:
            addresses.apply(row)
            return services.nic_update(
                nic=row,
                name=name,
                speed_mbps=row.speed_mbps,
                mac=row.mac,
                switch=row.switch,
                switch_port=row.switch_port,
                mtu=mtu,
                expected_version=version,
            )
        if kind == InterfaceKind.BOND:
            members = _named(rows, data["slaves"], host, "slaves") if "slaves" in data else list(row.members.all())
            primary_name = data.get("bond-primary", row.bond_primary.name if row.bond_primary else "")
            addresses.apply(row)
            return services.bond_update(
                bond=row,
                name=name,
                members=members,
                mode=data.get("bond_mode", row.bond_mode),
                miimon=data.get("bond_miimon", row.bond_miimon),
                xmit_hash_policy=data.get("bond_xmit_hash_policy", row.bond_xmit_hash_policy),
                lacp_rate=row.bond_lacp_rate,
                primary=_named(rows, primary_name, host, "bond-primary")[0] if primary_name else None,
                mtu=mtu,
                expected_version=version,
            )
        if kind == InterfaceKind.BRIDGE:
            ports = data.get("bridge_ports")
            return services.bridge_update(
                bridge=row,
                name=name,
                ports=_named(rows, ports, host, "bridge_ports") if ports is not None else list(row.members.all()),
                vlan_aware=data.get("bridge_vlan_aware", bool(row.bridge_vlan_aware)),
                vids=data.get("bridge_vids", row.bridge_vids),
                addresses=addresses,
                mtu=mtu,
                expected_version=version,
            )
        raw = data.get("vlan-raw-device")
        row.vlan_protocol = data.get("vlan-protocol", row.vlan_protocol)
        return services.vlan_update(
            vlan=row,
            raw_device=_named(rows, raw, host, "vlan-raw-device")[0] if raw else row.raw_device,
            vlan_id=data.get("vlan-id", row.vlan_id),
            name=name,
            addresses=addresses,
            mtu=mtu,
            expected_version=version,
        )


def _answer(host: Host, name: str, status_code: int = status.HTTP_200_OK) -> Response:
    host.refresh_from_db(fields=["version"])
    network = selectors.host_network(host=host)
    found = network.get(name)
    if found is None:
        raise exceptions.NotFound(f"{host.name} has no interface {name}.")
    return Response(proxmox_fields(found), status=status_code, headers={"ETag": etag(host.version)})


@extend_schema(methods=["GET"], operation_id="interfaces_list", summary="A host's interfaces", responses=InterfaceRead)
@extend_schema(
    methods=["POST"],
    operation_id="interfaces_create",
    summary="Add an interface (eth, bond, bridge or vlan)",
    request=InterfaceWrite,
    responses={201: InterfaceRead, 400: OpenApiResponse(description="invalid, or refused by the rules")},
)
@api_view(["GET", "POST"])
def interfaces(request, name: str):
    host = _host(name)
    if request.method == "GET":
        network = selectors.host_network(host=host)
        return Response([proxmox_fields(i) for i in network.interfaces], headers={"ETag": etag(host.version)})
    body = InterfaceWrite(data=request.data)
    body.is_valid(raise_exception=True)
    data = body.validated_data
    missing = [field for field in ("iface", "type") if field not in data]
    if missing:
        raise exceptions.ValidationError({field: ["This field is required."] for field in missing})
    kind = TYPES[data["type"]]
    row = Interface(host=host, kind=kind, autostart=data.get("autostart", kind != InterfaceKind.NIC))
    if kind == InterfaceKind.NIC:
        row.ipv4_method = AddressMethod.MANUAL
    if kind == InterfaceKind.BRIDGE:
        row.bridge_stp, row.bridge_fd = False, 0  # Proxmox's defaults
    if kind == InterfaceKind.VLAN and "vlan-raw-device" not in data:
        raise exceptions.ValidationError({"vlan-raw-device": ["This field is required."]})
    saved = _save(row, data, _rows(host), host, expected_version(request))
    return _answer(host, saved.name, status.HTTP_201_CREATED)


@extend_schema(methods=["GET"], operation_id="interfaces_read", summary="One interface", responses=InterfaceRead)
@extend_schema(
    methods=["PATCH"],
    operation_id="interfaces_update",
    summary="Change the fields named, keep the others",
    request=InterfaceWrite,
    responses={200: InterfaceRead, 400: OpenApiResponse(description="refused"), 412: OpenApiResponse()},
)
@extend_schema(
    methods=["DELETE"], operation_id="interfaces_delete", summary="Delete an interface", responses={204: None}
)
@api_view(["GET", "PATCH", "DELETE"])
def interface(request, name: str, iface: str):
    host = _host(name)
    rows = _rows(host)
    row = rows.get(iface)
    if row is None:
        raise exceptions.NotFound(f"{host.name} has no interface {iface}.")
    if request.method == "GET":
        return _answer(host, iface)
    version = expected_version(request)
    if request.method == "DELETE":
        with service_errors():
            services.interface_delete(interface=row, expected_version=version)
        return Response(status=status.HTTP_204_NO_CONTENT)
    if row.kind not in TYPES.values():
        raise exceptions.PermissionDenied(READ_ONLY_KIND.format(iface=iface, type=row.kind))
    body = InterfaceWrite(data=request.data, partial=True)
    body.is_valid(raise_exception=True)
    if "type" in body.validated_data and TYPES[body.validated_data["type"]] != row.kind:
        raise exceptions.ValidationError({"type": ["An interface keeps its type; delete it and add a new one."]})
    saved = _save(row, body.validated_data, rows, host, version)
    return _answer(host, saved.name)
