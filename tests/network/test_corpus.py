"""netwizard on the seeded corpus of realistic files (tests/corpus, issue 15).

Every run takes the 600 files of seeds 0-599 through what formatinterfaces, import and
lintinterfaces do (under a second), and a sample of what netwizard writes of them through
ifupdown2 (40 files in CI, a tenth of that locally). The comparison with
Proxmox's own writer needs pve-common, which CI cannot fetch: `python -m tests.corpus
measure` does it where it is available (README, "Real files").
"""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path

import pytest

from netwizard.network.interfaces_file import parse, render
from netwizard.network.interfaces_file import syntax as syn
from netwizard.network.model import HostNetwork, Kind
from netwizard.network.rules import Finding
from tests.conftest import require_tool
from tests.corpus.generate import Sample, corpus_file
from tests.corpus.measure import Outcome, outcome_netwizard
from tests.examples import examples
from tests.oracles import IFUP, ifup_complaints

CORPUS = [corpus_file(seed) for seed in range(600)]
VALID = [s for s in CORPUS if s.defect is None]
DEFECTIVE = [s for s in CORPUS if s.defect is not None]


def outcome(sample: Sample) -> Outcome:
    result = Outcome(sample.name, sample.traits, sample.defect, sample.text)
    outcome_netwizard(result)
    return result


def test_the_corpus_is_varied():
    # What the issue lists as the variety of admins' files, each in several files.
    traits = Counter(t for s in CORPUS for t in s.traits)
    wanted = {"ovs", "tab-comment", "netmask", "dotted-vlan", "vlan-raw-device", "ipv6", "source"}
    wanted |= {"unknown-option", "hook", "option-after-blank", "undeclared-nic", "bond-ports"}
    wanted |= {f"bond:{mode}" for mode in syn.BOND_MODE_NUMBERS.values()}
    assert {t for t in wanted if traits[t] < 2} == set()
    assert 0.05 < len(DEFECTIVE) / len(CORPUS) < 0.2
    assert corpus_file(7) == corpus_file(7)


def _spare_nic_typo(network: HostNetwork, finding: Finding) -> bool:
    """The one error netwizard may give a valid file: a member named like a NIC but not
    defined in a file that defines spare NICs (parse._add_named_nics says why). The
    corpus makes the NIC exist; the file alone cannot show it."""
    if finding.code not in ("BOND-03", "BR-01"):
        return False
    defined = {i.name for i in network.interfaces}
    missing = [w.strip(".,") for w in finding.message.split() if syn.PHYSICAL_NIC.fullmatch(w.strip(".,"))]
    spare = [i for i in network.interfaces if i.kind == Kind.NIC and not i.addresses]
    return bool(missing) and not set(missing) <= defined and bool(spare)


def test_every_valid_file_is_read_written_stably_and_linted_without_a_false_error():
    problems = []
    for sample in VALID:
        result = outcome(sample)
        if result.refused:
            problems.append(f"{sample.name}: refused: {result.refused}")
            continue
        assert result.written is not None
        if render(parse(result.written)) != result.written:
            problems.append(f"{sample.name}: writing it again changes it")
        network = parse(sample.text)
        false = [f for f in result.errors if not _spare_nic_typo(network, f)]
        problems += [f"{sample.name}: {f.code} {f.message}" for f in false]
    assert problems == []


# Defects ifupdown2 only warns about (exit 0) and Proxmox writes through: a warning is the
# true verdict. An identical stanza twice: "warning: duplicate interface eno1 found".
WARNED_ONLY = {"interface defined twice": "FMT-04"}


def test_every_defective_file_gets_an_error_finding():
    # Each other defect is one that Proxmox or ifupdown2 refuses (tests/corpus/defects.py).
    silent = []
    for sample in DEFECTIVE:
        result = outcome(sample)
        code = WARNED_ONLY.get(sample.defect or "")
        found = [f for f in result.findings if f.code == code] if code else result.errors
        if not found:
            silent.append(f"{sample.name} ({sample.defect})")
    assert silent == []


@pytest.mark.oracle
def test_what_netwizard_writes_of_corpus_files_passes_ifupdown2():
    require_tool(Path(IFUP).exists(), "ifupdown2 (ifup)")
    sample = VALID[: examples(40)]
    complaints = {}
    with tempfile.TemporaryDirectory() as directory:
        for item in sample:
            path = Path(directory) / item.name
            path.write_text(render(parse(item.text)))
            found = ifup_complaints(path)
            if found:
                complaints[item.name] = found
    assert complaints == {}
