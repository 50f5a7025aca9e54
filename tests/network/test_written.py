"""The network as its file holds it: findings are about the download, and every value that does
not reach the file is listed with its reason."""

from __future__ import annotations

import copy

from hypothesis import HealthCheck, given, settings

from netwizard.network import bonding, rules
from netwizard.network.interfaces_file import parse, render
from netwizard.network.interfaces_file.parse import read_document
from netwizard.network.model import Kind
from netwizard.network.written import as_written, check_written, unwritten_values
from tests.examples import examples
from tests.network.strategies import host_networks, messy
from tests.network.test_rules import bond, bridge, host, nic

PROPERTY = settings(max_examples=examples(80), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def imported_bond_without_monitoring():
    """An imported bond as the host runs it: no bond-miimon, a hash policy active-backup ignores."""
    network = parse(
        "iface eno1 inet manual\niface eno2 inet manual\n\n"
        "auto bond0\niface bond0 inet manual\n\tbond-slaves eno2 eno1\n\tbond-mode active-backup\n"
        "\tbond-xmit-hash-policy layer3+4\n"
    )
    network.get("eno1").switch = "sw-a"
    return network


def test_a_value_the_writer_supplies_or_drops_is_no_finding_about_the_download():
    network = imported_bond_without_monitoring()
    running = {f.code for f in rules.check(network)}
    assert {"BOND-08", "BOND-13"} <= running  # true of the file the host runs
    written, findings = check_written(network)
    assert written is not None and not {"BOND-08", "BOND-13"} & {f.code for f in findings}
    assert written.get("bond0").bond.miimon == 100 and written.get("bond0").bond.xmit_hash_policy == ""
    # What the inventory knows beyond the file stays with the interface.
    assert written.get("eno1").switch == "sw-a"


def test_the_hash_policy_and_primary_the_mode_does_not_write_are_listed_with_the_reason():
    network = host(nic("eno1"), nic("eno2"), bond("bond0", ["eno1", "eno2"], "balance-tlb"))
    network.get("bond0").bond.primary = "eno1"
    network.get("bond0").bond.xmit_hash_policy = "layer3+4"
    (hash_policy, primary) = unwritten_values(network, as_written(network))
    assert (hash_policy.option, hash_policy.value) == ("bond-xmit-hash-policy", "layer3+4")
    assert "hashes only in balance-xor and 802.3ad" in hash_policy.reason
    assert (primary.option, primary.value) == ("bond-primary", "eno1")
    assert "only for active-backup" in primary.reason and "balance-tlb the kernel would use it" in primary.reason


def test_a_vlan_list_on_a_bridge_that_is_not_vlan_aware_is_listed():
    network = host(nic("eno1"), bridge("vmbr0", ["eno1"]))
    network.get("vmbr0").bridge.vids = "10 20"
    (item,) = unwritten_values(network, as_written(network))
    assert (item.interface, item.option, item.value) == ("vmbr0", "bridge-vids", "10 20")
    assert "VLAN aware" in item.reason


def test_a_written_network_lists_nothing():
    network = host(nic("eno1"), nic("eno2"), bond("bond0", ["eno1", "eno2"], "active-backup", primary="eno2"))
    assert unwritten_values(network, as_written(network)) == []


def test_only_active_backup_gets_a_primary_and_only_hashing_modes_a_hash_policy():
    assert [m.name for m in bonding.MODES if bonding.written(m.name, bonding.PRIMARY)] == ["active-backup"]
    assert [m.name for m in bonding.MODES if bonding.written(m.name, bonding.HASH_POLICY)] == [
        "balance-xor",
        "802.3ad",
    ]
    # The kernel takes a primary in tlb and alb, but the wizard offers it only where it is written.
    assert bonding.MODES_BY_NAME["balance-tlb"].applies(bonding.PRIMARY)
    assert [m.name for m in bonding.MODES if bonding.offered(m.name, bonding.PRIMARY)] == ["active-backup"]
    assert "Proxmox writes bond-primary only for active-backup" in bonding.unused_reason("balance-alb", bonding.PRIMARY)
    assert "only active-backup, balance-tlb and balance-alb" in bonding.unused_reason("802.3ad", bonding.PRIMARY)


def test_the_app_judges_the_download_which_has_no_primary_for_balance_tlb():
    network = host(nic("eno1"), nic("eno2"), bond("bond0", ["eno1", "eno2"], "balance-tlb"))
    network.get("bond0").bond.primary = "eno1"
    assert "BOND-35" in {f.code for f in rules.check(network)}  # lint of the file as it is
    _, findings = check_written(network)
    assert "BOND-35" not in {f.code for f in findings}  # the download leaves it out, and says so
    assert [u.option for u in unwritten_values(network, as_written(network))] == ["bond-primary"]


@PROPERTY
@given(network=messy())
def test_every_finding_names_an_interface_of_the_file_it_is_shown_beside(network):
    written, findings = check_written(network)
    assert written is not None
    names = {i.name for i in written.interfaces}
    assert all(f.interface in names for f in findings if f.interface)
    # The writer always writes bond-miimon, and a hash policy or primary only where the mode keeps them.
    assert not {"BOND-08", "BOND-13", "BOND-35"} & {f.code for f in findings}
    assert findings == rules.check(as_written(network))


@PROPERTY
@given(network=messy())
def test_a_value_is_listed_as_unwritten_exactly_when_the_file_lacks_it(network):
    written = as_written(network)
    listed = {(u.interface, u.option) for u in unwritten_values(network, written)}
    expected = set()
    for iface in network.interfaces:
        if iface.kind == Kind.BOND and iface.bond:
            mode = iface.bond.mode or "balance-rr"
            if iface.bond.xmit_hash_policy and mode not in ("balance-xor", "802.3ad"):
                expected.add((iface.name, "bond-xmit-hash-policy"))
            if iface.bond.primary and mode != "active-backup":
                expected.add((iface.name, "bond-primary"))
        if iface.kind == Kind.BRIDGE and iface.bridge and iface.bridge.vids and iface.bridge.vlan_aware is None:
            expected.add((iface.name, "bridge-vids"))
    assert listed == expected
    # What is listed is indeed not in that interface's stanza (another bond may well write the same value).
    document = read_document(render(network))
    for item in unwritten_values(network, written):
        if item.option != "bridge-vids":
            written_options = {
                (option.key, option.value) for stanza in document.stanzas[item.interface] for option in stanza.options
            }
            assert (item.option, item.value) not in written_options


@PROPERTY
@given(network=host_networks())
def test_a_canonical_network_is_its_own_written_form(network):
    written = as_written(copy.deepcopy(network))
    assert render(written) == render(network)
    assert unwritten_values(network, written) == []
