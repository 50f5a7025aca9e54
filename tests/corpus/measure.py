"""netwizard on the corpus, against Proxmox and ifupdown2: the figures of issue 15.

Every file goes through what the commands do: `parse` then `render` (formatinterfaces,
import) and `rules.check` (lintinterfaces). The oracles say which files are valid: a
file Proxmox reads and ifupdown2 accepts must be read by netwizard, written as Proxmox
writes it, and get no error finding; a file either refuses must get an error finding.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from netwizard.network.interfaces_file import ParseError, UnsafeValueError, parse, render
from netwizard.network.rules import Context, Finding, check

from .compare import text_diff, text_equal
from .oracles import ProxmoxVerdict, ifupdown2_verdicts, proxmox_verdict

# ifupdown2 warnings after which `ifup -s` still exits 0 (checked with ifupdown2 3.0.0).
IFUPDOWN2_PASSING_WARNINGS = ("warning: duplicate interface ",)


@dataclass
class Outcome:
    """One file: what netwizard did with it and what the oracles said."""

    name: str
    traits: frozenset[str]
    defect: str | None
    text: str
    refused: str | None = None  # why netwizard refused to read or write it
    written: str | None = None
    findings: list[Finding] = field(default_factory=list)
    errors: list[Finding] = field(default_factory=list)
    proxmox: ProxmoxVerdict | None = None
    complaints: list[str] | None = None  # ifupdown2's; None when not run

    @property
    def ovs(self) -> bool:
        return "ovs" in self.traits

    @property
    def proxmox_reads(self) -> bool:
        return self.proxmox is not None and self.proxmox.error is None

    @property
    def oracles_accept(self) -> bool:
        """Valid by every oracle that was asked (by the generator's label when none was)."""
        if self.proxmox is None and self.complaints is None:
            return self.defect is None
        return (self.proxmox is None or self.proxmox_reads) and not self.complaints

    @property
    def only_warned(self) -> bool:
        """Proxmox reads the file and ifupdown2 only warns about it: its check still passes
        (exit 0). Most of ifupdown2's "warning:" lines fail the check; these do not."""
        complaints = self.complaints or []
        return (
            (self.proxmox is None or self.proxmox_reads)
            and bool(complaints)
            and all(c.startswith(IFUPDOWN2_PASSING_WARNINGS) for c in complaints)
        )

    @property
    def oracles_refuse(self) -> bool:
        if self.proxmox is None and self.complaints is None:
            return self.defect is not None
        return (self.proxmox is not None and not self.proxmox_reads) or bool(self.complaints)


def outcome_netwizard(outcome: Outcome) -> None:
    """Read, write and lint the file as formatinterfaces and lintinterfaces do."""
    try:
        network = parse(outcome.text)
    except ParseError as exc:
        outcome.refused = f"parse: {exc}"
        return
    try:
        outcome.findings = check(network, Context.build(network, cluster_networks=[], switch_lacp=None))
        outcome.errors = [f for f in outcome.findings if f.is_error]
    except Exception as exc:  # a crash in a rule is a finding of this measurement, not a stop
        outcome.errors = [Finding("CRASH", "error", "", f"lint raised {type(exc).__name__}: {exc}", "")]
    try:
        outcome.written = render(network)
    except UnsafeValueError as exc:
        outcome.refused = f"render: {exc}"


def outcomes_load(corpus: Path, proxmox: Path | None, ifupdown2: bool) -> list[Outcome]:
    index = json.loads((corpus / "index.json").read_text())
    outcomes = []
    for entry in index:
        text = (corpus / f"{entry['name']}.interfaces").read_text(encoding="utf-8")
        outcome = Outcome(entry["name"], frozenset(entry["traits"]), entry["defect"], text)
        if proxmox is not None:
            outcome.proxmox = proxmox_verdict(proxmox, outcome.name)
        outcomes.append(outcome)
    if ifupdown2:
        verdicts = ifupdown2_verdicts(corpus, [o.name for o in outcomes])
        for outcome in outcomes:
            outcome.complaints = verdicts[outcome.name]
    return outcomes


def _share(part: int, whole: int) -> str:
    return f"{part} of {whole} ({100 * part / whole:.0f} %)" if whole else f"{part} of 0"


def report_lines(outcomes: list[Outcome], show: int) -> list[str]:
    lines: list[str] = []
    judged = "Proxmox reads" if any(o.proxmox for o in outcomes) else "labelled valid"
    if any(o.complaints is not None for o in outcomes):
        judged += " and ifupdown2 accepts"
    valid = [o for o in outcomes if o.oracles_accept]
    refused = [o for o in valid if o.refused]
    lines.append(
        f"files: {len(outcomes)}; OVS: {sum(o.ovs for o in outcomes)}; labelled defective: "
        f"{sum(o.defect is not None for o in outcomes)}"
    )
    lines.append(f"refused by netwizard among files {judged}: {_share(len(refused), len(valid))}")
    for cause, count in Counter(_cause(o.refused or "") for o in refused).most_common(8):
        lines.append(f"    {count:4}  {cause}")

    both = [o for o in outcomes if o.proxmox_reads and o.written is not None]
    if both:
        equal = [o for o in both if _equal(o)]
        lines.append(
            f"written as Proxmox writes them, of {len(both)} files both handle: {_share(len(equal), len(both))}"
        )
        for label, ovs in (("plain Linux", False), ("Open vSwitch", True)):
            group = [o for o in both if o.ovs == ovs]
            lines.append(f"    {label}: {_share(sum(_equal(o) for o in group), len(group))}")

    accepted = [o for o in valid if o.refused is None or o.refused.startswith("render")]
    false_errors = [(o, f) for o in accepted for f in o.errors]
    lines.append(
        f"error findings on files {judged}: {len(false_errors)} "
        f"in {len({o.name for o, _ in false_errors})} of {len(accepted)} files netwizard reads"
    )
    for code, count in Counter(f.code for _, f in false_errors).most_common():
        lines.append(f"    {count:4}  {code}")

    bad = [o for o in outcomes if o.oracles_refuse and not o.only_warned]
    clean = [o for o in bad if not o.errors and not (o.refused or "").startswith("parse")]
    unread = [o for o in bad if (o.refused or "").startswith("parse")]
    lines.append(
        f"files an oracle refuses: {len(bad)}; lint gives no error finding on {len(clean)}; "
        f"netwizard cannot read {len(unread)}"
    )
    for o in clean:
        lines.append(f"    {o.name}: {o.defect or 'unlabelled'} -- {_oracle_reason(o)}")
    warned = [o for o in outcomes if o.only_warned]
    if warned:
        silent = [o for o in warned if not o.findings or all(f.severity == "info" for f in o.findings)]
        lines.append(
            f"files ifupdown2 only warns about (its check passes, Proxmox reads them): {len(warned)}; "
            f"lint gives an error on {sum(bool(o.errors) for o in warned)}, no warning or error on {len(silent)}"
        )
        for o in silent:
            lines.append(f"    {o.name}: {o.defect or 'unlabelled'} -- {_oracle_reason(o)}")
    lines += _label_check(outcomes)
    lines += _examples(outcomes, both, false_errors, show)
    return lines


def _equal(outcome: Outcome) -> bool:
    assert outcome.proxmox is not None and outcome.proxmox.text is not None and outcome.written is not None
    return text_equal(outcome.written, outcome.proxmox.text)


def _cause(message: str) -> str:
    """A refusal message without its line number, so equal causes count together."""
    head, _, rest = message.partition(": ")
    if rest.startswith("line "):
        rest = rest.split(": ", 1)[-1]
    return f"{head}: {rest[:100]}"


def _oracle_reason(outcome: Outcome) -> str:
    if outcome.proxmox is not None and outcome.proxmox.error:
        return f"Proxmox: {outcome.proxmox.error[:90]}"
    return f"ifupdown2: {(outcome.complaints or ['?'])[0][:90]}"


def _label_check(outcomes: list[Outcome]) -> list[str]:
    """Where the generator's labels and the oracles disagree: the corpus needs fixing there."""
    if all(o.proxmox is None and o.complaints is None for o in outcomes):
        return []
    missed = [o for o in outcomes if o.defect and not o.oracles_refuse]
    surprising = [o for o in outcomes if not o.defect and o.oracles_refuse]
    lines = [
        f"generator check: {len(missed)} labelled defects no oracle refuses, "
        f"{len(surprising)} unlabelled files an oracle refuses"
    ]
    for o in [*missed, *surprising][:20]:
        lines.append(
            f"    {o.name}: {o.defect or 'unlabelled'} -- {_oracle_reason(o) if o.oracles_refuse else 'accepted'}"
        )
    return lines


def _examples(
    outcomes: list[Outcome], both: list[Outcome], false_errors: list[tuple[Outcome, Finding]], show: int
) -> list[str]:
    if not show:
        return []
    lines = ["", f"first {show} files written differently from Proxmox:"]
    for o in [o for o in both if not _equal(o)][:show]:
        assert o.proxmox is not None and o.proxmox.text is not None and o.written is not None
        lines += [text_diff(o.name, o.written, o.proxmox.text), ""]
    lines.append(f"first {show} error findings on files the oracles accept:")
    for o, f in false_errors[:show]:
        lines.append(f"    {o.name}: {f.code} {f.interface}: {f.message}")
    refused = [o for o in outcomes if o.oracles_accept and o.refused]
    lines.append(f"first {show} refusals of files the oracles accept:")
    for o in refused[:show]:
        lines.append(f"    {o.name}: {o.refused}")
    return lines


def measure(corpus: Path, proxmox: Path | None, ifupdown2: bool, show: int) -> str:
    outcomes = outcomes_load(corpus, proxmox, ifupdown2)
    started = time.monotonic()
    for outcome in outcomes:
        outcome_netwizard(outcome)
    elapsed = time.monotonic() - started
    lines = report_lines(outcomes, show)
    lines.append(f"(netwizard read, wrote and linted {len(outcomes)} files in {elapsed:.1f} s)")
    return "\n".join(lines) + "\n"
