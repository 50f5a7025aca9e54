"""An address family given more than one stanza is written as Proxmox writes it (issue 15,
items 10 and 16), and nothing an earlier stanza says is lost.

The expected texts were checked against Proxmox's own reader and writer (pve-common
9.2.1) while this was built; the tests hold netwizard to them without it.
"""

from __future__ import annotations

import pytest

from netwizard.network.interfaces_file import UnsafeValueError, parse, render
from netwizard.network.interfaces_file.repeated import stanza_families, stanza_families_error
from netwizard.network.rules import check


def body(text: str) -> str:
    """The written file without netwizard's header and the loopback stanza."""
    return text.split("iface lo inet loopback\n\n", 1)[1]


def test_a_manual_then_a_static_stanza_are_written_twice_with_the_last_method():
    # The installer's `inet manual` line and a static stanza added by hand further down.
    text = (
        "auto enp3s0\niface enp3s0 inet static\n\taddress 10.0.0.2/24\n\tgateway 10.0.0.1\n"
        "\tpost-up echo one\n# one\n\niface enp3s0 inet manual\n"
    )
    written = render(parse(text))
    assert body(written) == (
        "auto enp3s0\n"
        "iface enp3s0 inet manual\n\taddress 10.0.0.2/24\n\tgateway 10.0.0.1\n\tpost-up echo one\n# one\n\n"
        "iface enp3s0 inet manual\n\taddress 10.0.0.2/24\n\tgateway 10.0.0.1\n\tpost-up echo one\n# one\n\n"
    )
    assert render(parse(written)) == written


def test_a_stanza_pasted_twice_is_written_twice():
    text = "iface eno5 inet static\n\taddress 172.18.36.188/24\n\niface eno5 inet static\n\taddress 172.18.36.188/24\n"
    written = render(parse(text))
    assert body(written) == ("iface eno5 inet static\n\taddress 172.18.36.188/24\n\n" * 2)
    assert render(parse(written)) == written


def test_a_later_stanza_s_address_replaces_the_earlier_one_and_its_comments_stay():
    text = (
        "iface enp4s0f0 inet static\n#\taddress 10.8.6.144/24\n\taddress 192.168.56.83\n\tnetmask 255.255.255.0\n\n"
        "iface enp4s0f0 inet static\n\taddress 192.168.56.84\n\tnetmask 255.255.255.0\n"
    )
    network = parse(text)
    assert network.interfaces[-1].inet.address == "192.168.56.84/24"
    assert body(render(network)) == (
        "iface enp4s0f0 inet static\n\taddress 192.168.56.84/24\n#\taddress 10.8.6.144/24\n\n" * 2
    )


def test_option_lines_of_every_stanza_are_kept():
    # Proxmox keeps only the last stanza's lines (`post-up echo one` would go); netwizard
    # keeps both, in each stanza, and reads its own output back unchanged.
    text = (
        "iface vmbr0 inet static\n\taddress 10.0.0.2/24\n\tbridge-ports none\n\tpost-up echo one\n\n"
        "iface vmbr0 inet static\n\tpost-up echo two\n\tpost-up echo one\n"
    )
    written = render(parse(text))
    stanza = "\taddress 10.0.0.2/24\n"
    assert body(written).count("\tpost-up echo one\n\tpost-up echo two\n") == 2
    assert body(written).count(stanza) == 2
    assert render(parse(written)) == written


def test_inet6_before_inet_keeps_its_place_and_the_typed_settings():
    text = (
        "iface eno1 inet manual\n\nauto vmbr0\niface vmbr0 inet6 static\n\taddress fd00::2/64\n\tpost-up echo six\n"
        "# six\n\niface vmbr0 inet static\n\taddress 10.0.0.2/24\n\tbridge-ports eno1\n\tbridge-stp off\n"
        "\tbridge-fd 0\n\tpost-up echo four\n# four\n"
    )
    written = render(parse(text))
    assert body(written).split("auto vmbr0\n")[1] == (
        "iface vmbr0 inet6 static\n\taddress fd00::2/64\n\tbridge-ports eno1\n\tbridge-stp off\n\tbridge-fd 0\n"
        "\tpost-up echo six\n\n"
        "iface vmbr0 inet static\n\taddress 10.0.0.2/24\n\tpost-up echo four\n# four\n# six\n\n"
    )
    assert render(parse(written)) == written


@pytest.mark.parametrize(
    ("families", "expected"),
    [
        (["inet"], []),
        (["inet", "inet6"], []),
        (["inet6"], []),
        (["", ""], []),  # typeless stanzas keep the usual writing
        (["inet", "inet"], ["inet", "inet"]),
        (["inet6", "inet"], ["inet6", "inet"]),
        (["inet", "inet6", "inet"], ["inet", "inet6", "inet"]),
    ],
)
def test_stanza_families_are_kept_only_where_they_change_the_writing(families, expected):
    assert stanza_families(families) == expected


def test_stanza_families_that_do_not_fit_the_interface_are_refused():
    network = parse("iface eno1 inet static\n\taddress 10.0.0.2/24\n")
    network.interfaces[-1].stanza_families = ["inet", "inet6"]
    assert stanza_families_error(["inet", "inet6"], {"inet"}) == "names exactly the families the interface has"
    with pytest.raises(UnsafeValueError, match="stanza families"):
        render(network)
    assert stanza_families_error(["inet", "dhcp"], {"inet"}).startswith("lists only")


def test_ports_listed_by_both_stanzas_are_one_port():
    # Proxmox writes `bridge-ports eno9 eno9` here (and then refuses its own file on the
    # next save: a port used twice); netwizard reads the bridge's port once.
    text = (
        "iface eno9 inet manual\n\nauto vmbr0\niface vmbr0 inet static\n\taddress 10.0.0.2/24\n\tbridge-ports eno9\n\n"
        "iface vmbr0 inet static\n\tbridge-ports eno9\n\tbridge-stp off\n"
    )
    network = parse(text)
    assert "\tbridge-ports eno9\n" in render(network)
    findings = check(network)
    assert [(f.code, f.severity) for f in findings if f.severity != "info"] == [("FMT-04", "warning")]
