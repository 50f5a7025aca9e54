"""FMT-*: what the file's text itself gets wrong, whatever the interface."""

from __future__ import annotations

import unicodedata

from ..interfaces_file import root_commands
from ..interfaces_file import syntax as syn
from ..model import Interface, Kind
from ..query import options as opts
from ..query.index import BOND_NAME, Net, Option, families
from .findings import Findings

# ifupdown2 joins lines on a backslash anywhere, and renders the file as a Mako
# template (when enabled) if it finds these markers: both can turn text into config.
_TEMPLATE_MARKERS = ("${", "<%", "%>")
# Characters that mean something to ifupdown2 or to a shell where one plain token is expected.
_NOT_IN_A_TOKEN = set("#;`'\"$")


def unsafe_reason(text: str) -> str:
    """Why this text must not reach the interfaces file as is, or "" when it may."""
    if not (text.isascii() and text.isprintable() and "\\" not in text):  # the usual case skips the scan
        return _unsafe_char(text) or _template_marker(text)
    return _template_marker(text)


def _unsafe_char(text: str) -> str:
    for ch in text:
        if ch == "\\":
            return "a backslash (ifupdown2 joins the next line onto this one)"
        if ch in "\n\r" or unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp"):
            return f"the control character U+{ord(ch):04X}"
    return ""


def _template_marker(text: str) -> str:
    for marker in _TEMPLATE_MARKERS:
        if marker in text:
            return f"'{marker}', which ifupdown2's template engine would execute"
    return ""


def token_reason(value: str) -> str:
    if len(value.split()) > 1:
        return "more than one word where the option takes a single value"
    bad = sorted(_NOT_IN_A_TOKEN.intersection(value))
    if bad:
        return f"the character{'s' if len(bad) > 1 else ''} {' '.join(bad)}"
    return ""


def _modelled_values(iface: Interface) -> list[tuple[str, str]]:
    """The settings netwizard models, as option name and text, for the character checks."""
    values: list[tuple[str, str]] = []
    if iface.bond:
        b = iface.bond
        values += [("bond-mode", b.mode), ("bond-xmit-hash-policy", b.xmit_hash_policy)]
        values += [("bond-lacp-rate", b.lacp_rate), ("bond-primary", b.primary)]
        values += [("bond-slaves", s) for s in b.slaves]
    if iface.bridge:
        values += [("bridge-stp", iface.bridge.stp)] + [("bridge-ports", p) for p in iface.bridge.ports]
        values.append(("bridge-vids", iface.bridge.vids))
    if iface.vlan:
        values += [("vlan-raw-device", iface.vlan.raw_device), ("vlan-protocol", iface.vlan.protocol)]
    for _, fam in families(iface):
        values += [("address", fam.address), ("gateway", fam.gateway)]
    return [(k, v) for k, v in values if v]


def check(net: Net, out: Findings) -> None:
    for iface in net.interfaces:
        name = iface.name
        _unsafe_value(out, iface)
        for opt in net.options(iface):
            _unsafe_option_line(out, name, opt)
            runs = root_commands.runs_option(opt.raw_key, opt.value)
            if runs:
                _root_command(out, name, f"{opt.raw_key} {opt.value}", runs)
            elif opt.raw_key.split("-")[0] == "allow":
                _allow_in_stanza(out, name, opt.raw_key)
            elif opt.key in opts.GRAMMARS:
                _value_ifupdown2_refuses(out, name, opt)
            elif not (opt.key in opts.KNOWN or opt.key in opts.HANDLED_ELSEWHERE or _has_own_rule(opt.key)):
                _unknown_option(out, name, opt.raw_key, opt.key)
        if (iface.kind == Kind.OTHER and not _bond_like(net, iface)) or (
            iface.kind in (Kind.BOND, Kind.BRIDGE) and net.is_ovs(iface)
        ):
            _other_stanza(net, out, iface)
    for top in root_commands.top_level_lines(net.network):
        _root_command(out, "", top.text, top.runs)
    _repeated_stanza(net, out)
    for name in net.network.assumed_nics:
        _assumed_nic(out, name)
    for name, line in net.network.options_after_blank:
        _option_after_blank(out, name, line)
    for line, joined in net.network.lines_joined_to_comments:
        out.error(
            "FMT-12",
            "",
            f"Line {line} is a comment that ends with a backslash, so ifupdown2 reads line {line + 1} "
            f"('{_short(joined)}') as part of the comment and ignores it, while Proxmox reads it.",
            f"Remove the backslash at the end of line {line}.",
        )
    for name, key, value, line, expected in net.network.unread_values:
        if key in _JUDGED_ELSEWHERE:
            continue  # MTU-01, BOND-08 and BR-05 report these, with the line
        out.error(
            "FMT-07",
            name,
            f"Line {line}: {key} {value} on {name} is not {expected}, so the host cannot apply it.",
            f"Correct the {key} value of {name}"
            + (" (a '#' after a value is part of the value for ifupdown2, not a comment)." if "#" in value else "."),
        )


def _unsafe_value(out: Findings, iface: Interface) -> None:
    """FMT-01: a modelled value or a comment that would break the file's lines."""
    name = iface.name
    for key, value in _modelled_values(iface):
        reason = unsafe_reason(value) or (token_reason(value) if key in opts.SINGLE_TOKEN else "")
        if reason:
            out.error(
                "FMT-01",
                name,
                f"The {key} value of {name} contains {reason}.",
                f"Retype the {key} value of {name} as a single plain value.",
            )
    for comment in iface.comments:
        reason = unsafe_reason(comment.replace("\t", " "))  # a tab in a comment is text, as in the reader
        if "\\" in comment:
            reason = (
                "a backslash, which netwizard never writes into the file (at the end of a comment it makes "
                "ifupdown2 read the next line as part of the comment)"
            )
        if reason:
            out.error(
                "FMT-01",
                name,
                f"A comment of {name} contains {reason}.",
                "Rewrite the comment with plain text only.",
            )


def _unsafe_option_line(out: Findings, name: str, opt: Option) -> None:
    """FMT-01: an option line with unsafe characters, or several values where one belongs."""
    value = root_commands.without_iface_variable(opt.key, opt.value)
    reason = unsafe_reason(opt.raw_key) or unsafe_reason(value)
    if not reason and (opt.key in opts.SINGLE_TOKEN or opt.key in opts.GRAMMARS):
        reason = "" if opt.key in opts.WORD_LISTS else token_reason(opt.value)
    if reason:
        out.error(
            "FMT-01",
            name,
            f"The line '{_short(opt.raw_key + ' ' + opt.value)}' of {name} contains {reason}.",
            "Keep one plain value per option line; a '#' after a value is not a comment for ifupdown2.",
        )


def _value_ifupdown2_refuses(out: Findings, name: str, opt: Option) -> None:
    """FMT-07: a known option with a value ifupdown2 refuses."""
    problem = opts.GRAMMARS[opt.key](opt.value)
    if problem:
        out.error(
            "FMT-07",
            name,
            f"{opt.raw_key} on {name}: {problem}.",
            f"Correct the {opt.raw_key} value; ifupdown2's syntax check rejects it.",
        )


def _repeated_stanza(net: Net, out: Findings) -> None:
    """FMT-04: the parser reads repeated stanzas as Proxmox does (interfaces_file/
    repeated.py) and records them; a network built by hand may simply list an interface
    twice."""
    repeated = [first.name for first, again in net.duplicates if first.kind == again.kind]
    for name, line in net.network.repeated_stanzas:
        # Pasted twice: both readers end up with the same settings, so a warning is enough.
        out.warning(
            "FMT-04",
            name,
            f"The stanza of {name} on line {line} repeats an earlier one word for word.",
            f"Delete the second stanza of {name} (in netwizard, by importing the corrected file); Proxmox writes "
            "both back, and a later edit to one of them would be hidden by the other.",
        )
    for name, first, first_line, again, line in net.network.method_conflicts:
        message = (
            f"{name} has two stanzas of one family: '{first}' on line {first_line} and '{again}' on line {line}. "
            f"ifupdown2 runs both; Proxmox shows and saves '{again}' for both."
        )
        hint = f"Keep one stanza of {name} with the method it should have."
        if "manual" in (first, again):  # the manual one configures nothing: no conflict on the host
            out.warning("FMT-04", name, message, hint)
        else:
            out.error("FMT-04", name, message, hint)
    for name, line in net.network.duplicate_stanzas:
        out.warning(
            "FMT-04",
            name,
            f"{name} is defined again on line {line}. ifupdown2 runs both stanzas (and warns); Proxmox merges "
            "them, later lines winning, and writes the merged stanza once for each.",
            f"Merge the stanzas of {name} into one (in netwizard, by importing the corrected file), so that what "
            "runs is what the GUI shows.",
        )
    for name in repeated:
        out.error(
            "FMT-04",
            name,
            f"{name} is defined more than once.",
            f"Merge the stanzas of {name} into one; ifupdown2 combines them and the first value of each option "
            "wins, which hides later changes.",
        )


_JUDGED_ELSEWHERE = frozenset({"mtu", "bond-miimon", "bridge-vlan-aware"})


def _option_after_blank(out: Findings, name: str, line: int) -> None:
    """FMT-11 (netwizard's own): an option line after a blank line inside a stanza."""
    out.warning(
        "FMT-11",
        name,
        f"Line {line} follows a blank line inside the stanza of {name}: ifupdown2 applies it to {name}, but "
        "Proxmox's reader does not, so the GUI does not show it and a save there leaves it outside the stanza. "
        f"netwizard's file writes it inside the stanza of {name}, where both read it.",
        "Remove the blank line above it.",
    )


def _assumed_nic(out: Findings, name: str) -> None:
    """FMT-10 (netwizard's own): a NIC the file uses but does not define. Normal on a real
    host, where the NIC exists and Proxmox adds its stanza; only the host can confirm it."""
    out.info(
        "FMT-10",
        name,
        f"{name} is used in this file but has no stanza of its own; netwizard assumes the host has this NIC "
        f"and adds 'iface {name} inet manual', as Proxmox does.",
        f"Check that the host really has a NIC named {name} ('ip link show {name}').",
    )


def _root_command(out: Findings, name: str, text: str, runs: str) -> None:
    """FMT-02, for every root-command line (netwizard.network.interfaces_file.root_commands).

    The catalogue makes FMT-02 an error because it is about hooks a user asks the wizard to
    write, and the wizard never writes any. The lines here come from an imported file and
    are kept as written; what guards them is the app, which withholds the file until a
    second person approved exactly these lines. An error would instead refuse every later
    change to the host, so a warning that says what runs is what the findings list needs."""
    where = f"on {name}" if name else "at the top of the file"
    out.warning(
        "FMT-02",
        name,
        f"'{_short(text)}' {where} {runs} when the network changes.",
        "netwizard keeps this line but cannot check it; a second person must approve it before the file can be "
        "downloaded. Move the work into a reviewed script or systemd unit, or delete the line if it is not needed.",
    )


def _allow_in_stanza(out: Findings, name: str, raw_key: str) -> None:
    """FMT-09 (netwizard's own): ifupdown2 reads any line starting with `allow` as an
    `allow-CLASS` line, even inside a stanza; a bare `allow` makes its parser fail."""
    problem = (
        "ifupdown2 stops with an error on it ('list index out of range') and brings up no interface"
        if raw_key == "allow"
        else "ifupdown2 reads it as an allow- line that ends the stanza, and refuses the options after it"
    )
    out.error(
        "FMT-09",
        name,
        f"The stanza of {name} contains a line starting with '{raw_key}': {problem}.",
        f"Delete the '{raw_key}' line from {name}; to start {name} at boot, use 'auto {name}' outside the stanza.",
    )


def _has_own_rule(key: str) -> bool:
    return key in opts.ARP_MONITOR or key in opts.UNSUPPORTED_BOND


def _unknown_option(out: Findings, name: str, raw_key: str, key: str) -> None:
    """FMT-03: an option ifupdown2 does not know.

    An error in the catalogue because it is about options a user asks the wizard to
    write. netwizard never writes unknown options; the ones here come from an imported
    file and are kept verbatim, so a warning (likely misspelling) or an info (may be read
    by an if-up.d script) says enough."""
    meant = opts.suggestion(key)
    if meant:
        out.warning(
            "FMT-03",
            name,
            f"ifupdown2 does not know the option '{raw_key}' on {name} and silently ignores it; "
            f"did you mean '{meant}'?",
            f"Rename the line to '{meant}' if that is what it should set, or remove it.",
        )
    elif key.startswith(opts.KNOWN_PREFIXES):
        out.warning(
            "FMT-03",
            name,
            f"ifupdown2 does not know the option '{raw_key}' on {name} and silently ignores it.",
            f"Check the spelling of '{raw_key}' (ifquery --syntax-help lists every option), or remove it.",
        )
    else:
        out.info(
            "FMT-03",
            name,
            f"'{raw_key}' on {name} is not an ifupdown2 option; it only matters if a script in "
            "/etc/network/if-*.d/ reads it.",
            "netwizard keeps the line as it is; remove it if nothing on the host uses it.",
        )


def _bond_like(net: Net, iface: Interface) -> bool:
    return any(o.key.startswith("bond-") or o.key == "slaves" for o in net.options(iface))


def _other_stanza(net: Net, out: Findings, iface: Interface) -> None:
    """FMT-08 (netwizard's own): a stanza netwizard keeps but does not check."""
    keys = {o.key for o in net.options(iface)}
    checked = "its addresses"
    if keys & {"ovs-type", "ovs-bridge", "ovs-ports", "ovs-bonds"}:
        what = "an Open vSwitch object"
        checked = "its addresses, ports, members and MTU as Proxmox does"
    elif "vxlan-id" in keys:
        what = "a VXLAN interface"
    elif net.option(iface, "link-type"):
        what = f"a {net.option(iface, 'link-type')} link"
    elif ":" in iface.name:
        what = "an old-style alias"
    else:
        what = "an interface of unknown type (no bridge ports, not bondN, not a VLAN, not a NIC name)"
    out.info(
        "FMT-08",
        iface.name,
        f"{iface.name} is {what}; netwizard keeps its stanza as written and checks only {checked}.",
        "Review this stanza yourself.",
    )


def check_names(net: Net, out: Findings) -> None:
    """NAME-*: names the kernel, ifupdown2 or Proxmox would refuse or misread."""
    for iface in net.interfaces:
        _name_the_kernel_refuses(out, iface.name, alias=iface.kind == Kind.OTHER and _is_alias(iface.name))
        _name_ifupdown2_misreads(out, iface)
        _bond_not_named_bond_n(net, out, iface)
    _one_name_two_kinds(net, out)


def _is_alias(name: str) -> bool:
    """An old-style alias `vmbr0:1`: an address label on vmbr0, not an interface of its own."""
    return bool(syn.ALIAS_NAME.fullmatch(name)) and name.count(":") == 1


def _name_the_kernel_refuses(out: Findings, name: str, *, alias: bool = False) -> None:
    """NAME-01: empty, longer than 15 bytes, '.' or '..', or with characters the kernel refuses.

    An alias's ':' is how the kernel spells the label, so it is allowed there; the label
    as a whole still has the 15-byte limit."""
    problems = []
    if not name:
        problems.append("is empty")
    elif len(name.encode()) > 15:
        problems.append(f"is {len(name.encode())} bytes long (the kernel allows 15)")
    if name in (".", ".."):
        problems.append("is '.' or '..'")
    refused = "/%" if alias else "/:%"
    bad = sorted({ch for ch in name if ch in refused or ch.isspace() or unicodedata.category(ch)[0] == "C"})
    if bad:
        problems.append("contains " + " ".join(repr(ch) for ch in bad))
    if problems:
        out.error(
            "NAME-01",
            name,
            f"The interface name '{name}' " + " and ".join(problems) + ".",
            "Use at most 15 characters without '/', ':', '%' or spaces; for a long VLAN name use a short "
            "custom name with vlan-raw-device and vlan-id.",
        )


def _name_ifupdown2_misreads(out: Findings, iface: Interface) -> None:
    """NAME-02: a bond or bridge with a dot (taken for a VLAN), or a '$' in any name."""
    name = iface.name
    if iface.kind in (Kind.BOND, Kind.BRIDGE) and "." in name:
        out.error(
            "NAME-02",
            name,
            f"The {iface.kind.value} {name} has a dot in its name, so ifupdown2 takes it for a VLAN.",
            f"Rename {name} without the dot (bondN, vmbrN).",
        )
    if "$" in name:
        out.error(
            "NAME-02",
            name,
            f"The name {name} contains '$', which ifupdown2 treats as a variable or template leftover.",
            f"Rename {name} without '$'.",
        )


def _bond_not_named_bond_n(net: Net, out: Findings, iface: Interface) -> None:
    """NAME-05 (netwizard's own, from Proxmox's writer): Proxmox only treats bondN as a
    bond and writes any other one back with its internal key names, which ifupdown2 does
    not read as a bond any more."""
    name = iface.name
    if (iface.kind == Kind.BOND and not BOND_NAME.fullmatch(name)) or (
        iface.kind == Kind.OTHER and _bond_like(net, iface)
    ):
        out.error(
            "NAME-05",
            name,
            f"{name} is configured as a bond, but Proxmox only recognises bonds named bondN and would "
            "break this one the next time it saves the network.",
            f"Rename {name} to a free bondN name (for example bond0) and update the bridges and VLANs that use it.",
        )


def _one_name_two_kinds(net: Net, out: Findings) -> None:
    """NAME-03: two different kinds of interface with one name."""
    for first, again in net.duplicates:
        if first.kind != again.kind:
            out.error(
                "NAME-03",
                first.name,
                f"Two different interfaces are named {first.name} (a {first.kind.value} and a {again.kind.value}).",
                "Give each interface its own name.",
            )


def _short(text: str, limit: int = 80) -> str:
    text = text.replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 1] + "…"
