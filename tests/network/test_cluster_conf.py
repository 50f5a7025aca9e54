"""Reading a Proxmox VE cluster's corosync.conf and ceph.conf (netwizard.network.cluster_conf).

The samples are written in the layout Proxmox's own writers use: pvecm's corosync.conf
(two-space indentation, keys sorted, `interface` blocks inside `totem`), pveceph's
ceph.conf ("\\t " before every key). Each broken variant states the exact line and
message the admin sees.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netwizard.network.cluster_conf import (
    MAX_BYTES,
    CephConf,
    ConfError,
    CorosyncConf,
    CorosyncLink,
    CorosyncNode,
    address_kind,
    ceph_parse,
    corosync_parse,
    corosync_serialise,
)
from tests.examples import examples
from tests.network.strategies import nasty_text

PROPERTY = settings(max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ---------------------------------------------------------------- corosync.conf samples

SINGLE_LINK = """\
logging {
  debug: off
  to_syslog: yes
}

nodelist {
  node {
    name: pve1
    nodeid: 1
    quorum_votes: 1
    ring0_addr: 192.168.1.11
  }
  node {
    name: pve2
    nodeid: 2
    quorum_votes: 1
    ring0_addr: 192.168.1.12
  }
  node {
    name: pve3
    nodeid: 3
    quorum_votes: 1
    ring0_addr: 192.168.1.13
  }
}

quorum {
  provider: corosync_votequorum
}

totem {
  cluster_name: homelab
  config_version: 3
  interface {
    linknumber: 0
  }
  ip_version: ipv4-6
  link_mode: passive
  secauth: on
  version: 2
}
"""

TWO_LINKS = """\
logging {
  debug: off
  to_syslog: yes
}

nodelist {
  node {
    name: pve1
    nodeid: 1
    quorum_votes: 1
    ring0_addr: 10.10.10.1
    ring1_addr: 10.20.20.1
  }
  node {
    name: pve2
    nodeid: 2
    quorum_votes: 1
    ring0_addr: 10.10.10.2
    ring1_addr: 10.20.20.2
  }
}

quorum {
  provider: corosync_votequorum
}

totem {
  cluster_name: prod
  config_version: 4
  interface {
    knet_link_priority: 10
    linknumber: 0
  }
  interface {
    knet_link_priority: 20
    linknumber: 1
  }
  ip_version: ipv4-6
  link_mode: passive
  secauth: on
  version: 2
}
"""

IPV6 = """\
nodelist {
  node {
    name: pve1
    nodeid: 1
    quorum_votes: 1
    ring0_addr: fd00:10::1
  }
  node {
    name: pve2
    nodeid: 2
    quorum_votes: 1
    ring0_addr: fd00:10::2
  }
}
totem {
  cluster_name: v6lab
  config_version: 2
  interface {
    linknumber: 0
  }
  ip_version: ipv6
  secauth: on
  version: 2
}
"""

HOST_NAMES = """\
nodelist {
  node {
    name: pve-a
    nodeid: 1
    ring0_addr: pve-a.cluster.example.org
  }
  node {
    name: pve-b
    nodeid: 2
    ring0_addr: pve-b
  }
}
totem {
  cluster_name: names
  version: 2
}
"""

# Comments, blank lines, tabs, `key:value` without its space, a `#` kept inside a value.
COMMENTED = """\
# Please read the corosync.conf.5 manual page
totem {
\tcluster_name:lab
\t# the link over the storage switch

\tinterface {
\t\tlinknumber:\t1
\t\tknet_transport: sctp # corosync keeps this comment in the value
\t}
}

nodelist {
    # first node
    node {
\tname: n1
\tnodeid: 7
\tquorum_votes: 2
\tring1_addr: 172.16.0.7
    }
}
"""

PVE8 = """\
logging {
  debug: off
  to_syslog: yes
}

nodelist {
  node {
    name: pve-01
    nodeid: 1
    quorum_votes: 1
    ring0_addr: 10.0.0.11
    ring1_addr: 10.1.0.11
  }
  node {
    name: pve-02
    nodeid: 2
    quorum_votes: 1
    ring0_addr: 10.0.0.12
    ring1_addr: 10.1.0.12
  }
  node {
    name: pve-03
    nodeid: 3
    quorum_votes: 1
    ring0_addr: 10.0.0.13
    ring1_addr: 10.1.0.13
  }
}

quorum {
  provider: corosync_votequorum
}

totem {
  cluster_name: pve8-cluster
  config_version: 7
  interface {
    linknumber: 0
  }
  interface {
    knet_link_priority: 5
    linknumber: 1
  }
  ip_version: ipv4-6
  link_mode: passive
  secauth: on
  version: 2
}
"""

# corosync 2 (Proxmox VE 5): ringnumber, bindnetaddr, udpu.
COROSYNC2 = """\
totem {
  version: 2
  secauth: on
  cluster_name: old
  config_version: 12
  transport: udpu
  interface {
    bindnetaddr: 192.168.5.0
    ringnumber: 0
    mcastport: 5405
  }
}
nodelist {
  node {
    name: oldpve
    nodeid: 1
    quorum_votes: 1
    ring0_addr: 192.168.5.10
  }
}
"""


def _node(name: str, nodeid: int, *addresses: str, votes: int = 1) -> CorosyncNode:
    return CorosyncNode(name, nodeid, votes, dict(enumerate(addresses)))


def test_a_single_link_cluster():
    conf = corosync_parse(SINGLE_LINK)
    assert conf == CorosyncConf(
        cluster_name="homelab",
        config_version=3,
        links={0: CorosyncLink(0, None, ())},
        nodes=(
            _node("pve1", 1, "192.168.1.11"),
            _node("pve2", 2, "192.168.1.12"),
            _node("pve3", 3, "192.168.1.13"),
        ),
        transport="knet",
        ip_version="ipv4-6",
    )


def test_two_links_with_their_priorities():
    conf = corosync_parse(TWO_LINKS)
    assert conf.links == {0: CorosyncLink(0, 10, ()), 1: CorosyncLink(1, 20, ())}
    assert [node.addresses for node in conf.nodes] == [
        {0: "10.10.10.1", 1: "10.20.20.1"},
        {0: "10.10.10.2", 1: "10.20.20.2"},
    ]


def test_the_writer_writes_what_proxmox_writes():
    assert corosync_serialise(corosync_parse(TWO_LINKS)) == TWO_LINKS
    assert corosync_serialise(corosync_parse(SINGLE_LINK)) == SINGLE_LINK


def test_ipv6_addresses_and_defaults():
    conf = corosync_parse(IPV6)
    assert [node.addresses[0] for node in conf.nodes] == ["fd00:10::1", "fd00:10::2"]
    assert conf.ip_version == "ipv6"
    assert address_kind(conf.nodes[0].addresses[0]) == "ipv6"


def test_host_names_instead_of_addresses_and_corosync_defaults():
    conf = corosync_parse(HOST_NAMES)
    assert [node.addresses for node in conf.nodes] == [{0: "pve-a.cluster.example.org"}, {0: "pve-b"}]
    assert [node.quorum_votes for node in conf.nodes] == [1, 1]
    assert (conf.links, conf.config_version, conf.transport, conf.ip_version) == ({}, None, "knet", "ipv6-4")


def test_comments_blank_lines_tabs_and_values_without_a_space():
    conf = corosync_parse(COMMENTED)
    assert conf.cluster_name == "lab"
    assert conf.links == {
        1: CorosyncLink(1, None, (("knet_transport", "sctp # corosync keeps this comment in the value"),))
    }
    assert conf.nodes[0] == CorosyncNode("n1", 7, 2, {1: "172.16.0.7"})


def test_crlf_line_ends_read_as_lf():
    assert corosync_parse(TWO_LINKS.replace("\n", "\r\n")) == corosync_parse(TWO_LINKS)


def test_a_proxmox_ve_8_file():
    conf = corosync_parse(PVE8)
    assert conf.cluster_name == "pve8-cluster"
    assert conf.config_version == 7
    assert conf.links == {0: CorosyncLink(0, None, ()), 1: CorosyncLink(1, 5, ())}
    assert [(n.name, n.nodeid, n.addresses[1]) for n in conf.nodes] == [
        ("pve-01", 1, "10.1.0.11"),
        ("pve-02", 2, "10.1.0.12"),
        ("pve-03", 3, "10.1.0.13"),
    ]
    assert (conf.transport, conf.ip_version) == ("knet", "ipv4-6")
    assert corosync_parse(corosync_serialise(conf)) == conf


def test_corosync_2_ringnumber_and_other_interface_keys():
    conf = corosync_parse(COROSYNC2)
    assert conf.links == {0: CorosyncLink(0, None, (("bindnetaddr", "192.168.5.0"), ("mcastport", "5405")))}
    assert (conf.transport, conf.ip_version) == ("udpu", "ipv6-4")
    udp = corosync_parse(COROSYNC2.replace("udpu", "udp"))
    assert udp.ip_version == "ipv4"  # corosync's default for udp


def test_unknown_keys_and_blocks_are_ignored():
    text = SINGLE_LINK.replace(
        "quorum {\n", "quorum {\n  two_node: 1\n  device {\n    model: net\n    net {\n      tls: on\n    }\n  }\n"
    )
    assert corosync_parse(text) == corosync_parse(SINGLE_LINK)


# ------------------------------------------------------------------ corosync.conf errors

NODE = "nodelist {\n  node {\n    name: pve1\n    nodeid: 1\n    ring0_addr: 10.0.0.1\n  }\n}\n"
TOTEM = "totem {\n  cluster_name: c\n}\n"


def _nodes(*bodies: str) -> str:
    """TOTEM (lines 1-3), then a nodelist (line 4) with one node block per body."""
    blocks = "".join("  node {\n" + "".join(f"    {line}\n" for line in body.split("\n")) + "  }\n" for body in bodies)
    return TOTEM + "nodelist {\n" + blocks + "}\n"


BROKEN_COROSYNC = [
    pytest.param(TOTEM + NODE + "}\n", 11, "`}` closes no block", id="stray-brace"),
    pytest.param(
        "# corosync\n\ntotem {\n  cluster_name: c\n" + NODE,
        3,
        "block `totem` is never closed (opened here)",
        id="unclosed",
    ),
    pytest.param(
        _nodes("name: pve1\nnodeid: 1", "name: pve2\nring0_addr: 10.0.0.2"),
        9,
        "node pve2 has no nodeid",
        id="no-nodeid",
    ),
    pytest.param(
        _nodes("name: pve1\nnodeid: 1", "name: pve2\nnodeid: 2", "name: pve3\nnodeid: 2"),
        15,
        "two nodes have nodeid 2 (pve2, pve3)",
        id="same-nodeid",
    ),
    pytest.param(
        _nodes("name: pve1\nnodeid: 1\nring0_addr: 10.0.0.1 10.0.0.2"),
        8,
        "`ring0_addr: 10.0.0.1 10.0.0.2` is not an address or host name",
        id="two-addresses",
    ),
    pytest.param(TOTEM + "nodelist\n  node {\n", 4, "expected `key: value`, `name {` or `}`", id="bare-word"),
    pytest.param(TOTEM + "nodelist {\n  node = pve1\n}\n", 5, "expected `key: value`, `name {` or `}`", id="ini"),
    pytest.param(
        "totem\n{\n  cluster_name: c\n}\n" + NODE,
        1,
        "`totem` and its `{` must be on one line (`totem {`): corosync reads blocks only so",
        id="brace-next-line",
    ),
    pytest.param(
        "totem {\n  cluster_name: c\n  interface\n  # link 0\n\n  {\n  }\n}\n" + NODE,
        3,
        "`interface` and its `{` must be on one line (`interface {`): corosync reads blocks only so",
        id="brace-after-comment",
    ),
    pytest.param(
        "{\n}\n",
        1,
        "`{` needs its block name on the same line, as in `totem {`: corosync reads blocks only so",
        id="brace",
    ),
    pytest.param(
        "totem { cluster_name: c }\n",
        1,
        "`{` may only end a `name {` line (corosync would read this line as the start of a block)",
        id="one-line-block",
    ),
    pytest.param(
        _nodes("name: pve1\nnodeid: 1\nring8_addr: 10.0.0.1"),
        8,
        "`ring8_addr`: corosync has links 0 to 7 only (ring0_addr to ring7_addr)",
        id="ring8",
    ),
    pytest.param(
        _nodes("name: pve1\nnodeid: 0"), 7, "`nodeid: 0` is not a whole number from 1 to 4294967295", id="id0"
    ),
    pytest.param(
        _nodes("name: pve1\nnodeid: -3"), 7, "`nodeid: -3` is not a whole number from 1 to 4294967295", id="neg"
    ),
    pytest.param(
        _nodes("name: pve1\nnodeid: two"), 7, "`nodeid: two` is not a whole number from 1 to 4294967295", id="nan"
    ),
    pytest.param(
        _nodes("name: pve1\nnodeid: 4294967296"),
        7,
        "`nodeid: 4294967296` is not a whole number from 1 to 4294967295",
        id="big",
    ),
    pytest.param(_nodes("name: pve1\nnodeid: 1", "nodeid: 2"), 9, "a node has no name", id="no-name"),
    pytest.param(
        _nodes("name: pve1\nnodeid: 1", "name: PVE1\nnodeid: 2"),
        10,
        "two nodes are named PVE1 (nodeids 1 and 2)",
        id="same-name",
    ),
    pytest.param(
        _nodes("name: pve 1\nnodeid: 1"),
        6,
        "node name `pve 1` is not a host name (letters, digits, `-` and `.`; at most 253)",
        id="bad-name",
    ),
    pytest.param(TOTEM, None, "the file has no `nodelist` block", id="no-nodelist"),
    pytest.param(NODE, None, "the file has no `totem` block", id="no-totem"),
    pytest.param("totem {\n}\n" + NODE, 1, "block `totem` has no cluster_name", id="no-cluster-name"),
    pytest.param(TOTEM + "nodelist {\n}\n", 4, "block `nodelist` has no `node` block", id="empty-nodelist"),
    pytest.param(
        TOTEM + NODE + TOTEM,
        11,
        "a second `totem` block (the first opens on line 1); corosync.conf has one",
        id="two-totems",
    ),
    pytest.param(
        _nodes("name: pve1\nnodeid: 1\nnodeid: 1"),
        8,
        "`nodeid` is given twice in this block (first on line 7); corosync would keep the last, netwizard refuses",
        id="key-twice",
    ),
    pytest.param(
        _nodes("name: pve1\nnodeid: 1\nring0_addr: 10.0.0.1 # link 0"),
        8,
        "`ring0_addr: 10.0.0.1 # link 0` is not an address or host name",
        id="trailing-comment",
    ),
    pytest.param(
        _nodes("name: pve1\nnodeid: 1\nring0_addr: fe80::1%vmbr0"),
        8,
        "`ring0_addr: fe80::1%vmbr0` is not an address or host name",
        id="zone",
    ),
    pytest.param(
        _nodes("name: pve1\nnodeid: 1\nring0_addr: 10.0.0.256"),
        8,
        "`ring0_addr: 10.0.0.256` is not an address or host name",
        id="ipv4-256",
    ),
    pytest.param(
        "totem {\n  cluster_name: c\n  interface {\n    linknumber: 8\n  }\n}\n" + NODE,
        4,
        "`linknumber: 8` is not a whole number from 0 to 7",
        id="link8",
    ),
    pytest.param(
        "totem {\n  cluster_name: c\n  interface {\n  }\n  interface {\n    linknumber: 0\n  }\n}\n" + NODE,
        5,
        "two interface blocks are for link 0 (the first opens on line 3)",
        id="same-link",
    ),
    pytest.param(
        "totem {\n  cluster_name: c\n  interface {\n    linknumber: 1\n    ringnumber: 0\n  }\n}\n" + NODE,
        3,
        "this interface block gives linknumber 1 and ringnumber 0; give one",
        id="ring-and-link",
    ),
    pytest.param(
        "totem {\n  cluster_name: c\n  interface {\n    knet_link_priority: 256\n  }\n}\n" + NODE,
        4,
        "`knet_link_priority: 256` is not a whole number from 0 to 255",
        id="priority",
    ),
    pytest.param(
        "totem {\n  cluster_name: c\n  ip_version: ipv5\n}\n" + NODE,
        3,
        "`ip_version: ipv5` is not one of ipv4, ipv6, ipv4-6, ipv6-4",
        id="ip-version",
    ),
    pytest.param(
        "totem {\n  cluster_name: c\n  transport: tcp\n}\n" + NODE,
        3,
        "`transport: tcp` is not one of knet, udp, udpu",
        id="transport",
    ),
    pytest.param(
        "totem {\n  cluster_name: my cluster\n}\n" + NODE,
        2,
        "`cluster_name: my cluster` is not a name netwizard reads (letters, digits, `-`, `_`, `.`; at most 64)",
        id="cluster-name",
    ),
]


@pytest.mark.parametrize(("text", "line", "message"), BROKEN_COROSYNC)
def test_a_broken_corosync_conf_names_its_line(text, line, message):
    with pytest.raises(ConfError) as raised:
        corosync_parse(text)
    assert (raised.value.line, raised.value.message) == (line, message)
    assert str(raised.value) == (message if line is None else f"line {line}: {message}")
    assert isinstance(raised.value, ValueError)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("10.0.0.1", "ipv4"),
        ("fd00::1", "ipv6"),
        ("::ffff:10.0.0.1", "ipv6"),
        ("pve1", "name"),
        ("pve1.example.org", "name"),
        ("1pve", "name"),
    ],
)
def test_address_kind(text, kind):
    assert address_kind(text) == kind


@pytest.mark.parametrize(
    "text",
    [
        "",
        "10.0.0.256",
        "010.0.0.1",
        "10.0.0",
        "4",
        "fe80::1%eth0",
        "-pve",
        "pve-",
        "a..b",
        "pve1.",
        "a b",
        "x" * 64,
        "a_b",
    ],
)
def test_address_kind_refuses_what_is_neither(text):
    with pytest.raises(ValueError, match="is not an IP address or host name"):
        address_kind(text)


# ---------------------------------------------------------------- hostile corosync.conf


def test_a_nul_byte_is_refused_with_its_line():
    with pytest.raises(ConfError) as raised:
        corosync_parse(SINGLE_LINK.replace("ring0_addr: 192.168.1.12", "ring0_addr: 192.168.1.12\0"))
    assert (
        str(raised.value)
        == "line 17: holds the control or invisible character U+0000; a configuration file is plain text"
    )


@pytest.mark.parametrize(
    "character",
    ["\r", "\x0b", "\x1b", "\x85", "\u200b", "\u2028", "\ufeff", "\u202e", "\ud800", "\U000f0000", "\U00083d4d"],
)
def test_line_breakers_and_invisible_characters_are_refused(character):
    with pytest.raises(ConfError, match=r"^line 2: holds the control or invisible character U\+"):
        corosync_parse("totem {\n  cluster_name: a" + character + "b\n}\n" + NODE)


def test_a_file_over_one_mib_is_refused_unread():
    text = SINGLE_LINK + "# " + "x" * (2 * MAX_BYTES) + "\n"
    with pytest.raises(ConfError) as raised:
        corosync_parse(text)
    assert raised.value.line is None
    assert str(raised.value) == (
        "corosync.conf holds more than 1 MiB; netwizard reads files of at most 1 MiB (1,048,576 bytes), "
        "so it did not read this one."
    )
    exactly = SINGLE_LINK + "#" * (MAX_BYTES - len(SINGLE_LINK))
    assert corosync_parse(exactly) == corosync_parse(SINGLE_LINK)
    with pytest.raises(ConfError, match="more than 1 MiB"):
        corosync_parse(exactly + "\n")
    # Counted in bytes, not characters: 600,000 two-byte characters are too many.
    with pytest.raises(ConfError, match="more than 1 MiB"):
        corosync_parse(SINGLE_LINK + "# " + "é" * 600_000)


def test_very_long_lines_are_read_or_refused_with_a_short_message():
    long_value = "a" * (MAX_BYTES - len(SINGLE_LINK) - 100)
    kept = corosync_parse(SINGLE_LINK.replace("  debug: off", "  debug: " + long_value))
    assert kept == corosync_parse(SINGLE_LINK)
    with pytest.raises(ConfError) as raised:
        corosync_parse(SINGLE_LINK.replace("192.168.1.11", "1" * 500_000))
    assert len(str(raised.value)) < 200 and raised.value.line == 11


@pytest.mark.parametrize(
    "text",
    [
        "x" * 500_000 + " {\n",
        "x" * 500_000 + "\n{\n",
        "totem {\n" + "k" * 500_000 + ": 1\n" + "k" * 500_000 + ": 2\n}\n",
        TOTEM + "nodelist {\nnode {\nring" + "9" * 500_000 + "_addr: pve1\n}\n}\n",
        "a" * 400_000 + " " * 400_000 + "{\n",
    ],
)
def test_a_long_name_is_cut_short_in_the_message(text):
    with pytest.raises(ConfError) as raised:
        corosync_parse(text)
    assert len(str(raised.value)) < 250


def test_deep_nesting_is_reported_not_recursed():
    with pytest.raises(ConfError, match=r"^line 50000: block `a` is never closed"):
        corosync_parse("a {\n" * 50_000)


# --------------------------------------------------------------- corosync.conf round trip

_LABEL = st.from_regex(r"[A-Za-z0-9]([A-Za-z0-9-]{0,10}[A-Za-z0-9])?", fullmatch=True)
HOST_NAME = (
    st.lists(_LABEL, min_size=1, max_size=3).map(".".join).filter(lambda name: not name.rpartition(".")[2].isdigit())
)
ADDRESS = st.one_of(st.ip_addresses(v=4).map(str), st.ip_addresses(v=6).map(str), HOST_NAME)
OPTION_KEYS = (
    "knet_transport",
    "knet_ping_interval",
    "knet_pmtud_interval",
    "bindnetaddr",
    "mcastport",
    "x-vendor.key",
)
# A value is the rest of the line: anything printable but `{` (corosync would open a block).
OPTION_VALUE = st.text(
    alphabet=st.characters(categories=("L", "N", "P", "S", "Zs"), exclude_characters="{"), max_size=20
).map(lambda value: value.strip(" \t"))


@st.composite
def corosync_confs(draw) -> CorosyncConf:
    numbers = draw(st.lists(st.integers(0, 7), min_size=1, max_size=8, unique=True))
    links = {}
    for number in numbers:
        keys = draw(st.lists(st.sampled_from(OPTION_KEYS), max_size=3, unique=True))
        options = tuple((key, draw(OPTION_VALUE)) for key in keys)
        links[number] = CorosyncLink(number, draw(st.none() | st.integers(0, 255)), options)
    names = draw(st.lists(HOST_NAME, min_size=1, max_size=8, unique_by=str.lower))
    ids = draw(st.lists(st.integers(1, 2**32 - 1), min_size=len(names), max_size=len(names), unique=True))
    nodes = tuple(
        CorosyncNode(
            name,
            nodeid,
            draw(st.integers(0, 3) | st.just(2**32 - 1)),
            {number: draw(ADDRESS) for number in draw(st.lists(st.sampled_from(numbers), unique=True))},
        )
        for name, nodeid in zip(names, ids, strict=True)
    )
    return CorosyncConf(
        cluster_name=draw(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,20}", fullmatch=True)),
        config_version=draw(st.none() | st.integers(0, 2**64 - 1)),
        links=links,
        nodes=nodes,
        transport=draw(st.sampled_from(("knet", "udp", "udpu"))),
        ip_version=draw(st.sampled_from(("ipv4", "ipv6", "ipv4-6", "ipv6-4"))),
    )


@PROPERTY
@given(corosync_confs())
def test_what_is_written_reads_back_the_same(conf):
    text = corosync_serialise(conf)
    assert corosync_parse(text) == conf
    assert corosync_parse(text.replace("\n", "\r\n")) == conf
    assert corosync_serialise(corosync_parse(text)) == text


@PROPERTY
@given(corosync_confs(), nasty_text(), st.sampled_from(("cluster", "name", "address", "option")))
def test_the_writer_refuses_a_value_the_file_cannot_carry(conf, nasty, where):
    node = conf.nodes[0]
    link = next(iter(conf.links.values()))
    if where == "cluster":
        conf = CorosyncConf(nasty, conf.config_version, conf.links, conf.nodes, conf.transport, conf.ip_version)
    elif where == "name":
        conf = CorosyncConf(
            conf.cluster_name,
            conf.config_version,
            conf.links,
            (CorosyncNode(nasty, node.nodeid, node.quorum_votes, node.addresses), *conf.nodes[1:]),
            conf.transport,
            conf.ip_version,
        )
    elif where == "address":
        moved = CorosyncNode(node.name, node.nodeid, node.quorum_votes, {**node.addresses, 0: nasty})
        conf = CorosyncConf(
            conf.cluster_name,
            conf.config_version,
            conf.links,
            (moved, *conf.nodes[1:]),
            conf.transport,
            conf.ip_version,
        )
    else:
        changed = CorosyncLink(link.number, link.knet_link_priority, (*link.options, ("alias", nasty)))
        links = {**conf.links, link.number: changed}
        conf = CorosyncConf(conf.cluster_name, conf.config_version, links, conf.nodes, conf.transport, conf.ip_version)
    try:
        text = corosync_serialise(conf)
    except ValueError as refused:
        assert "cannot be written as corosync.conf" in str(refused)
    else:
        assert corosync_parse(text) == conf
        assert not any(
            unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp") for c in text if c not in "\t\n"
        )


def test_the_writer_refuses_a_link_filed_under_another_number():
    conf = corosync_parse(TWO_LINKS)
    swapped = CorosyncConf(
        conf.cluster_name, conf.config_version, {0: conf.links[1], 1: conf.links[0]}, conf.nodes, "knet", "ipv4-6"
    )
    with pytest.raises(ValueError, match="would read back as a different configuration"):
        corosync_serialise(swapped)


@st.composite
def edited(draw, text: str, extras: tuple[str, ...]) -> str:
    """`text` after one to four edits an admin or an attacker might make: a line deleted,
    repeated or replaced, a line or some nasty text put in, a line's end cut off."""
    lines = text.split("\n")
    piece = st.sampled_from(extras) | st.sampled_from(lines) | nasty_text()
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        edit = draw(st.sampled_from(("delete", "repeat", "replace", "insert", "append", "cut")))
        if edit == "delete" and len(lines) > 1:
            del lines[i]
        elif edit == "repeat":
            lines.insert(i, lines[i])
        elif edit == "replace":
            lines[i] = draw(piece)
        elif edit == "insert":
            lines.insert(i, draw(piece))
        elif edit == "append":
            lines[i] += draw(piece)
        else:
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
    return "\n".join(lines)


FRAGMENTS = (
    "{",
    "}",
    "a {",
    "ring9_addr: x",
    "ring1_addr: pve9",
    "nodeid: 0",
    "nodeid: 9",
    "#",
    "",
    "name:",
    "key",
    ": v",
)


@PROPERTY
@given(edited(TWO_LINKS, FRAGMENTS) | st.lists(st.sampled_from(FRAGMENTS) | nasty_text(), max_size=20).map("\n".join))
def test_any_text_is_read_or_refused_with_a_conf_error(text):
    try:
        conf = corosync_parse(text)
    except ConfError as refused:
        assert refused.line is None or 1 <= refused.line <= text.count("\n") + 1
    else:
        assert corosync_parse(corosync_serialise(conf)) == conf


# ------------------------------------------------------------------------ ceph.conf

PVE_CEPH = (
    "[global]\n"
    "\t auth_client_required = cephx\n"
    "\t auth_cluster_required = cephx\n"
    "\t auth_service_required = cephx\n"
    "\t cluster_network = 10.10.20.0/24\n"
    "\t fsid = 8d2f8a4e-3c1b-4f7e-9a55-0c6d2b1e7f90\n"
    "\t mon_allow_pool_delete = true\n"
    "\t mon_host = 10.10.10.1 10.10.10.2 10.10.10.3\n"
    "\t ms_bind_ipv4 = true\n"
    "\t ms_bind_ipv6 = false\n"
    "\t osd_pool_default_min_size = 2\n"
    "\t osd_pool_default_size = 3\n"
    "\t public_network = 10.10.10.0/24\n"
    "\n"
    "[client]\n"
    "\t keyring = /etc/pve/priv/$cluster.$name.keyring\n"
    "\n"
    "[client.crash]\n"
    "\t keyring = /etc/pve/ceph/$cluster.$name.keyring\n"
    "\n"
    "[mon.pve1]\n"
    "\t public_addr = 10.10.10.1\n"
)


def _nets(*cidrs: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(cidr) for cidr in cidrs)


def test_proxmox_s_ceph_conf():
    conf = ceph_parse(PVE_CEPH)
    assert conf == CephConf(_nets("10.10.10.0/24"), _nets("10.10.20.0/24"), "8d2f8a4e-3c1b-4f7e-9a55-0c6d2b1e7f90")
    assert conf.effective_cluster_networks == _nets("10.10.20.0/24")


def test_option_names_in_any_spelling():
    text = (
        "[global]\n  Public-Network = 10.1.0.0/16\n  cluster  network = 10.2.0.0/16\n"
        "  FSID = 8D2F8A4E-3C1B-4F7E-9A55-0C6D2B1E7F90\n"
    )
    conf = ceph_parse(text)
    assert (conf.public_networks, conf.cluster_networks) == (_nets("10.1.0.0/16"), _nets("10.2.0.0/16"))
    assert conf.fsid == "8d2f8a4e-3c1b-4f7e-9a55-0c6d2b1e7f90"


def test_lists_comments_quotes_and_host_bits():
    text = (
        "; written by hand\n"
        "[global]\n"
        "mon_host = [v2:10.0.0.5:3300/0,v1:10.0.0.5:6789/0] [v2:10.0.0.6:3300/0,v1:10.0.0.6:6789/0]\n"
        "public network = 10.0.0.5/24 ,fd00:1::7/64,  192.168.0.0/16   # three networks\n"
        'cluster_network = "10.9.0.0/24 10.8.0.0/24" ; Ceph splits on blanks too\n'
    )
    conf = ceph_parse(text)
    assert conf.public_networks == _nets("10.0.0.0/24", "fd00:1::/64", "192.168.0.0/16")
    assert conf.cluster_networks == _nets("10.9.0.0/24", "10.8.0.0/24")
    assert conf.fsid == ""


def test_without_a_cluster_network_replication_uses_the_public_one():
    conf = ceph_parse("[global]\n\t public_network = fd00:10::/64\n")
    assert conf.cluster_networks == ()
    assert conf.effective_cluster_networks == _nets("fd00:10::/64")
    assert ceph_parse("[global]\n\t fsid = 8d2f8a4e-3c1b-4f7e-9a55-0c6d2b1e7f90\n").effective_cluster_networks == ()


def test_only_global_counts_and_repeats_that_agree_are_fine():
    text = (
        "[osd]\n\t cluster_network = 10.99.0.0/24\n"
        "[global]\n\t public_network = 10.0.0.0/24\n"
        "[mon]\n\t public_network = 10.98.0.0/24\n"
        "[global]\n\t public_network = 10.0.0.1/24\n"
    )
    conf = ceph_parse(text)
    assert (conf.public_networks, conf.cluster_networks) == (_nets("10.0.0.0/24"), ())


def test_crlf_and_escapes():
    conf = ceph_parse(PVE_CEPH.replace("\n", "\r\n") + "[client.x]\r\n\t key = a\\#b\r\n")
    assert conf == ceph_parse(PVE_CEPH)


NOT_CIDR = " is not a network in CIDR form (address/prefix, e.g. 10.10.10.0/24)"
BROKEN_CEPH = [
    pytest.param(
        "[global]\n\t fsid = 8d2f8a4e-3c1b-4f7e-9a55-0c6d2b1e7f90\n\n\t public_network = 10.0.0.0/33\n",
        4,
        "`public_network = 10.0.0.0/33`: `10.0.0.0/33`" + NOT_CIDR,
        id="prefix-33",
    ),
    pytest.param(
        "[global]\ncluster_network = 10.0.0.0\n",
        2,
        "`cluster_network = 10.0.0.0`: `10.0.0.0`" + NOT_CIDR,
        id="no-prefix",
    ),
    pytest.param(
        "[global]\npublic_network = 10.0.0.0/24, pve1/24\n",
        2,
        "`public_network = 10.0.0.0/24, pve1/24`: `pve1/24`" + NOT_CIDR,
        id="name",
    ),
    pytest.param(
        "[global]\npublic_network = fe80::/64%eth0\n",
        2,
        "`public_network = fe80::/64%eth0`: `fe80::/64%eth0`" + NOT_CIDR,
        id="zone",
    ),
    pytest.param(
        "[global]\n\t public_network 10.0.0.0/24\n", 2, "expected `[section]`, `key = value` or a comment", id="no-eq"
    ),
    pytest.param("# ceph\n\n[global\n", 3, "a section header is `[name]`, alone on its line", id="header"),
    pytest.param("[global] x\n", 1, "a section header is `[name]`, alone on its line", id="header-text"),
    pytest.param(
        "# ceph\npublic_network = 10.0.0.0/24\n[global]\n",
        2,
        "`public_network = 10.0.0.0/24` comes before any `[section]`; Ceph reads options only inside one",
        id="outside",
    ),
    pytest.param(
        "[global]\npublic_network = 10.0.0.0/24\n[global]\npublic network = 10.1.0.0/24\n",
        4,
        "public_network is given twice in [global] with different values (first on line 2)",
        id="changed",
    ),
    pytest.param(
        "[global]\npublic_network = 10.0.0.0/24, \\\n  10.1.0.0/24\n",
        2,
        "the line ends with `\\`, which continues it on the next line; netwizard reads no continued lines",
        id="continued",
    ),
    pytest.param(
        '[client]\nkeyring = "/etc/pve/priv/x\n',
        2,
        'the quote in `keyring = "/etc/pve/priv/x` is not closed, or text follows it',
        id="quote",
    ),
    pytest.param("[global]\nfsid = not-a-uuid\n", 2, "`fsid = not-a-uuid`: the fsid is not a UUID", id="fsid"),
    pytest.param("[global]\n= 10.0.0.0/24\n", 2, "expected `[section]`, `key = value` or a comment", id="no-key"),
]


@pytest.mark.parametrize(("text", "line", "message"), BROKEN_CEPH)
def test_a_broken_ceph_conf_names_its_line(text, line, message):
    with pytest.raises(ConfError) as raised:
        ceph_parse(text)
    assert (raised.value.line, raised.value.message) == (line, message)
    assert str(raised.value) == f"line {line}: {message}"


def test_hostile_ceph_conf():
    with pytest.raises(ConfError, match=r"^line 13: holds the control or invisible character U\+0000"):
        ceph_parse(PVE_CEPH.replace("10.10.10.0/24", "10.10.10.0/24\0"))
    with pytest.raises(ConfError) as raised:
        ceph_parse(PVE_CEPH + "\t mon_host = " + "10.0.0.1 " * 250_000 + "\n")
    assert raised.value.line is None and str(raised.value).startswith("ceph.conf holds more than 1 MiB")
    # No pattern backtracks: a header of 400,000 blanks and tabs is refused at once.
    with pytest.raises(ConfError, match=r"^line 1: a section header is"):
        ceph_parse("[" + " \t" * 200_000 + "x" + " " * 200_000 + "\n")
    long_line = "[client]\n\t key = " + "x" * 900_000 + "\n"
    assert ceph_parse(PVE_CEPH + long_line) == ceph_parse(PVE_CEPH)
    with pytest.raises(ConfError) as raised:
        ceph_parse("[global]\npublic_network = " + "1" * 900_000 + "\n")
    assert raised.value.line == 2 and len(str(raised.value)) < 250


NETWORK = st.one_of(st.ip_addresses(v=4), st.ip_addresses(v=6)).flatmap(
    lambda address: st.integers(0, address.max_prefixlen).map(lambda prefix: f"{address}/{prefix}")
)
SPELLINGS = {
    "public_network": ("public_network", "public network", "Public-Network", "PUBLIC_network"),
    "cluster_network": ("cluster_network", "cluster network", "cluster-network", "Cluster  Network"),
}


@PROPERTY
@given(
    st.lists(NETWORK, min_size=1, max_size=4),
    st.lists(NETWORK, max_size=4),
    st.sampled_from(SPELLINGS["public_network"]),
    st.sampled_from(SPELLINGS["cluster_network"]),
    st.sampled_from((",", ", ", " , ", " ", "\t")),
    st.sampled_from(("", "\t ", "    ")),
    st.sampled_from(("", " # note", " ; note", "\t#")),
)
def test_networks_read_back_in_any_spelling(public, cluster, public_key, cluster_key, separator, indent, comment):
    lines = ["[global]", f"{indent}{public_key} = {separator.join(public)}{comment}"]
    if cluster:
        lines.append(f"{indent}{cluster_key} = {separator.join(cluster)}{comment}")
    conf = ceph_parse("\n".join(lines) + "\n")
    assert conf.public_networks == tuple(ipaddress.ip_network(n, strict=False) for n in public)
    assert conf.effective_cluster_networks == tuple(ipaddress.ip_network(n, strict=False) for n in cluster or public)


CEPH_FRAGMENTS = (
    "[",
    "]",
    "[osd]",
    "[global]",
    "public_network = 10.0.0.0/8",
    "cluster network = ::/0",
    "= x",
    'a = "b',
    "x \\",
)


@PROPERTY
@given(edited(PVE_CEPH, CEPH_FRAGMENTS))
def test_any_text_is_read_or_refused_with_a_conf_error_by_the_ceph_reader(text):
    try:
        conf = ceph_parse(text)
    except ConfError as refused:
        assert refused.line is None or 1 <= refused.line <= text.count("\n") + 1
    else:
        assert all(re.fullmatch(r"[0-9a-f:./]+", str(network)) for network in conf.public_networks)
