"""Our own golden files (tests/network/golden): NAME.input.interfaces is a file as users
write them, NAME.expected.interfaces what netwizard makes of it, checked by hand against
proxmox-format.md §3 and §8. One case per group of constructs:

- seed-bond-fixed-ip, seed-bond-bridge-port: the two examples of the seed text
- legacy-spellings: allow-hotplug/allow-auto, `auto a b`, underscores, numeric bond mode,
  dotted and numeric netmasks, broadcast, bridge_stp no / vlan_aware on, spaced vids
- dual-stack: inet6 before inet, inet6-only with `auto`, lo inet6, typeless stanza,
  comments of both families merged
- vlans: dotted (redundant lines dropped), QinQ, vlan-protocol, vlanN, custom names,
  VLAN-aware bridge with its VLAN, contradicting VLAN lines kept verbatim
- bonds: every mode's block, hash policy and primary only where they apply, member
  sorting and de-duplication, forced `auto` on members, defaults, LACP rate placement
- bridges: STP on with and without a valid forward delay, `bridge-vlan-aware no`,
  bridge-disable-mac-learning, `none`, per-port flags sorted on the port
- lossless: unknown options in order, comments in and right after a stanza, source /
  source-directory / mapping / allow- lines in place, alias, OVS, vxlan, dummy, a bond
  not named bondN, `auto` without stanza, a missing lo, a duplicate stanza
- ordering: a file in the wrong order settles into Proxmox's stable order
"""

from pathlib import Path

import pytest

from netwizard.network.interfaces_file import parse, render
from netwizard.network.model import Kind

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.name.removesuffix(".input.interfaces") for p in GOLDEN.glob("*.input.interfaces"))


def read(case: str, which: str) -> str:
    return (GOLDEN / f"{case}.{which}.interfaces").read_text()


def test_every_case_has_both_files():
    assert len(CASES) >= 9
    for case in CASES:
        assert (GOLDEN / f"{case}.expected.interfaces").is_file()


@pytest.mark.parametrize("case", CASES)
def test_input_formats_to_the_expected_file(case):
    assert render(parse(read(case, "input"))) == read(case, "expected")


@pytest.mark.parametrize("case", CASES)
def test_expected_file_is_a_fixed_point(case):
    expected = read(case, "expected")
    assert render(parse(expected)) == expected


@pytest.mark.parametrize("case", CASES)
def test_expected_file_has_the_layout_proxmox_writes(case):
    text = read(case, "expected")
    assert text.endswith("\n") and "\r" not in text and "\n\n\n" not in text
    for line in text.split("\n"):
        assert line == line.rstrip(), "no trailing whitespace"
        if line.startswith((" ", "\t")):
            assert line.startswith("\t") and not line.startswith("\t\t") and not line.startswith("\t ")
    stanzas = [block for block in text.split("\n\n") if "iface " in block]
    assert all("\n\n" not in s for s in stanzas)


def test_the_seed_examples_read_as_the_seed_describes_them():
    fixed_ip = parse(read("seed-bond-fixed-ip", "input"))
    bond = fixed_ip.get("bond0")
    assert bond.kind == Kind.BOND and bond.inet.address == "192.168.1.2/24"
    assert (bond.bond.mode, bond.bond.miimon, bond.bond.xmit_hash_policy) == ("802.3ad", 100, "layer2+3")
    assert fixed_ip.get("vmbr0").bridge.ports == ["eno3"]
    as_port = parse(read("seed-bond-bridge-port", "input"))
    assert as_port.get("vmbr0").bridge.ports == ["bond0"]
    assert as_port.get("bond0").inet.address == ""
