"""The bonding knowledge the wizard and the admin show: complete, consistent with the
kernel's option rules, and in netwizard's own words."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from netwizard.network import bonding, model, rules
from netwizard.network.bonding import SwitchNeed
from netwizard.network.interfaces_file import render
from netwizard.network.interfaces_file import syntax as syn
from tests.conftest import SEED_TEXT
from tests.network.test_rules import bond, host, nic

# The shared design folder (never copied into the project); CI runs next to it.
SEED = SEED_TEXT


def test_the_seven_modes_in_kernel_order():
    assert [m.number for m in bonding.MODES] == list(range(7))
    assert bonding.MODE_NAMES == (
        "balance-rr",
        "active-backup",
        "balance-xor",
        "broadcast",
        "802.3ad",
        "balance-tlb",
        "balance-alb",
    )


def test_labels_use_the_words_proxmox_admins_know():
    assert bonding.LACP.label == "LACP (802.3ad)"
    assert bonding.ACTIVE_BACKUP.label == "Active-backup"
    for mode in bonding.MODES:
        assert mode.name in mode.label or mode.name == "active-backup" or mode.name == "broadcast"


@pytest.mark.parametrize("mode", bonding.MODES, ids=lambda m: m.name)
def test_every_mode_is_explained_in_two_to_four_sentences(mode):
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", mode.explanation.strip()) if s]
    assert 2 <= len(sentences) <= 4, sentences
    assert mode.summary and mode.tx_balancing and mode.rx_balancing and mode.caveats
    assert mode.switch_text == bonding.SWITCH_NEED_TEXT[mode.switch]


def test_switch_requirements_per_mode():
    need = {m.name: m.switch for m in bonding.MODES}
    assert need == {
        "balance-rr": SwitchNeed.STATIC,
        "active-backup": SwitchNeed.NONE,
        "balance-xor": SwitchNeed.STATIC,
        "broadcast": SwitchNeed.STATIC,
        "802.3ad": SwitchNeed.LACP,
        "balance-tlb": SwitchNeed.NONE,
        "balance-alb": SwitchNeed.NONE,
    }
    assert all(m.fault_tolerant for m in bonding.MODES)


def test_option_matrix_follows_the_kernel():
    lacp, ab = bonding.LACP, bonding.ACTIVE_BACKUP
    # hash policy: xor and 802.3ad only
    assert {m.name for m in bonding.MODES if m.applies(bonding.HASH_POLICY)} == {"balance-xor", "802.3ad"}
    # LACP settings: 802.3ad only, and the kernel refuses the actor settings elsewhere
    for option in (bonding.LACP_RATE, bonding.MIN_LINKS, bonding.AD_ACTOR_SYS_PRIO, bonding.AD_ACTOR_SYSTEM):
        assert {m.name for m in bonding.MODES if m.applies(option)} == {"802.3ad"}
    assert {m.name for m in bonding.MODES if m.refuses(bonding.AD_ACTOR_SYSTEM)} == set(bonding.MODE_NAMES) - {
        "802.3ad"
    }
    # a primary exists only in active-backup, tlb and alb; the kernel refuses it elsewhere
    assert {m.name for m in bonding.MODES if m.applies(bonding.PRIMARY)} == {
        "active-backup",
        "balance-tlb",
        "balance-alb",
    }
    assert lacp.refuses(bonding.PRIMARY) and not ab.refuses(bonding.PRIMARY)
    # failover announcements: active-backup only; link monitoring everywhere
    assert {m.name for m in bonding.MODES if m.applies(bonding.NUM_GRAT_ARP)} == {"active-backup"}
    assert all(m.applies(bonding.MIIMON) for m in bonding.MODES)
    for mode in bonding.MODES:
        assert not mode.options & mode.refused_options


def test_every_option_a_mode_names_has_a_help_text():
    for mode in bonding.MODES:
        for option in mode.options | mode.refused_options:
            assert bonding.BOND_OPTIONS[option].help


def test_lookups_accept_names_and_ifupdown2_numbers_case_sensitively():
    assert bonding.get_mode("4") is bonding.LACP
    assert bonding.get_mode("active-backup") is bonding.ACTIVE_BACKUP
    assert bonding.get_mode("Active-Backup") is None
    assert bonding.get_mode("7") is None
    assert bonding.get_hash_policy("1").name == "layer3+4"
    assert bonding.get_hash_policy("vlan+srcmac") is None
    assert bonding.get_lacp_rate("1").name == "fast"
    assert bonding.get_lacp_rate("2") is None


def test_hash_policies_and_lacp_rates_have_one_line_explanations():
    assert [p.name for p in bonding.HASH_POLICIES] == ["layer2", "layer2+3", "layer3+4", "encap2+3", "encap3+4"]
    assert [r.name for r in bonding.LACP_RATES] == ["slow", "fast"]
    for item in (*bonding.HASH_POLICIES, *bonding.LACP_RATES):
        assert item.explanation and "\n" not in item.explanation
    assert bonding.HASH_POLICIES_BY_NAME["layer2+3"].lacp_compliant
    assert not bonding.HASH_POLICIES_BY_NAME["layer3+4"].lacp_compliant


def test_defaults_match_proxmox_examples():
    assert bonding.DEFAULT_MIIMON == 100
    assert bonding.DEFAULT_HASH_POLICY == "layer2+3"
    assert bonding.BOND_OPTIONS[bonding.MIIMON].default == "100"


def _shingles(text: str, n: int = 6) -> set[str]:
    words = re.findall(r"[a-z0-9.+-]+", text.lower())
    return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}


def test_explanations_are_our_own_words_not_the_seeds():
    seed = _shingles(SEED.read_text())
    texts = [m.explanation for m in bonding.MODES] + [m.summary for m in bonding.MODES]
    texts += [o.help for o in bonding.BOND_OPTIONS.values()]
    for text in texts:
        copied = _shingles(text) & seed
        assert not copied, (text, copied)


# Issue 12, item 10: what the texts say is technically right --------------------------------


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?;:])\s+", text) if s]


def _lacp_texts() -> list[str]:
    lacp = bonding.LACP
    return [
        lacp.summary,
        lacp.explanation,
        *lacp.caveats,
        bonding.BOND_OPTIONS[bonding.LACP_RATE].help,
        *(r.explanation for r in bonding.LACP_RATES),
    ]


def test_the_90_seconds_of_slow_lacp_are_never_claimed_for_a_link_that_loses_carrier():
    # bonding.rst (lacp_rate) and bond_3ad.c (AD_LONG_TIMEOUT_TIME = 3 x 30 s): the slow
    # rate's timeout is about a partner that falls silent while the link stays up; a member
    # that loses carrier is taken out by the MII monitor within its interval.
    for text in _lacp_texts():
        for sentence in _sentences(text):
            if "90" in sentence:
                assert "link stays up" in sentence or "link up" in sentence, sentence
    caveats = " ".join(bonding.LACP.caveats)
    assert re.search(r"loses its link leaves within the MII monitor interval", caveats), caveats


def test_802_3ad_without_lacp_on_the_switch_says_linux_falls_back_to_one_member():
    # bond_3ad.c: ports without an answering partner get an aggregator each, one is made
    # active ("No 802.3ad response from the link partner"); the links do not stay out.
    texts = " ".join(_lacp_texts())
    assert "stay out of the bond" not in texts
    (caveat,) = [c for c in bonding.LACP.caveats if "port-channel" in c]
    assert "only one" in caveat and "single link" in caveat, caveat


@pytest.mark.parametrize("mode", bonding.MODES, ids=lambda m: m.name)
def test_how_traffic_is_spread_never_reads_as_nothing_sent(mode):
    # Shown as "Outgoing traffic: ..." / "Incoming traffic: ...": a value "None: ..." read
    # as "sends nothing" on the cards of active-backup, broadcast and balance-tlb.
    for text in (mode.tx_balancing, mode.rx_balancing):
        assert not text.lower().startswith("none"), text
        assert text.endswith("."), text


IMPERATIVES = ("set ", "use ", "keep ", "add ", "configure ", "make ", "prefer ", "choose ", "leave ", "give ")


@pytest.mark.parametrize("mode", bonding.MODES, ids=lambda m: m.name)
def test_when_to_avoid_a_mode_lists_reasons_not_tips(mode):
    for caveat in mode.caveats:
        assert not caveat.lower().startswith(IMPERATIVES), caveat
        assert " should " not in f" {caveat.lower()} ", caveat
        # "the ARP monitor is not available" is not a reason: netwizard never offers it.
        assert "ARP monitor" not in caveat, caveat


@pytest.mark.parametrize("mode", [m for m in bonding.MODES if m.name != "active-backup"], ids=lambda m: m.name)
def test_every_mode_but_active_backup_says_why_it_is_kept_off_the_cluster_network(mode):
    reason = bonding.cluster_network_risk(mode.name)
    assert "corosync" in reason.lower()
    if mode.name in ("balance-rr", "balance-xor", "balance-tlb", "balance-alb"):
        # pvecm.adoc "Corosync Over Bonds": a member that fails with its link up makes
        # these modes split the cluster (asymmetric connectivity), corosync loses quorum.
        assert "link stays up" in reason and "quorum" in reason, reason
    if mode.name == "802.3ad":
        assert "90 seconds" in reason and "link stays up" in reason and "fence" in reason, reason
    assert bonding.cluster_network_risk("active-backup") == ""


def test_switch_texts_do_not_send_tlb_and_alb_to_independent_switches():
    # bonding.rst 11.2.1: across switches only active-backup and broadcast behave
    # rationally; balance-tlb and balance-alb need no switch setup but one peer.
    for mode in (bonding.BALANCE_TLB, bonding.BALANCE_ALB):
        assert "independent" not in mode.switch_text, mode.switch_text
        assert any("independent switches" in c for c in mode.caveats), mode.caveats


def test_option_help_describes_what_the_kernel_does():
    helps = {key: option.help for key, option in bonding.BOND_OPTIONS.items()}
    # lacp_rate: the rate the bond asks its partner to send at (bonding.rst).
    assert "asks the switch" in helps[bonding.LACP_RATE]
    # miimon sees only the local carrier (bonding.rst 7.3, 8.3).
    assert "link stays up" in helps[bonding.MIIMON]
    # layer2 and layer2+3 hash per peer, layer3+4 per connection (bonding.rst xmit_hash_policy).
    assert "peer" in helps[bonding.HASH_POLICY] and "connection" in helps[bonding.HASH_POLICY]
    # primary_reselect better: "speed and duplex ... better".
    assert "speed and duplex" in helps[bonding.PRIMARY_RESELECT]
    layer23 = bonding.HASH_POLICIES_BY_NAME["layer2+3"].explanation
    assert "each peer gets its own link" not in layer23 and "one peer" in layer23


# One home for the vocabulary ---------------------------------------------------------

NETWIZARD = Path(__file__).resolve().parents[2] / "netwizard"
MODES_MODULE = NETWIZARD / "network" / "bonding" / "modes.py"
# "broadcast" is also the interfaces file's address option (an IPv4 broadcast address) and
# a kind of address; in these modules the word means that, not the bond mode.
ADDRESS_BROADCAST = {
    "network/interfaces_file/syntax.py",
    "network/interfaces_file/parse.py",
    "network/interfaces_file/render.py",
    "network/file_changes/options.py",
    "network/rules/addresses.py",
}


def _string_literals(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}


def test_mode_names_are_written_out_in_the_bonding_modes_module_alone():
    # Every other module names a mode through bonding (bonding.LACP.name, MODE_NAMES, ...),
    # so a mode's name, number or options cannot drift apart between the renderer, the rules,
    # the wizard and the admin. Prose that mentions a mode is not a name; migrations keep theirs.
    assert [p for p in sorted(ADDRESS_BROADCAST) if not (NETWIZARD / p).is_file()] == []  # moved: update the list
    offenders = []
    for path in sorted(NETWIZARD.rglob("*.py")):
        if "migrations" in path.parts or path == MODES_MODULE:
            continue
        names = set(bonding.MODE_NAMES)
        if path.relative_to(NETWIZARD).as_posix() in ADDRESS_BROADCAST:
            names.discard(bonding.BROADCAST.name)
        found = names & _string_literals(path)
        offenders += [f"{path.relative_to(NETWIZARD.parent)}: {name}" for name in sorted(found)]
    assert offenders == []


def test_every_module_reads_the_mode_names_from_bonding_py():
    assert model.BOND_MODES == bonding.MODE_NAMES
    assert bonding.MODE_NUMBERS == syn.BOND_MODE_NUMBERS
    assert [bonding.get_mode(number) for number in syn.BOND_MODE_NUMBERS] == list(bonding.MODES)
    assert syn.DEFAULT_BOND_MODE == bonding.DEFAULT_MODE == "balance-rr"
    assert syn.HASH_POLICIES == bonding.HASH_POLICY_NAMES
    assert bonding.DEFAULT_HASH_POLICY in bonding.HASH_POLICY_NAMES
    assert syn.DEFAULT_MIIMON == bonding.DEFAULT_MIIMON


@pytest.mark.parametrize("mode", bonding.MODE_NAMES)
def test_a_primary_is_written_reported_or_refused_for_every_mode(mode):
    """The spread that hid a bug: bonding says balance-tlb/alb take a primary, the renderer
    writes one only for active-backup (as Proxmox does). Every mode must land in exactly one
    case, and the renderer, the rules and the wizard must agree on which."""
    network = host(nic("eno1"), nic("eno2"), bond("bond0", ["eno1", "eno2"], mode, primary="eno1"))
    codes = {f.code for f in rules.check(network)}
    rendered = "\tbond-primary eno1" in render(network).splitlines()
    spec = bonding.MODES_BY_NAME[mode]
    assert rendered == bonding.written(mode, bonding.PRIMARY) == bonding.offered(mode, bonding.PRIMARY)
    if rendered:
        assert not {"BOND-17", "BOND-35"} & codes
    elif spec.applies(bonding.PRIMARY):  # the kernel would use it, Proxmox drops it: say so
        assert "BOND-35" in codes and bonding.unwritten_reason(mode, bonding.PRIMARY)
    else:  # the kernel refuses it
        assert "BOND-17" in codes


@pytest.mark.parametrize("mode", bonding.MODE_NAMES)
def test_a_hash_policy_is_written_exactly_where_bonding_py_says(mode):
    network = host(nic("eno1"), nic("eno2"), bond("bond0", ["eno1", "eno2"], mode, hash_policy="layer3+4"))
    rendered = "\tbond-xmit-hash-policy layer3+4" in render(network).splitlines()
    assert rendered == bonding.written(mode, bonding.HASH_POLICY) == (mode in syn.HASH_MODES)
