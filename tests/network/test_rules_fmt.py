"""FMT-* and NAME-*: the file's text and the interface names."""

from __future__ import annotations

import pytest

from netwizard.network.interfaces_file import parse
from netwizard.network.model import Kind
from netwizard.network.rules import check
from tests.network.test_rules import bond, bridge, fires, host, nic, other, silent, vlan, with_code


def plain_bridge(*options, **kw):
    return host(nic("eno1"), bridge("vmbr0", ["eno1"], address="10.0.0.2/24", options=options, **kw))


# FMT-01 -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "option",
    [
        ("bond-miimon", "100 # comment"),  # an inline '#' is part of the value for ifupdown2
        ("mtu", "9000; reboot"),
        ("alias", "uplink ${1+1}"),  # template code, with mako enabled
        ("alias", "ends with a backslash \\"),
        ("alias", "bell \x07"),
    ],
)
def test_fmt_01_values_ifupdown2_would_misread(option):
    fires("FMT-01", plain_bridge(option), severity="error")


def test_fmt_01_checks_modelled_values_and_comments():
    fires("FMT-01", host(nic("eno1"), nic("eno2"), bond("bond0", ["eno1", "eno2"], "802.3ad; rm -rf /")))
    network = plain_bridge()
    network.get("vmbr0").comments.append("uplink to core \\")
    fires("FMT-01", network, severity="error")


def test_fmt_01_silent_on_an_option_commented_out_with_its_tab():
    network = plain_bridge()
    network.get("vmbr0").comments.append("\tbridge-vlan-aware yes")
    silent("FMT-01", network)


def test_fmt_01_silent_on_plain_values_and_free_text():
    network = plain_bridge(("alias", "uplink to core sw1, port 12 (100% used)"), ("hwaddress", "02:00:00:00:00:01"))
    network.get("vmbr0").comments.append("guests: see ticket #42")
    silent("FMT-01", network)


# FMT-02 / 03 ------------------------------------------------------------------------


@pytest.mark.parametrize("hook", ["pre-up", "up", "post-up", "pre-down", "down", "post-down", "post_up"])
def test_fmt_02_hook_commands(hook):
    # A warning (issue 13 §1): the app gates the download on a second person's approval.
    (f,) = fires("FMT-02", plain_bridge((hook, "iptables -t nat -A POSTROUTING -j MASQUERADE")), severity="warning")
    assert "iptables" in f.message


def test_fmt_02_silent_without_hooks():
    silent("FMT-02", plain_bridge(("bridge-ageing", "300")))


def test_fmt_03_misspelt_option_warns_and_foreign_option_informs():
    (f,) = fires("FMT-03", plain_bridge(("bridge-stpp", "off")), severity="warning")
    assert "bridge-stpp" in f.message
    fires("FMT-03", plain_bridge(("wireless-essid", "x")), severity="info")


@pytest.mark.parametrize(
    "written, meant",
    [("bridge-stop", "bridge-stp"), ("bridg_vlan_aware", "bridge-vlan-aware"), ("nameservers", "dns-nameservers")],
)
def test_fmt_03_a_name_one_edit_from_a_known_option_asks_did_you_mean(written, meant):
    (f,) = fires("FMT-03", plain_bridge((written, "off")), severity="warning")
    assert f"did you mean '{meant}'?" in f.message


def test_fmt_03_no_guess_for_short_or_far_names():
    for written in ("mtx", "wake-on-lan"):
        (f,) = fires("FMT-03", plain_bridge((written, "1")))
        assert "did you mean" not in f.message


def test_fmt_03_silent_on_known_and_script_options():
    network = plain_bridge(("bridge_ageing", "300"), ("dns-nameservers", "1.1.1.1"), ("bridge-trunk", "2-10"))
    silent("FMT-03", network)


# FMT-04 / 07 / 08 --------------------------------------------------------------------


def test_fmt_04_a_stanza_defined_twice():
    network = host(nic("eno1"), nic("eno2"), nic("eno2", mtu=9000))
    (f,) = fires("FMT-04", network, severity="error")
    assert f.interface == "eno2"
    silent("FMT-04", host(nic("eno1"), nic("eno2", mtu=9000)))


def test_fmt_04_two_methods_for_one_family_and_a_stanza_pasted_twice():
    # ifupdown2 runs both stanzas; Proxmox keeps the last method for both (issue 15).
    (f,) = fires("FMT-04", parse("iface vmbr0 inet dhcp\niface vmbr0 inet static\n\taddress 10.0.0.2/24\n"))
    assert f.severity == "error" and "'dhcp' on line 1 and 'static' on line 2" in f.message
    fires(
        "FMT-04", parse("iface eno1 inet manual\n\niface eno1 inet static\n\taddress 10.0.0.2/24\n"), severity="warning"
    )
    (f,) = fires("FMT-04", parse("iface eno1 inet manual\n\niface eno1 inet manual\n"), severity="warning")
    assert "line 3 repeats an earlier one word for word" in f.message


def test_fmt_04_a_family_given_twice_with_the_same_method_is_a_warning():
    # ifupdown2 warns and runs both; Proxmox reads the file and writes the merged stanza
    # for each: neither refuses it, so it is no error.
    text = "iface eno1 inet static\n\taddress 10.0.0.2/24\n# old\n\niface eno1 inet static\n\taddress 10.0.0.2/24\n"
    (f,) = fires("FMT-04", parse(text), severity="warning")
    assert f.message.startswith("eno1 is defined again on line 5. ifupdown2 runs both stanzas")


def test_fmt_07_known_option_with_a_value_ifupdown2_refuses():
    fires("FMT-07", plain_bridge(("bridge-mcsnoop", "maybe")), severity="error")
    fires("FMT-07", plain_bridge(("hwaddress", "zz:zz")), severity="error")
    fires(
        "FMT-07",
        host(nic("eno1"), nic("eno2"), bond("bond0", ["eno1", "eno2"], options=[("bond-use-carrier", "maybe")])),
    )
    silent("FMT-07", plain_bridge(("bridge-mcsnoop", "no"), ("hwaddress", "02:00:00:00:00:01")))


def test_fmt_07_hwaddress_takes_the_ether_keyword_but_not_a_multicast_mac():
    # ifupdown2 reads `hwaddress ether MAC` as well as `hwaddress MAC`.
    silent("FMT-07", plain_bridge(("hwaddress", "ether 02:11:22:33:44:55")))
    silent("FMT-01", plain_bridge(("hwaddress", "ether 02:11:22:33:44:55")))
    fires("FMT-07", plain_bridge(("hwaddress", "aa:bb:cc:dd:ee:ff garbage")), severity="error")
    fires("FMT-07", plain_bridge(("hwaddress", "ether")), severity="error")
    # The first octet's lowest bit marks a group address; the kernel refuses it for a NIC.
    (f,) = fires("FMT-07", plain_bridge(("hwaddress", "ether 01:00:5e:00:00:01")), severity="error")
    assert "multicast" in f.message


def test_fmt_08_stanzas_netwizard_does_not_check_are_named():
    network = host(nic("eth0"), other("vmbr6", options=[("ovs_type", "OVSBridge"), ("ovs_ports", "eth0")]))
    (f,) = fires("FMT-08", network, severity="info")
    assert "Open vSwitch" in f.message
    fires("FMT-08", host(other("vxlan1", options=[("vxlan-id", "1")])), severity="info")
    silent("FMT-08", plain_bridge())


NIC_NAMED_NOT_DEFINED = """\
auto lo
iface lo inet loopback

auto vmbr0
iface vmbr0 inet static
	address 10.0.0.2/24
	bridge-ports enp2s0
	bridge-stp off
	bridge-fd 0
"""


def test_fmt_10_a_nic_named_in_a_file_without_nic_stanzas_is_assumed_present():
    network = parse(NIC_NAMED_NOT_DEFINED)
    (f,) = fires("FMT-10", network, severity="info")
    assert f.interface == "enp2s0"
    silent("BR-01", network)


def test_fmt_10_a_file_that_lists_nics_is_taken_at_its_word():
    # The installer and every Proxmox save list each NIC of the host: enp2s0 missing
    # from such a list is more likely a typo, and Proxmox would refuse the port.
    network = parse(NIC_NAMED_NOT_DEFINED.replace("auto vmbr0", "iface eno1 inet manual\n\nauto vmbr0"))
    silent("FMT-10", network)
    fires("BR-01", network, severity="error")


def test_fmt_11_an_option_after_a_blank_line_is_named_with_its_line():
    network = parse("auto vmbr0\niface vmbr0 inet manual\n\tbridge-ports none\n\n\tmtu 9000\n")
    (f,) = fires("FMT-11", network, severity="warning")
    assert f.interface == "vmbr0" and f.message.startswith("Line 5 ")
    silent("FMT-11", parse("auto vmbr0\niface vmbr0 inet manual\n\tbridge-ports none\n\tmtu 9000\n"))


def test_values_the_reader_could_not_take_are_errors_that_name_their_line():
    text = (
        "iface eno1 inet static\n\taddress 10.1.1.5\n\tnetmask 255.255.0.255\n\tmtu 9000x\n\n"
        "auto bond0\niface bond0 inet manual\n\tbond-slaves eno2 eno3\n\tbond-mode active-backup\n"
        "\tbond-miimon 100ms\n\niface eno2 inet manual\n\niface eno3 inet manual\n"
    )
    found = {(f.code, f.message.split(":")[0]) for f in check(parse(text)) if f.is_error}
    assert {("FMT-07", "Line 3"), ("MTU-01", "Line 4"), ("BOND-08", "Line 10")} <= found


def test_fmt_12_a_line_ifupdown2_joins_to_a_comment():
    network = parse("auto eno1\niface eno1 inet static\n# uplink \\\n\taddress 10.0.0.5/24\n")
    (f,) = fires("FMT-12", network, severity="error")
    assert f.message.startswith("Line 3 ") and "'address 10.0.0.5/24'" in f.message
    silent("FMT-12", parse("auto eno1\niface eno1 inet static\n# up\\link\n\taddress 10.0.0.5/24\n"))


# NAME-01 / 02 / 03 / 05 --------------------------------------------------------------


@pytest.mark.parametrize("name", ["bond123456789012", "vmbr0/1", "eno3:1", "vmbr%d", "..", "br 0", ""])
def test_name_01_names_the_kernel_refuses(name):
    fires("NAME-01", host(nic("eno1"), bridge(name, ["eno1"])), severity="error")


def test_name_01_fifteen_characters_are_fine():
    silent("NAME-01", host(nic("eno1"), bond("bond12345678901", ["eno1"])))


def test_name_01_an_alias_may_have_its_colon_but_not_more_than_15_bytes():
    silent("NAME-01", host(nic("eno1"), bridge("vmbr0", ["eno1"]), other("vmbr0:1", address="10.0.1.2/24")))
    fires("NAME-01", host(nic("eno1"), bridge("vmbr0", ["eno1"]), other("vmbr0:123456789012", address="10.0.1.2/24")))
    fires("NAME-01", host(nic("eno1"), bridge("vmbr0", ["eno1"]), other("vmbr0:a:1", address="10.0.1.2/24")))


def test_name_01_counts_a_vlans_parent_too():
    fires("NAME-01", host(nic("enp129s0f1np1"), vlan("enp129s0f1np1.100", "enp129s0f1np1", 100)))


def test_name_02_dot_in_a_bond_or_bridge_and_dollar_anywhere():
    fires("NAME-02", host(nic("eno1"), bridge("vmbr0.1", ["eno1"])), severity="error")
    fires("NAME-02", host(nic("eno1"), bridge("vmbr$1", ["eno1"])), severity="error")
    silent("NAME-02", host(nic("eno1"), bridge("vmbr0", ["eno1"]), vlan("vmbr0.1", "vmbr0", 1)))


def test_name_03_two_different_interfaces_with_one_name():
    network = host(nic("eno1"), nic("eno2"), bond("bond0", ["eno1", "eno2"]), bridge("bond0", ["eno1"]))
    fires("NAME-03", network, severity="error")
    silent("NAME-03", host(nic("eno1"), nic("eno2"), bond("bond0", ["eno1", "eno2"]), bridge("vmbr0", ["bond0"])))


def test_name_05_bond_not_named_bond_n():
    # Proxmox parses it as an unknown interface and writes it back with its internal key names.
    network = host(nic("eno1"), other("bond_lan", options=[("bond-slaves", "eno1"), ("bond-mode", "802.3ad")]))
    (f,) = fires("NAME-05", network, severity="error")
    assert "bondN" in f.message
    fires("NAME-05", host(nic("eno1"), bond("uplink", ["eno1"])), severity="error")
    silent("NAME-05", host(nic("eno1"), bond("bond7", ["eno1"])))


def test_a_bond_like_stanza_is_not_also_reported_as_unchecked():
    network = host(other("bond_lan", options=[("slaves", "eno1")]))
    assert not with_code(check(network), "FMT-08")
    assert network.get("bond_lan").kind == Kind.OTHER
