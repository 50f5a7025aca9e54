"""The reader: what each construct becomes in the model, and the lines it refuses."""

import re
from textwrap import dedent

import pytest

from netwizard.network.interfaces_file import ParseError, UnsafeValueError, parse, render
from netwizard.network.model import Kind


def net(text: str, **kwargs):
    return parse(dedent(text), **kwargs)


# --- Classification (proxmox-format.md §2.4) --------------------------------------------


@pytest.mark.parametrize(
    ("name", "options", "kind"),
    [
        ("bond0", "bond-slaves eno1", Kind.BOND),
        ("bond12", "", Kind.BOND),
        ("bond_lan", "bond-slaves eno1", Kind.OTHER),  # Proxmox only knows bondN
        ("lacp0", "bond-slaves eno1", Kind.OTHER),
        ("vmbr0", "bridge-ports eno1", Kind.BRIDGE),
        ("br-lan", "bridge_ports none", Kind.BRIDGE),  # any name with bridge-ports
        ("bond7", "bridge-ports eno1", Kind.BRIDGE),  # bridge-ports wins over the name
        ("eno1", "", Kind.NIC),
        ("enp65s0f1", "", Kind.NIC),
        ("eth0", "", Kind.NIC),
        ("ib0", "", Kind.NIC),
        ("nic3", "", Kind.NIC),
        ("if2", "", Kind.NIC),
        ("wan0", "", Kind.OTHER),  # not a NIC name; Proxmox asks the kernel
        ("eno1.50", "", Kind.VLAN),
        ("vlan50", "vlan-raw-device eno1", Kind.VLAN),
        ("vlan50", "", Kind.OTHER),  # ifupdown2 does not see a VLAN either
        ("mgmt", "vlan-raw-device eno1\n    vlan-id 5", Kind.VLAN),
        ("mgmt", "vlan-raw-device eno1", Kind.OTHER),  # no id: cannot be modelled
        ("mgmt", "vlan_raw_device eno1\n    vlan-id 5", Kind.OTHER),  # Proxmox needs the hyphen spelling
        ("eno1:1", "", Kind.OTHER),  # alias
        ("vxlan2", "vxlan-id 2", Kind.OTHER),
        ("dummy0", "link-type dummy", Kind.OTHER),
        ("vmbr9", "ovs_type OVSBridge", Kind.OTHER),
        ("bond1", "ovs_type OVSBond", Kind.OTHER),
        ("eno2", "ovs_type OVSPort", Kind.OTHER),
    ],
)
def test_kind_follows_proxmox(name, options, kind):
    text = f"iface {name} inet manual\n    {options}\n" if options else f"iface {name} inet manual\n"
    assert parse(text).get(name).kind == kind


def test_physical_names_from_the_inventory_count_as_nics():
    assert parse("iface wan0 inet manual\n", physical=["wan0"]).get("wan0").kind == Kind.NIC


def test_a_bond_not_named_bondN_keeps_every_option_verbatim_for_the_rules():
    other = net(
        """\
        iface bond_lan inet manual
            bond_slaves eno2 eno1
            bond-mode 4
        """
    ).get("bond_lan")
    assert other.bond is None
    assert other.inet.options == [("bond_slaves", "eno2 eno1"), ("bond-mode", "4")]


# --- Auto marks, positions, lo ---------------------------------------------------------


def test_every_auto_spelling_marks_autostart_and_auto_lists_split():
    network = net(
        """\
        auto eno1 eno2
        allow-hotplug eno3
        allow-auto eno4
        allow-ovs vmbr9
        iface eno1 inet manual
        iface eno2 inet manual
        iface eno3 inet manual
        iface eno4 inet manual
        iface eno5 inet manual
        iface vmbr9 inet manual
            ovs_type OVSBridge
        """
    )
    auto = {i.name for i in network.interfaces if i.autostart}
    assert auto == {"lo", "eno1", "eno2", "eno3", "eno4", "vmbr9"}


def test_positions_count_stanzas_and_global_lines_from_two_and_lo_is_added_at_one():
    network = net(
        """\
        source /etc/network/a

        iface eno1 inet manual

        source-directory /etc/network/b.d

        iface eno2 inet manual
        """
    )
    assert [(i.name, i.position) for i in network.interfaces] == [("lo", 1), ("eno1", 3), ("eno2", 5)]
    assert [(g.text, g.position) for g in network.global_lines] == [
        ("source /etc/network/a", 2),
        ("source-directory /etc/network/b.d", 4),
    ]
    lo = network.get("lo")
    assert lo.kind == Kind.LOOPBACK and lo.autostart and lo.inet.method == "loopback"


def test_an_auto_line_without_stanza_becomes_a_manual_interface_without_position():
    eno9 = parse("auto eno9\n").get("eno9")
    assert (eno9.kind, eno9.autostart, eno9.position, eno9.inet.method) == (Kind.NIC, True, None, "manual")


def test_interfaces_remember_the_line_of_their_first_stanza():
    network = net("auto lo\niface lo inet loopback\n\niface eno1 inet manual\n")
    assert network.get("eno1").line == 4


# --- Addresses ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "address"),
    [
        ("address 10.0.0.2/24", "10.0.0.2/24"),
        ("address 10.0.0.2\n    netmask 255.255.255.0", "10.0.0.2/24"),
        ("netmask 255.255.240.0\n    address 10.0.0.2", "10.0.0.2/20"),
        ("address 10.0.0.2\n    netmask 16", "10.0.0.2/16"),
        ("address 10.0.0.2", "10.0.0.2"),  # no mask: kept bare for the rules to flag
        ("address 10.0.0.2/24\n    netmask 255.0.0.0", "10.0.0.2/24"),  # the prefix wins
        ("address 10.0.0.2/24\n    broadcast 10.0.0.255", "10.0.0.2/24"),
    ],
)
def test_ipv4_addresses_become_cidr(lines, address):
    eno1 = parse(f"iface eno1 inet static\n    {lines}\n").get("eno1")
    assert eno1.inet.address == address
    assert eno1.inet.options == []


def test_ipv6_netmask_is_numeric():
    eno1 = parse("iface eno1 inet6 static\n    address fd00::2\n    netmask 112\n").get("eno1")
    assert (eno1.inet, eno1.inet6.address) == (None, "fd00::2/112")


def test_a_second_address_or_gateway_is_kept_aside_in_order():
    eno1 = parse(
        "iface eno1 inet static\n    address 10.0.0.2/24\n    address 10.0.1.2/24\n"
        "    gateway 10.0.0.1\n    gateway 10.0.1.1\n"
    ).get("eno1")
    assert (eno1.inet.address, eno1.inet.gateway) == ("10.0.0.2/24", "10.0.0.1")
    assert eno1.inet.options == [("address", "10.0.1.2/24"), ("gateway", "10.0.1.1")]


def test_a_typeless_stanza_files_addresses_by_their_form():
    vmbr1 = net(
        """\
        iface vmbr1
            address fd00::1/64
            address 10.0.0.1/24
            bridge-ports none
            mtu 1500
        """
    ).get("vmbr1")
    assert vmbr1.typeless
    assert (vmbr1.inet.address, vmbr1.inet6.address, vmbr1.mtu) == ("10.0.0.1/24", "fd00::1/64", 1500)


def test_families_keep_their_own_unknown_options_and_methods():
    eno1 = net(
        """\
        iface eno1 inet6 auto
            accept_ra 2
        iface eno1 inet dhcp
            hwaddress 52:54:00:00:00:01
        """
    ).get("eno1")
    assert (eno1.inet.method, eno1.inet6.method) == ("dhcp", "auto")
    assert eno1.inet.options == [("hwaddress", "52:54:00:00:00:01")]
    assert eno1.inet6.options == [("accept_ra", "2")]


# --- Bonds, bridges, VLANs ------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "mode"),
    [
        *[("0", "balance-rr"), ("1", "active-backup"), ("2", "balance-xor"), ("3", "broadcast")],
        *[("4", "802.3ad"), ("5", "balance-tlb"), ("6", "balance-alb"), ("802.3adx", "802.3adx")],
    ],
)
def test_numeric_bond_modes_become_names_and_others_stay_for_the_rules(number, mode):
    assert parse(f"iface bond0 inet manual\n    bond-mode {number}\n").get("bond0").bond.mode == mode


def test_bond_settings_in_any_spelling():
    bond = net(
        """\
        iface bond0 inet manual
            bond_slaves eno2 eno1
            slaves eno3 none
            bond_miimon 50
            bond-xmit-hash-policy layer3+4
            bond_lacp_rate fast
            bond_primary eno1
            bond-min-links 1
        """
    ).get("bond0")
    settings = bond.bond
    assert settings.slaves == ["eno2", "eno1", "eno3"]  # as written; the writer sorts
    assert (settings.miimon, settings.xmit_hash_policy, settings.lacp_rate, settings.primary) == (
        50,
        "layer3+4",
        "fast",
        "eno1",
    )
    assert (settings.mode, bond.inet.options) == ("", [("bond-min-links", "1")])


def test_missing_bond_settings_stay_missing_for_the_rules():
    settings = parse("iface bond0 inet manual\n").get("bond0").bond
    assert (settings.slaves, settings.mode, settings.miimon) == ([], "", None)


@pytest.mark.parametrize(
    ("lines", "stp", "fd", "vlan_aware", "vids"),
    [
        ("bridge-ports none", "off", None, None, ""),
        ("bridge_ports eno1\n    bridge_stp yes\n    bridge_fd 4", "on", 4, None, ""),
        ("bridge-ports eno1\n    bridge-stp OFF\n    bridge-vlan-aware no", "off", None, False, ""),
        ("bridge-ports eno1\n    bridge-vlan-aware yes\n    bridge-vids 10  20-30", "off", None, True, "10 20-30"),
        ("bridge-ports eno1\n    bridge-stp maybe", "maybe", None, None, ""),  # for the rules
    ],
)
def test_bridge_settings(lines, stp, fd, vlan_aware, vids):
    bridge = parse(f"iface vmbr0 inet manual\n    {lines}\n").get("vmbr0").bridge
    assert (bridge.stp, bridge.fd, bridge.vlan_aware, bridge.vids) == (stp, fd, vlan_aware, vids)


def test_bridge_ports_from_several_lines_add_up():
    bridge = parse("iface vmbr0 inet manual\n    bridge-ports eno2\n    bridge-ports eno1\n").get("vmbr0").bridge
    assert bridge.ports == ["eno2", "eno1"]


@pytest.mark.parametrize(
    ("name", "options", "raw", "vid"),
    [
        ("eno1.50", "", "eno1", 50),
        ("eno1.50", "vlan-raw-device eno1\n    vlan-id 50", "eno1", 50),  # redundant lines agree
        ("bond0.100.10", "", "bond0.100", 10),  # QinQ: the parent is all before the last dot
        ("vlan20", "vlan-raw-device bond0", "bond0", 20),
        ("mgmt", "vlan_id 30\n    vlan-raw-device eno2", "eno2", 30),
    ],
)
def test_vlan_identity(name, options, raw, vid):
    text = f"iface {name} inet manual\n    {options}\n" if options else f"iface {name} inet manual\n"
    vlan = parse(text).get(name).vlan
    assert (vlan.raw_device, vlan.vlan_id) == (raw, vid)


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("eno1.50", "vlan-id 51"),
        ("eno1.50", "vlan-raw-device eno2"),
        ("vlan20", "vlan-raw-device eno1\n    vlan-id 21"),
    ],
)
def test_vlan_lines_that_contradict_the_name_keep_the_stanza_verbatim(name, options):
    iface = parse(f"iface {name} inet manual\n    {options}\n").get(name)
    assert iface.kind == Kind.OTHER and iface.vlan is None and iface.inet.options


def test_vlan_protocol_is_kept_even_when_invalid_for_the_rules():
    assert parse("iface eno1.5 inet manual\n    vlan-protocol 802.1x\n").get("eno1.5").vlan.protocol == "802.1x"


def test_proxmox_sorted_options_go_to_the_first_stanza():
    eno1 = net(
        """\
        iface eno1 inet6 static
            address fd00::2/64
            bridge-learning off
        iface eno1 inet static
            address 10.0.0.2/24
        """
    ).get("eno1")
    assert eno1.inet.options == [("bridge-learning", "off")]
    assert eno1.inet6.options == []


# --- Comments and global lines -----------------------------------------------------------


def test_comments_inside_and_right_after_a_stanza_belong_to_it_and_top_level_ones_vanish():
    network = net(
        """\
        # top level, dropped
        iface eno1 inet manual
        #first
            # indented
            mtu 1500
        # right after

        # dropped too
        iface eno1 inet6 manual
        # from inet6
        """
    )
    assert network.get("eno1").comments == ["first", " indented", " right after", " from inet6"]


def test_inet6_comments_follow_the_others_even_when_their_stanza_comes_first():
    eno1 = net("iface eno1 inet6 manual\n#six\niface eno1 inet manual\n#four\n").get("eno1")
    assert eno1.comments == ["four", "six"]


def test_mapping_blocks_and_allow_lines_are_global_lines():
    network = net(
        """\
        mapping eth0
            script /usr/local/sbin/map-scheme
            map HOME eth0-home

        allow-vmbr1 eno2
        """
    )
    assert [g.text for g in network.global_lines] == [
        "mapping eth0",
        "script /usr/local/sbin/map-scheme",
        "map HOME eth0-home",
        "allow-vmbr1 eno2",
    ]


def test_a_repeated_stanza_is_merged_and_recorded():
    network = net(
        """\
        iface eno3 inet manual

        iface eno3 inet static
            address 10.1.1.1/24
            mtu 9000
        iface eno3 inet6 static
            address fd00::3/64
        """
    )
    eno3 = network.get("eno3")
    assert [i.name for i in network.interfaces].count("eno3") == 1
    assert (eno3.inet.method, eno3.inet.address, eno3.mtu, eno3.inet6.address) == (
        "static",
        "10.1.1.1/24",
        9000,
        "fd00::3/64",
    )
    assert network.duplicate_stanzas == [] and network.repeated_stanzas == []
    assert network.method_conflicts == [("eno3", "manual", 1, "static", 3)]


def test_a_stanza_pasted_twice_is_recorded_as_a_repeat():
    network = net("iface eno3 inet manual\n    mtu 9000\n\niface eno3 inet manual\n    mtu 9000\n")
    assert network.repeated_stanzas == [("eno3", 4)] and network.method_conflicts == []


def test_a_repeated_modelled_option_keeps_the_first_and_sets_the_rest_aside():
    eno1 = parse("iface eno1 inet manual\n    mtu 1500\n    mtu 9000\n").get("eno1")
    assert (eno1.mtu, eno1.inet.options) == (1500, [("mtu", "9000")])


def test_windows_line_ends_are_read():
    assert parse("auto eno1\r\niface eno1 inet manual\r\n    mtu 9000\r\n").get("eno1").mtu == 9000


# --- Refusals --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        ("iface eno1 inet manual\n    foobar\n", 2, "expected 'OPTION VALUE'"),
        ("auto lo\niface lo inet loopback\n\nauto eno1\n    address 1.2.3.4/24\n", 5, "outside any stanza"),
        ("hello world\n", 1, "expected 'iface', 'auto', 'source' or 'mapping'"),
        ("iface eno1 inet manual\n    post-up echo a \\\n    mtu 1500\n", 2, "backslash"),
        ("iface eno1 inet manual\n    alias a\rb\n", 2, "U+000D"),
        ("iface eno1 inet manual\n    alias a\u2028b\n", 2, "U+2028"),
        ("iface eno1 inet manual\n    alias a\x85b\n", 2, "U+0085"),
        ("iface eno1 inet manual\n    alias a\xa0b\n", 2, "U+00A0"),
        ("iface eno1 inet manual\n    alias a\x00b\n", 2, "U+0000"),
        ("\ufeffauto lo\n", 1, "U+FEFF"),
        ("iface eno1 inet\n", 1, "expected 'iface NAME'"),
        ("iface\n", 1, "expected 'iface NAME'"),
        ("iface eno1 ipx static\n", 1, "inet or inet6"),
        ("iface eno1 inet bogus\n", 1, "expected a method"),
        ("auto\n", 1, "at least one interface name"),
        ("source\n", 1, "expected an argument"),
        ("vlan v10\n", 1, "'vlan' stanza"),
        ("iface eno1 inet static\n    netmask 24\n    netmask 16\n", 3, "second, different netmask"),
    ],
)
def test_refused_lines_name_the_line_and_what_was_expected(text, line, expected):
    with pytest.raises(ParseError) as caught:
        parse(text)
    assert caught.value.line == line
    assert expected in caught.value.message
    assert str(caught.value).startswith(f"line {line}: ")


def test_a_parse_error_is_a_value_error():
    assert issubclass(ParseError, ValueError)


def test_comments_may_hold_any_printable_text():
    eno1 = parse("iface eno1 inet manual\n# 100% über $IFACE; ok #2\n").get("eno1")
    assert eno1.comments == [" 100% über $IFACE; ok #2"]


@pytest.mark.parametrize("indent", ["\t", "  \t", "\t ", "    "])
def test_tabs_and_spaces_before_a_comment_are_indentation(indent):
    # Tab-indented comments inside stanzas are common in hand-written files; they were refused.
    network = parse(f"auto vmbr0\niface vmbr0 inet manual\n{indent}# uplink\n\tbridge-ports none\n{indent}#after\n")
    assert network.get("vmbr0").comments == [" uplink", "after"]


def test_a_control_character_inside_a_comment_is_still_refused():
    with pytest.raises(ParseError, match=re.escape("line 2: found the character U+0007 (control character)")):
        parse("iface eno1 inet manual\n\t# bell\x07\n")


def test_an_option_commented_out_keeps_its_tab():
    # Putting '#' before a tab-indented option is how admins switch it off (issue 15, item 1).
    network = parse("auto eno1\niface eno1 inet manual\n#\taddress 10.0.0.9/24\n\tmtu 9000\n")
    assert network.get("eno1").comments == ["\taddress 10.0.0.9/24"]
    written = render(network)
    assert "\tmtu 9000\n#\taddress 10.0.0.9/24\n" in written
    assert render(parse(written)) == written


def test_empty_comments_at_the_end_of_a_stanza_are_dropped_as_proxmox_drops_them():
    # Issue 15, item 7: Proxmox keeps an empty '#' between comments but not at the end.
    network = parse("iface eno1 inet manual\n#one\n#\n#two\n#\n\t#\n")
    assert network.get("eno1").comments == ["one", "", "two"]
    written = render(network)
    assert "#one\n#\n#two\n\n" in written
    network.get("eno1").comments.append("")
    assert render(network) == written


def test_an_option_netwizard_does_not_model_is_kept_byte_for_byte():
    # Issue 15, item 8: Proxmox keeps such a line as written, spaces included.
    text = "iface eno1 inet manual\n\tpost-up   ethtool -K eno1  tso off\n\tdns-search  a.example   b.example\n"
    network = parse(text)
    assert network.get("eno1").inet.options == [
        ("post-up", "  ethtool -K eno1  tso off"),
        ("dns-search", " a.example   b.example"),
    ]
    written = render(network)
    assert "\tpost-up   ethtool -K eno1  tso off\n\tdns-search  a.example   b.example\n" in written
    assert render(parse(written)) == written


def test_a_tab_between_an_unknown_option_and_its_value_is_read_as_one_space():
    network = parse("iface eno1 inet manual\n\tpost-up\t\techo  up\n")
    assert network.get("eno1").inet.options == [("post-up", "echo  up")]


NAT_AS_COPIED = """\
auto vmbr0
iface vmbr0 inet static
\taddress 10.10.10.1/24
\tbridge-ports none
\tbridge-stp off
\tbridge-fd 0

\tpost-up echo 1 > /proc/sys/net/ipv4/ip_forward
# a top-level comment does not end it either
\tpost-up iptables -t nat -A POSTROUTING -s 10.10.10.0/24 -o eno1 -j MASQUERADE

auto vmbr1
iface vmbr1 inet manual
\tbridge-ports none
"""


def test_option_lines_after_a_blank_line_stay_in_the_stanza_as_ifupdown2_reads_them():
    # Issue 15, item 14: the NAT example of Proxmox's guide as people paste it.
    network = parse(NAT_AS_COPIED)
    assert [k for k, _ in network.get("vmbr0").inet.options] == ["post-up", "post-up"]
    assert network.options_after_blank == [("vmbr0", 8)]
    written = render(network)
    assert "\tbridge-fd 0\n\tpost-up echo 1 > /proc/sys/net/ipv4/ip_forward\n\tpost-up iptables" in written
    assert render(parse(written)) == written and parse(written).options_after_blank == []


def test_an_option_line_after_a_keyword_line_is_still_refused():
    with pytest.raises(ParseError, match="line 3"):
        parse("iface eno1 inet manual\nauto eno1\n\tmtu 9000\n")
    with pytest.raises(ParseError, match="line 1"):
        parse("\tmtu 9000\n")


@pytest.mark.parametrize(
    ("text", "name", "key", "line"),
    [
        ("iface eno1 inet manual\n    mtu 9k\n", "eno1", "mtu", 2),
        ("iface bond0 inet manual\n    bond-miimon 100 garbage\n", "bond0", "bond-miimon", 2),
        (
            "iface vmbr0 inet manual\n    bridge-ports none\n    bridge-vlan-aware maybe\n",
            "vmbr0",
            "bridge-vlan-aware",
            3,
        ),
        ("iface eno1 inet static\n    address 10.0.0.1\n    netmask 255.0.255.0\n", "eno1", "netmask", 3),
        ("iface eno1 inet static\n    address 10.0.0.1 junk\n", "eno1", "address", 2),
    ],
)
def test_a_value_its_field_cannot_take_is_read_kept_and_refused_by_the_writer(text, name, key, line):
    # Issue 15, item 12: the host runs this file today; import takes it and lint names the
    # line. Writing it out would hand ifupdown2 a value it refuses, so the writer does not.
    network = parse(text)
    assert [(n, k, ln) for n, k, _, ln, _ in network.unread_values] == [(name, key, line)]
    assert key in [k for f in network.get(name).families for k, _ in f.options]
    with pytest.raises(UnsafeValueError, match=key):
        render(network)


def test_a_comment_ending_in_a_backslash_is_read_and_the_joined_line_recorded():
    # ifupdown2 reads the next line as part of the comment; Proxmox reads it (issue 15).
    network = parse("auto eno1\niface eno1 inet static\n# uplink \\\n\taddress 10.0.0.5/24\n")
    assert network.get("eno1").inet.address == "10.0.0.5/24"
    assert network.lines_joined_to_comments == [(3, "address 10.0.0.5/24")]
    assert parse("# a comment \\\nauto eno1\n").lines_joined_to_comments == [(1, "auto eno1")]
    assert parse("# top \\\n\nauto eno1\n").lines_joined_to_comments == []  # a blank line loses nothing


def test_bond_lacp_rate_keeps_its_place_among_the_options_netwizard_does_not_model():
    # Issue 15, item 9: Proxmox does not know bond-lacp-rate and keeps it in file order.
    text = (
        "auto bond0\niface bond0 inet manual\n\tbond-slaves eno1 eno2\n\tbond-mode 802.3ad\n"
        "\tbond-downdelay 200\n\tbond-lacp-rate fast\n\tbond-updelay 200\n"
    )
    network = parse(text)
    assert network.get("bond0").bond.lacp_rate_position == 1
    written = render(network)
    assert "\tbond-downdelay 200\n\tbond-lacp-rate fast\n\tbond-updelay 200\n" in written
    assert render(parse(written)) == written
    # First among them, the place is not recorded: where a new bond's line goes too.
    first = parse(text.replace("\tbond-downdelay 200\n", ""))
    assert first.get("bond0").bond.lacp_rate_position is None
