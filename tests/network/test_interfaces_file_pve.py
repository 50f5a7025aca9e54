"""netwizard's reader and writer against Proxmox's own corpus, read from the shared folder
at test time (never copied into the project; see reference/pve-interfaces/README.md).

- Fixed points: every file Proxmox's writer produced comes back byte-identical after the
  header.
- Canonical: inputs Proxmox normalises in one read+write (or two, where its first save
  is not yet stable) come out of netwizard exactly as Proxmox wrote them.
- Idempotence: formatting formatted text changes nothing, for every input.
- Where netwizard deliberately differs from Proxmox (its bugs), the difference is pinned.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from netwizard.network.interfaces_file import parse, render
from netwizard.network.model import Kind
from tests.conftest import PVE_CORPUS

CORPUS = PVE_CORPUS
DERIVED = CORPUS / "derived"


def corpus(pattern: str, folder: Path = CORPUS) -> list[Path]:
    files = sorted(folder.glob(pattern))
    assert files, f"nothing matches {pattern} in {folder}: is the shared folder there?"
    return files


def without_header(text: str) -> str:
    """Drop the leading comment block and the blank lines after it (both writers add one)."""
    lines = text.split("\n")
    start = 0
    while start < len(lines) and lines[start].startswith("#"):
        start += 1
    while start < len(lines) and lines[start] == "":
        start += 1
    return "\n".join(lines[start:])


def fixed_points() -> list[Path]:
    files = corpus("t.*expected*.interfaces")
    for output in corpus("*.output.interfaces", DERIVED):
        settled = output.with_name(output.name.replace(".output.", ".output-pass2."))
        files.append(settled if settled.exists() else output)
    return files


def inputs() -> list[Path]:
    files = corpus("t.*input*.interfaces") + corpus("fixture.*.interfaces")
    files += [p for p in corpus("*.input.interfaces", DERIVED) if not p.name.startswith("error.")]
    return [p for p in files if p.stat().st_size > 0]


CANONICAL = {
    "derived/bond-options.input": "derived/bond-options.output",
    "derived/installer-default.input": "derived/installer-default.output",
    "derived/misc-inet6-broadcast.input": "derived/misc-inet6-broadcast.output",
    "derived/order-not-idempotent.input": "derived/order-not-idempotent.output-pass2",
    "derived/canonical-fixed-point.input": "derived/canonical-fixed-point.output",
    "t.base-auto-allow-hotplug.step1.input": "t.base-auto-allow-hotplug.step1.expected",
    "t.base-auto-allow-hotplug.step2.input": "t.base-auto-allow-hotplug.step2.expected",
    "t.ifupdown2-typeless.input": "t.ifupdown2-typeless.expected",
    "t.parsed_options.input": "t.parsed_options.expected",
    "t.vlan-parsing.input": "t.vlan-parsing.expected",
}


def formatted(path: Path) -> str:
    return render(parse(path.read_text()))


@pytest.mark.parametrize("path", fixed_points(), ids=lambda p: p.name)
def test_a_file_proxmox_wrote_comes_back_byte_identical(path):
    assert without_header(formatted(path)) == without_header(path.read_text())


@pytest.mark.parametrize(("source", "target"), sorted(CANONICAL.items()))
def test_an_input_becomes_what_proxmox_made_of_it(source, target):
    got = formatted(CORPUS / f"{source}.interfaces")
    assert without_header(got) == without_header((CORPUS / f"{target}.interfaces").read_text())


@pytest.mark.parametrize("path", inputs(), ids=lambda p: p.name)
def test_formatting_the_formatted_text_changes_nothing(path):
    once = formatted(path)
    assert render(parse(once)) == once


def test_the_header_is_netwizards_own_not_proxmoxs():
    proxmox_header = (CORPUS / "fixture.loopback.interfaces").read_text().split("\n")[:10]
    ours = formatted(CORPUS / "fixture.loopback.interfaces")
    assert ours.startswith("# Network interfaces of this host, written by netwizard.\n")
    assert not any(line in ours for line in proxmox_header if len(line) > 1)


def test_bridge_vlan_aware_no_and_mac_learning_survive_unlike_in_proxmox():
    """Proxmox writes `no` back as `yes` and drops bridge-disable-mac-learning."""
    got = formatted(DERIVED / "bridge-options.input.interfaces")
    vmbr0 = got.split("auto vmbr0\n", 1)[1].split("\n\n", 1)[0]
    assert "\tbridge-vlan-aware no\n" in vmbr0
    assert "\tbridge-vids" not in vmbr0
    assert "\tbridge-disable-mac-learning 1\n" in vmbr0
    proxmox = (DERIVED / "bridge-options.output.interfaces").read_text()
    assert "bridge-vlan-aware yes" in proxmox.split("auto vmbr1", 1)[0]


def test_a_bond_not_named_bondN_is_kept_as_written_unlike_in_proxmox():
    """Proxmox rewrites bond_lan with internal key names, which breaks it; we keep it."""
    network = parse((DERIVED / "vlans-and-names.input.interfaces").read_text())
    bond_lan = network.get("bond_lan")
    assert bond_lan.kind == Kind.OTHER and bond_lan.bond is None
    assert bond_lan.inet.options == [
        ("bond-slaves", "enp3s0f0 enp3s0f1"),
        ("bond-mode", "802.3ad"),
        ("bond-miimon", "100"),
    ]
    got = render(network)
    assert "\tbond-slaves enp3s0f0 enp3s0f1\n\tbond-mode 802.3ad\n\tbond-miimon 100\n" in got
    assert "\tslaves " not in got and "bond_mode" not in got


def test_what_proxmox_made_of_bond_lan_reads_back_unchanged_too():
    """Its output (internal key names) is a fixed point: kept verbatim, not 'repaired'."""
    got = formatted(DERIVED / "vlans-and-names.output.interfaces")
    assert "\tbond_miimon 100\n\tbond_mode 802.3ad\n\tslaves enp3s0f0 enp3s0f1\n" in got


def test_the_typeless_stanza_keeps_both_families_in_one_stanza():
    network = parse((CORPUS / "t.ifupdown2-typeless.input.interfaces").read_text())
    vmbr1 = network.get("vmbr1")
    assert vmbr1.typeless and vmbr1.kind == Kind.BRIDGE
    assert (vmbr1.inet.address, vmbr1.inet.gateway) == ("1.2.3.4/24", "1.2.3.1")
    assert (vmbr1.inet6.address, vmbr1.inet6.gateway) == ("fccc::a:1/64", "fccc::1")
    assert vmbr1.comments == [" Comment"]


def test_ovs_and_vxlan_stanzas_are_kept_verbatim_and_ranked_like_proxmox():
    network = parse((CORPUS / "t.create_network.step5.expected.interfaces").read_text())
    kinds = {i.name: i.kind for i in network.interfaces}
    assert {kinds[n] for n in ("ovsintvlan", "bond1", "vmbr6", "vxlan1", "vxlan3")} == {Kind.OTHER}
    assert network.get("vxlan3").inet.options == [
        ("vxlan-id", "3"),
        ("vxlan-remoteip", "192.168.0.3"),
        ("vxlan-remoteip", "192.168.0.4"),
        ("bridge-access", "3"),
    ]
    assert network.get("bond0.100.10").vlan.raw_device == "bond0.100"


def test_the_legacy_base_file_is_normalised_like_proxmox_does():
    """brbase: netmask, underscores and double spaces become Proxmox's current form."""
    got = formatted(CORPUS / "fixture.brbase.interfaces")
    assert without_header(got).endswith(
        "auto vmbr0\niface vmbr0 inet static\n\taddress 10.0.0.2/24\n\tgateway 10.0.0.1\n"
        "\tbridge-ports eth0\n\tbridge-stp off\n\tbridge-fd 0\n\n"
    )
    assert "source-directory interfaces.d\n\niface eth0" in got
