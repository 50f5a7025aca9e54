"""Properties of reading and writing, over generated networks and arbitrary text."""

from __future__ import annotations

import copy
import re

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from netwizard.network.interfaces_file import ParseError, UnsafeValueError, parse, render
from netwizard.network.model import HostNetwork, Interface, Kind
from tests.examples import examples
from tests.network.strategies import host_networks, messy, nasty_text, normalised

PROPERTY = settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Every line the writer may produce, whatever the network.
LINE = re.compile(
    r"|#[^\n]*"  # a blank line or a whole-line comment
    r"|auto [A-Za-z0-9_.:+-]+"
    r"|iface [A-Za-z0-9_.:+-]+(?: inet6? [a-z0-9]+)?"
    r"|\t[A-Za-z0-9_.-]+ [^\t\n]+"  # one option, one tab
    r"|(?:source|source-directory|mapping|script|map|allow-[A-Za-z0-9_.-]+) [^\t\n]+"
)


def reparsed(text: str, model: HostNetwork) -> HostNetwork:
    """Read the file back knowing the model's NICs, as the inventory does: a NIC named
    outside Proxmox's patterns is physical only because the host says so."""
    return parse(text, physical=[i.name for i in model.interfaces if i.kind == Kind.NIC])


def rendered_again(text: str, hostname: str) -> str:
    """Read the file back and write it again, for the same host (the header names it)."""
    network = parse(text)
    network.hostname = hostname
    return render(network)


def assert_plain_lines(text: str) -> None:
    assert text.endswith("\n")
    for line in text[:-1].split("\n"):
        assert LINE.fullmatch(line), repr(line)
        assert "\\" not in line and "\r" not in line and not (line.startswith("\t") and line != line.rstrip())
        assert not any(mark in line for mark in ("${", "<%", "%>")), "template code"
        if line.startswith("#") and not line.startswith("# Network interfaces of"):
            assert "%" not in line and "$" not in line, "template characters in free text"


@PROPERTY
@given(host_networks())
def test_a_generated_network_reads_back_as_itself(network):
    text = render(network)
    assert_plain_lines(text)
    assert normalised(parse(text)) == normalised(network)


@PROPERTY
@given(messy())
def test_rendering_is_idempotent_for_models_in_any_shape(network):
    text = render(network)
    assert rendered_again(text, network.hostname) == text
    assert normalised(parse(text)) == normalised(network)


@PROPERTY
@given(host_networks())
def test_the_order_is_one_proxmox_keeps(network):
    """Reading back and writing again never moves a stanza or a global line, and the
    reader sees the interfaces in the order they were written."""
    text = render(network)
    assert rendered_again(text, network.hostname) == text
    written = list(dict.fromkeys(line.split()[1] for line in text.split("\n") if line.startswith("iface ")))
    assert [i.name for i in parse(text).interfaces] == written


FILE_WORDS = st.sampled_from(
    [
        *["auto", "iface", "inet", "inet6", "static", "manual", "source", "mapping", "allow-hotplug", "address"],
        *["bond-slaves", "bridge-ports", "vlan-raw-device", "netmask", "bond0", "vmbr0", "eno1.5", "#", "none", "1"],
    ]
)
FILE_TEXT = st.lists(
    st.one_of(FILE_WORDS, st.sampled_from([" ", "\t", "\n", "\n\n", "\r\n", "\\", "\x85"]), st.text(max_size=4)),
    max_size=40,
).map("".join)


@PROPERTY
@given(st.one_of(FILE_TEXT, st.text()))
def test_any_text_parses_or_raises_parse_error(text):
    try:
        network = parse(text)
    except ParseError as exc:
        assert exc.line >= 1 and exc.line <= text.count("\n") + 1
        return
    assert network.get("lo") is not None
    try:
        once = render(network)
    except UnsafeValueError:
        return  # a name or value the reader accepts but the writer refuses
    assert render(parse(once)) == once


# --- Hostile values in every free-text field -----------------------------------------------


def _fields(network: HostNetwork):
    """(description, setter) for every string field a user or a file could fill."""
    for index, iface in enumerate(network.interfaces):
        yield f"name {index}", lambda v, i=iface: setattr(i, "name", v)
        for c in range(len(iface.comments)):
            yield f"comment {index}", lambda v, i=iface, c=c: i.comments.__setitem__(c, v)
        yield f"new comment {index}", lambda v, i=iface: i.comments.append(v)
        for family in iface.families:
            for attr in ("method", "address", "gateway"):
                yield f"{attr} {index}", lambda v, f=family, a=attr: setattr(f, a, v)
            for o, (key, value) in enumerate(family.options):
                yield f"key {index}", lambda v, f=family, o=o, val=value: f.options.__setitem__(o, (v, val))
                yield f"value {index}", lambda v, f=family, o=o, k=key: f.options.__setitem__(o, (k, v))
            yield f"new option {index}", lambda v, f=family: f.options.append(("alias", v))
        if iface.bond:
            for attr in ("mode", "xmit_hash_policy", "lacp_rate", "primary"):
                yield f"bond {attr}", lambda v, b=iface.bond, a=attr: setattr(b, a, v)
            yield "slave", lambda v, b=iface.bond: b.slaves.append(v)
        if iface.bridge:
            for attr in ("stp", "vids"):
                yield f"bridge {attr}", lambda v, b=iface.bridge, a=attr: setattr(b, a, v)
            yield "port", lambda v, b=iface.bridge: b.ports.append(v)
        if iface.vlan:
            for attr in ("raw_device", "protocol"):
                yield f"vlan {attr}", lambda v, vl=iface.vlan, a=attr: setattr(vl, a, v)
    for line in network.global_lines:
        yield "global line", lambda v, g=line: setattr(g, "text", v)
    yield "hostname", lambda v: setattr(network, "hostname", v)


@settings(max_examples=examples(500), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(host_networks(max_nics=3), st.data())
def test_hostile_text_in_any_field_is_refused_or_written_exactly(network, data):
    network = copy.deepcopy(network)
    fields = list(_fields(network))
    description, setter = data.draw(st.sampled_from(fields), label="field")
    value = data.draw(nasty_text(), label="value")
    setter(value)
    try:
        text = render(network)
    except UnsafeValueError:
        event("refused")
        return
    event("written")
    # Written: then nothing was added or lost. Every line is an ordinary line, and the
    # file reads back as exactly the model (modulo what the writer canonicalises).
    assert_plain_lines(text)
    assert normalised(reparsed(text, network)) == normalised(network), description


@PROPERTY
@given(host_networks())
def test_no_line_of_the_output_is_unaccounted_for(network):
    """Count what the model says against the output: stanzas, auto lines, comments,
    unknown options, global lines. Nothing appears that the model does not hold."""
    text = render(network)
    lines = text.split("\n")
    interfaces = _with_lo(network.interfaces)
    slaves = {s for i in interfaces if i.bond for s in i.bond.slaves}
    assert sum(line.startswith("iface ") for line in lines) == sum(
        1 if i.typeless else max(1, len(i.families)) for i in interfaces
    )
    assert sorted(line[5:] for line in lines if line.startswith("auto ")) == sorted(
        i.name for i in interfaces if i.autostart or i.name in slaves
    )
    assert sum(line.startswith("#") for line in lines) == 3 + sum(len(_kept(i.comments)) for i in interfaces)
    options = [f"\t{k} {v}" for i in interfaces for f in i.families for k, v in f.options]
    assert all(option in lines for option in options)
    others = [line for line in lines if line and not line.startswith(("\t", "#", "iface ", "auto "))]
    assert others == [g.text for g in sorted(network.global_lines, key=lambda g: g.position)]


def _with_lo(interfaces: list[Interface]) -> list[Interface]:
    if any(i.name == "lo" for i in interfaces):
        return interfaces
    return [*interfaces, Interface("lo", Kind.LOOPBACK)]


def test_strategy_draws_every_kind():
    """Guard against a strategy that silently stops producing some construct."""
    seen: set[str] = set()

    @settings(max_examples=examples(200), deadline=None, database=None)
    @given(host_networks())
    def collect(network):
        for iface in network.interfaces:
            seen.add(iface.kind.value)
            seen.update(("typeless",) if iface.typeless else ())
            seen.update(("inet6-only",) if iface.inet is None and iface.inet6 else ())
        seen.update(("global",) if network.global_lines else ())

    collect()
    assert {"nic", "bond", "bridge", "vlan", "other", "loopback", "typeless", "inet6-only", "global"} <= seen


def _kept(comments: list[str]) -> list[str]:
    """The comments written: all but the empty ones at the end, which Proxmox drops."""
    kept = list(comments)
    while kept and not kept[-1]:
        kept.pop()
    return kept
