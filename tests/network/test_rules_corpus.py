"""The rules against Proxmox's own corpus and the seed's examples, read from the shared
folder at test time (never copied into the project).

- Every file Proxmox's writer refuses (derived/error.*) gets at least one error, and the
  error names the defect Proxmox refuses it for.
- Files Proxmox wrote (its fixed points) get no error unless they carry a real defect;
  the ones that do are listed below with the defect.
- The seed's two examples are clean with an LACP switch and fail BOND-26 as soon as the
  bond carries the cluster network.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from netwizard.network.interfaces_file import parse
from netwizard.network.rules import IFUPDOWN1, Context, check
from tests.conftest import PVE_CORPUS, SEED_TEXT

CORPUS = PVE_CORPUS
SEED = SEED_TEXT


def corpus_files(pattern: str, folder: Path = CORPUS) -> list[Path]:
    files = sorted(folder.glob(pattern))
    assert files, f"nothing matches {pattern} in {folder}: is the shared folder there?"
    return files


def fixed_points() -> list[Path]:
    """The same list check-pve-corpus uses: Proxmox's expected outputs, and for each
    derived case its settled output (pass 2 where the first save was not yet stable)."""
    files = corpus_files("t.*expected*.interfaces")
    for out in corpus_files("*.output.interfaces", CORPUS / "derived"):
        second = out.with_name(out.name.replace(".output.", ".output-pass2."))
        files.append(second if second.exists() else out)
    return files


def lint(path: Path, context: Context | None = None):
    network = parse(path.read_text())
    return check(network, context or Context.build(network))


# Proxmox refuses to save each of these; the code that must say why.
REJECTED = {
    "bond-primary-not-slave": "BOND-18",
    "bond-slave-is-bridge": "BOND-03",
    "bond-slave-missing": "BOND-03",
    "bridge-access-without-bridge": "BR-15",
    "bridge-port-has-ip": "BR-03",
    "bridge-port-missing": "BR-01",
    # Proxmox refuses it only when the host runs classic ifupdown (see below).
    "custom-vlan-name-ifupdown1": "VLAN-09",
    "mtu-bond-below-slave": "BOND-07",
    "mtu-bridge-above-port": "MTU-02",
    "mtu-vlan-above-parent": "VLAN-06",
    "port-used-twice": "BOND-05",
    "vlan-id-too-big": "VLAN-01",
    "vlan-parent-missing": "VLAN-03",
    "vlan-parent-unknown-type": "VLAN-03",
    "vlan-protocol-invalid": "VLAN-07",
}


@pytest.mark.parametrize("path", corpus_files("error.*.input.interfaces", CORPUS / "derived"), ids=lambda p: p.name)
def test_every_file_proxmox_refuses_gets_an_error_naming_the_defect(path):
    case = path.name.removeprefix("error.").removesuffix(".input.interfaces")
    # The custom VLAN name is refused by Proxmox's writer only without ifupdown2, so it
    # is an error only for a host known to run classic ifupdown.
    context = Context.build(ifupdown=IFUPDOWN1) if "ifupdown1" in case else None
    errors = {f.code for f in lint(path, context) if f.severity == "error"}
    assert REJECTED[case] in errors, errors


def test_custom_vlan_name_is_advice_when_the_ifupdown_flavour_is_unknown():
    path = CORPUS / "derived" / "error.custom-vlan-name-ifupdown1.input.interfaces"
    assert [(f.code, f.severity) for f in lint(path)] == [("VLAN-09", "info")]


def test_the_rejected_list_covers_the_whole_corpus():
    cases = {
        p.name.removeprefix("error.").removesuffix(".input.interfaces") for p in (CORPUS / "derived").glob("error.*")
    }
    assert cases == set(REJECTED)


def test_custom_vlan_name_is_accepted_for_a_host_known_to_run_proxmox_ifupdown2():
    path = CORPUS / "derived" / "error.custom-vlan-name-ifupdown1.input.interfaces"
    network = parse(path.read_text())
    assert not [f for f in check(network, Context.for_inventory(network, switches={})) if f.severity == "error"]


# Fixed points: files Proxmox wrote itself. The ones with errors, and the defect behind each.
TWO_IPV4_GATEWAYS = {"IP-04"}  # eth1 and vmbr0 both set one; Proxmox's API refuses that, its test bypasses the API
FIXED_POINT_ERRORS = {
    "t.create_network.step1.expected.interfaces": TWO_IPV4_GATEWAYS,
    "t.create_network.step2.expected.interfaces": TWO_IPV4_GATEWAYS,
    "t.create_network.step3.expected.interfaces": TWO_IPV4_GATEWAYS,
    "t.create_network.step4.expected.interfaces": TWO_IPV4_GATEWAYS,
    "t.create_network.step5.expected.interfaces": TWO_IPV4_GATEWAYS,
    "t.update_network.step1.expected.interfaces": TWO_IPV4_GATEWAYS,
    "t.update_network.step2.expected.interfaces": TWO_IPV4_GATEWAYS,
    # unknown3..5 carry `address 0.0.0.0` (IP-01); its pre-up hooks are FMT-02 warnings
    "t.unknown_order.expected.interfaces": {"IP-01"},
    # eno2.10 is a VLAN on eno2, a member of bond0: tagged traffic arrives on the bond
    "derived/order-not-idempotent.output-pass2.interfaces": {"VLAN-04"},
    # bond_lan is not named bondN, so Proxmox already broke it (keys `slaves`, `bond_mode`)
    "derived/vlans-and-names.output.interfaces": {"NAME-05"},
}


@pytest.mark.parametrize("path", fixed_points(), ids=lambda p: str(p.relative_to(CORPUS)))
def test_fixed_points_get_errors_only_for_a_real_defect(path):
    errors = {f.code for f in lint(path) if f.severity == "error"}
    assert errors == FIXED_POINT_ERRORS.get(str(path.relative_to(CORPUS)), set())


def test_the_fixed_point_exceptions_all_exist():
    names = {str(p.relative_to(CORPUS)) for p in fixed_points()}
    assert set(FIXED_POINT_ERRORS) <= names


# The seed's examples -----------------------------------------------------------------


def seed_examples() -> list[str]:
    text = SEED.read_text()
    blocks = re.findall(r"^Example: [^\n]*\n\n(auto lo\n.*?)(?=\n\n(?:\S+\.svg|Another)|\Z)", text, re.S | re.M)
    assert len(blocks) == 2
    return [b + "\n" for b in blocks]


@pytest.mark.parametrize(("index", "bond_network"), [(0, "192.168.1.0/24"), (1, "10.10.10.0/24")])
def test_seed_examples_are_clean_with_lacp_and_fail_bond_26_with_the_cluster_on_the_bond(index, bond_network):
    network = parse(seed_examples()[index])
    assert check(network, Context.build(network, switch_lacp="yes")) == []
    findings = check(network, Context.build(network, switch_lacp="yes", cluster_networks=[bond_network]))
    assert [(f.code, f.interface) for f in findings if f.severity == "error"] == [("BOND-26", "bond0")]


def test_seed_storage_bond_is_not_affected_by_the_cluster_on_the_separate_bridge():
    network = parse(seed_examples()[0])  # vmbr0 sits on eno3, not on the bond
    findings = check(network, Context.build(network, switch_lacp="yes", cluster_networks=["10.10.10.0/24"]))
    assert not [f for f in findings if f.severity == "error"]
