"""The writer: Proxmox's canonical form from a model built in code, and its refusals."""

import copy
from datetime import UTC, datetime
from pathlib import Path

import pytest

from netwizard.network.interfaces_file import UnsafeValueError, parse, render
from netwizard.network.model import (
    BondSettings,
    BridgeSettings,
    Family,
    GlobalLine,
    HostNetwork,
    Interface,
    Kind,
    VlanSettings,
)

GOLDEN = Path(__file__).parent / "golden"


def nic(name, **kwargs):
    return Interface(name, Kind.NIC, inet=kwargs.pop("inet", Family()), **kwargs)


def seed_storage_network() -> HostNetwork:
    """The seed's first example, as the wizard would hold it (no positions)."""
    return HostNetwork(
        hostname="pve1",
        interfaces=[
            Interface("lo", Kind.LOOPBACK, autostart=True, inet=Family("loopback")),
            nic("eno1"),
            nic("eno2"),
            nic("eno3"),
            Interface(
                "bond0",
                Kind.BOND,
                autostart=True,
                inet=Family("static", "192.168.1.2/24"),
                bond=BondSettings(["eno2", "eno1"], "802.3ad", 100, "layer2+3"),
            ),
            Interface(
                "vmbr0",
                Kind.BRIDGE,
                autostart=True,
                inet=Family("static", "10.10.10.2/24", "10.10.10.1"),
                bridge=BridgeSettings(["eno3"], "off", 0),
            ),
        ],
    )


def body(text: str) -> str:
    return text.split("\n\n", 1)[1]


def stanza(text: str, name: str) -> str:
    """The lines of one interface's first stanza, without its auto line."""
    return text.split(f"iface {name} ", 1)[1].split("\n\n", 1)[0]


def test_a_network_built_in_code_renders_as_the_seed_golden_file():
    got = render(seed_storage_network(), generated_at=datetime(2025, 3, 1, 12, 0, tzinfo=UTC))
    expected = (GOLDEN / "seed-bond-fixed-ip.expected.interfaces").read_text()
    assert body(got) == body(expected)
    assert got.split("\n")[0] == "# Network interfaces of host pve1, written by netwizard on 2025-03-01T12:00:00+00:00."


def test_a_new_interface_goes_to_the_end_of_its_group_and_keeps_the_rest_in_place():
    network = parse((GOLDEN / "bonds.expected.interfaces").read_text())
    network.interfaces.append(nic("eno9"))
    network.interfaces.append(
        Interface("bond10", Kind.BOND, inet=Family(), bond=BondSettings(["eno9"], "active-backup"))
    )
    names = [line.split()[1] for line in render(network).split("\n") if line.startswith("iface ")]
    assert names[names.index("eno4") + 1] == "eno9"
    assert names[-1] == "bond10"


def test_lo_is_written_even_when_the_model_lacks_it():
    network = HostNetwork(interfaces=[nic("eno1")])
    assert body(render(network)).startswith("auto lo\niface lo inet loopback\n\niface eno1 inet manual\n\n")


def test_bond_defaults_and_mode_dependent_options():
    def bond_lines(**settings):
        iface = Interface("bond0", Kind.BOND, inet=Family(), bond=BondSettings(["eno2", "eno1", "eno2"], **settings))
        return stanza(render(HostNetwork(interfaces=[iface])), "bond0").split("\n")[1:]

    assert bond_lines() == ["\tbond-slaves eno1 eno2", "\tbond-miimon 100", "\tbond-mode balance-rr"]
    assert bond_lines(mode="active-backup", xmit_hash_policy="layer2+3", primary="eno2") == [
        "\tbond-slaves eno1 eno2",
        "\tbond-miimon 100",
        "\tbond-mode active-backup",
        "\tbond-primary eno2",
    ]
    assert bond_lines(mode="balance-xor", miimon=50, xmit_hash_policy="layer3+4", primary="eno2")[1:] == [
        "\tbond-miimon 50",
        "\tbond-mode balance-xor",
        "\tbond-xmit-hash-policy layer3+4",
    ]
    assert bond_lines(mode="802.3ad", lacp_rate="fast")[-1] == "\tbond-lacp-rate fast"


def test_bond_members_start_at_boot_as_proxmox_forces_it():
    network = seed_storage_network()
    text = render(network)
    assert "auto eno1\niface eno1" in text and "auto eno2\niface eno2" in text
    assert "auto eno3" not in text  # a bridge port is not forced


@pytest.mark.parametrize(
    ("settings", "lines"),
    [
        (BridgeSettings([]), ["bridge-ports none", "bridge-stp off", "bridge-fd 0"]),
        (BridgeSettings(["b", "a"], "on", 15), ["bridge-ports a b", "bridge-stp on", "bridge-fd 15"]),
        (BridgeSettings(["a"], "on", 0), ["bridge-ports a", "bridge-stp on"]),
        (
            BridgeSettings(["a"], vlan_aware=True),
            ["bridge-ports a", "bridge-stp off", "bridge-fd 0", "bridge-vlan-aware yes", "bridge-vids 2-4094"],
        ),
        (
            BridgeSettings(["a"], vlan_aware=False),
            ["bridge-ports a", "bridge-stp off", "bridge-fd 0", "bridge-vlan-aware no"],
        ),
        (BridgeSettings(["a"], vids="10"), ["bridge-ports a", "bridge-stp off", "bridge-fd 0"]),
    ],
)
def test_bridge_block(settings, lines):
    network = HostNetwork(interfaces=[Interface("vmbr0", Kind.BRIDGE, inet=Family(), bridge=settings)])
    assert stanza(render(network), "vmbr0").split("\n")[1:] == ["\t" + line for line in lines]


@pytest.mark.parametrize(
    ("name", "vlan", "lines"),
    [
        ("eno1.50", VlanSettings("eno1", 50), []),
        ("eno1.50", VlanSettings("eno1", 50, "802.1ad"), ["\tmtu 9000", "\tvlan-protocol 802.1ad"]),
        ("vlan50", VlanSettings("eno1", 50), ["\tmtu 9000", "\tvlan-raw-device eno1"]),
        ("mgmt", VlanSettings("eno1", 50), ["\tmtu 9000", "\tvlan-id 50", "\tvlan-raw-device eno1"]),
    ],
)
def test_vlan_naming_forms(name, vlan, lines):
    mtu = 9000 if lines else None
    network = HostNetwork(interfaces=[nic("eno1"), Interface(name, Kind.VLAN, inet=Family(), mtu=mtu, vlan=vlan)])
    assert stanza(render(network), name).split("\n")[1:] == lines


def test_line_order_inside_a_stanza_and_comments_at_column_zero():
    eno1 = nic(
        "eno1",
        inet=Family(
            "static", "10.0.0.2/24", "10.0.0.1", [("post-up", "x"), ("bridge-learning", "off"), ("alias", "a")]
        ),
        inet6=Family("static", "fd00::2/64", "", [("accept_ra", "2")]),
        mtu=9000,
        comments=["one", " two"],
    )
    text = render(HostNetwork(interfaces=[eno1]))
    assert body(text).split("\n\n")[1:3] == [
        "iface eno1 inet static\n\taddress 10.0.0.2/24\n\tgateway 10.0.0.1\n\tbridge-learning off\n\tmtu 9000\n"
        "\tpost-up x\n\talias a\n#one\n# two",
        "iface eno1 inet6 static\n\taddress fd00::2/64\n\taccept_ra 2",
    ]


def test_global_lines_keep_their_place_and_the_last_ones_end_the_file():
    network = parse("auto lo\niface lo inet loopback\n\nsource /a/*\n\niface eno1 inet manual\n\nsource /b/*\n")
    assert body(render(network)) == (
        "auto lo\niface lo inet loopback\n\nsource /a/*\n\niface eno1 inet manual\n\nsource /b/*\n"
    )


# --- Refusals ---------------------------------------------------------------------------

NASTY = ["a\nb", "a\rb", "a\\b", "a\x00b", "a\x85b", "a\u2028b", "a\u2029b", "a\u200bb", "a\ufeffb", "a\x1bb"]


def base() -> HostNetwork:
    network = seed_storage_network()
    network.get("eno1").inet.options = [("hwaddress", "52:54:00:00:00:01")]
    network.get("eno1").comments = ["ok"]
    network.global_lines = [GlobalLine("source /etc/network/interfaces.d/*", 99)]
    return network


def _set_option_value(n, v):
    n.get("eno1").inet.options = [("hwaddress", v)]


def _set_option_key(n, v):
    n.get("eno1").inet.options = [(v, "x")]


MUTATIONS = {
    "comment": (lambda n, v: setattr(n.get("eno1"), "comments", [v]), "eno1", "comment"),
    "option value": (_set_option_value, "eno1", "hwaddress"),
    "option key": (_set_option_key, "eno1", "option"),
    "name": (lambda n, v: setattr(n.get("eno3"), "name", v), "", "name"),
    "slave": (lambda n, v: setattr(n.get("bond0").bond, "slaves", ["eno1", v]), "bond0", "bond-slaves"),
    "port": (lambda n, v: setattr(n.get("vmbr0").bridge, "ports", [v]), "vmbr0", "bridge-ports"),
    "address": (lambda n, v: setattr(n.get("vmbr0").inet, "address", v), "vmbr0", "address"),
    "gateway": (lambda n, v: setattr(n.get("vmbr0").inet, "gateway", v), "vmbr0", "gateway"),
    "method": (lambda n, v: setattr(n.get("vmbr0").inet, "method", v), "vmbr0", "method"),
    "mode": (lambda n, v: setattr(n.get("bond0").bond, "mode", v), "bond0", "bond-mode"),
    "hash": (lambda n, v: setattr(n.get("bond0").bond, "xmit_hash_policy", v), "bond0", "bond-xmit-hash-policy"),
    "stp": (lambda n, v: setattr(n.get("vmbr0").bridge, "stp", v), "vmbr0", "bridge-stp"),
    "global line": (lambda n, v: setattr(n.global_lines[0], "text", v), "", "global line"),
    "hostname": (lambda n, v: setattr(n, "hostname", v), "", "hostname"),
}


@pytest.mark.parametrize("bad", NASTY, ids=repr)
@pytest.mark.parametrize("target", sorted(MUTATIONS))
def test_control_characters_and_backslashes_are_refused_in_every_field(target, bad):
    mutate, interface, field = MUTATIONS[target]
    network = base()
    render(network)  # the unmodified network is fine
    mutate(network, bad)
    with pytest.raises(UnsafeValueError) as caught:
        render(network)
    assert (caught.value.interface, caught.value.field) == (interface, field)


@pytest.mark.parametrize(
    ("target", "value"),
    [
        ("option key", "iface"),
        ("option key", "auto"),
        ("option key", "source"),
        ("option key", "allow-hotplug"),
        ("option key", "#x"),
        ("option key", "netmask"),
        ("option key", "bond-slaves x"),
        ("option value", ""),
        ("option value", "padded "),  # the reader would drop the space: not read back the same
        ("option value", "   "),
        ("option value", "tab\there"),
        ("comment", "trailing space "),
        ("comment", "trailing tab\t"),
        ("name", "eno 3"),
        ("name", "eno#3"),
        ("name", "$eno3"),
        ("name", ""),
        ("slave", "none"),
        ("slave", "eno1 eno2"),
        ("address", "10.0.0.1/33"),
        ("address", "10.0.0.1/255.255.255.0"),
        ("address", "10.0.0.1 10.0.0.2"),
        ("address", "localhost"),
        ("gateway", "10.0.0.1/24"),
        ("method", "static6"),
        ("mode", "4"),
        ("mode", "802.3adx"),
        ("hash", "layer5"),
        ("stp", "yes"),
        ("global line", "address 10.0.0.9/24"),
        ("global line", "post-up reboot"),
        ("global line", "iface evil inet manual"),
        ("global line", "auto evil"),
        ("global line", "allow-hotplug evil"),
        ("global line", "source"),
        ("global line", "script /x"),  # a mapping body needs its mapping line
        ("hostname", "pve 1"),
        ("hostname", "-pve"),
    ],
)
def test_values_outside_their_grammar_are_refused(target, value):
    mutate, interface, _ = MUTATIONS[target]
    network = base()
    mutate(network, value)
    with pytest.raises(UnsafeValueError) as caught:
        render(network)
    assert caught.value.interface == interface


@pytest.mark.parametrize(
    "change",
    [
        lambda n: setattr(n.get("eno1"), "mtu", -1),
        lambda n: setattr(n.get("eno1"), "mtu", True),
        lambda n: setattr(n.get("eno1"), "mtu", "9000"),
        lambda n: setattr(n.get("bond0").bond, "miimon", 1.5),
        lambda n: setattr(n.get("vmbr0").bridge, "vlan_aware", True) or setattr(n.get("vmbr0").bridge, "vids", "2-x"),
        lambda n: n.interfaces.append(nic("eno1")),  # the same name twice
        lambda n: setattr(n.get("eno1"), "name", "bond5"),  # a NIC that would read back as a bond
        lambda n: setattr(n.get("eno1"), "kind", Kind.LOOPBACK),
        lambda n: n.interfaces.append(Interface("eno1.5", Kind.VLAN, inet=Family(), vlan=VlanSettings("eno2", 5))),
        lambda n: n.interfaces.append(Interface("vlan5", Kind.VLAN, inet=Family(), vlan=VlanSettings("eno2", 6))),
        lambda n: n.interfaces.append(Interface("vlan5", Kind.VLAN, inet=Family(), vlan=VlanSettings("eno2", 5, "x"))),
        lambda n: n.interfaces.append(Interface("vlan5", Kind.VLAN, inet=Family())),
        lambda n: n.interfaces.append(Interface("wan0", Kind.OTHER, inet=Family(options=[("bridge-ports", "a")]))),
        lambda n: n.interfaces.append(Interface("eno7", Kind.OTHER, inet=Family())),  # reads back as a NIC
        lambda n: n.interfaces.append(Interface("wan0", Kind.OTHER, inet=Family(), mtu=1500)),  # would be lost
        lambda n: setattr(n.get("eno1"), "position", "3"),
        lambda n: setattr(n.global_lines[0], "position", None),
        lambda n: (
            setattr(n.get("vmbr0").inet, "options", [("address", "10.0.0.2/24")])
            or setattr(n.get("vmbr0").inet, "address", "")
        ),
        lambda n: setattr(n.get("vmbr0"), "typeless", True) or setattr(n.get("vmbr0").inet, "address", "fd00::1/64"),
    ],
)
def test_models_that_would_read_back_differently_are_refused(change):
    network = base()
    change(network)
    with pytest.raises(UnsafeValueError):
        render(network)


def test_an_unsafe_value_error_is_a_value_error_and_nothing_partial_is_returned():
    assert issubclass(UnsafeValueError, ValueError)


def test_rendering_does_not_change_the_model():
    network = base()
    before = copy.deepcopy(network)
    render(network)
    assert network == before and [i.position for i in network.interfaces] == [i.position for i in before.interfaces]


def test_text_that_is_only_unusual_is_written_verbatim():
    network = base()
    network.get("eno1").comments = ["über-uplink #2 (Rack 4, 'A')"]
    network.get("eno1").inet.options = [("post-up", "echo 1 > /proc/sys/net/ipv6/conf/$IFACE/x; date +%s # kept")]
    text = render(network)
    assert "\n#über-uplink #2 (Rack 4, 'A')\n" in text
    assert "\n\tpost-up echo 1 > /proc/sys/net/ipv6/conf/$IFACE/x; date +%s # kept\n" in text
    assert parse(text).get("eno1").inet.options == network.get("eno1").inet.options


@pytest.mark.parametrize("code", ["${os.system('id')}", "<% import os %>", "x %> y", "${IFACE}"])
@pytest.mark.parametrize("target", ["option value", "global line"])
def test_template_code_is_refused_in_values_and_global_lines(target, code):
    """ifupdown2 runs a file with `%` through Mako when templates are enabled (Debian's
    default); Mako would execute these as Python, as root."""
    mutate, _, _ = MUTATIONS[target]
    network = base()
    mutate(network, f"source /x/* {code}" if target == "global line" else code)
    with pytest.raises(UnsafeValueError, match="template engine"):
        render(network)


@pytest.mark.parametrize("comment", ["50% of the uplink", "costs $5", "${x}"])
def test_comments_stay_clear_of_template_characters(comment):
    network = base()
    network.get("eno1").comments = [comment]
    with pytest.raises(UnsafeValueError) as caught:
        render(network)
    assert (caught.value.interface, caught.value.field) == ("eno1", "comment")


def test_the_order_is_the_one_proxmox_settles_on_after_several_saves():
    """vmbr9.50 (depth 1) ties with the next bridge on each save and loses on the name:
    Proxmox moves it one place per save, twice here; netwizard writes the end state."""
    text = "auto lo\niface lo inet loopback\n\n" + "\n".join(
        f"iface {name} inet manual\n\tbridge-ports none\n" if "." not in name else f"iface {name} inet manual\n"
        for name in ("vmbr9", "vmbr9.50", "vmbr10", "vmbr11")
    )
    once = render(parse(text))
    assert [line.split()[1] for line in once.split("\n") if line.startswith("iface ")] == [
        "lo",
        "vmbr9",
        "vmbr10",
        "vmbr11",
        "vmbr9.50",
    ]
    assert render(parse(once)) == once
