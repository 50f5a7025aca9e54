"""Interfaces files that several test modules read, written once.

They follow the "bond as the port of vmbr0" example of Proxmox's bonding guide: two
NICs in an 802.3ad bond with the guide's options. A module that needs another bridge
writes only that bridge after `LACP_BOND`.
"""

LACP_BOND = """auto lo
iface lo inet loopback

iface eno1 inet manual

iface eno2 inet manual

auto bond0
iface bond0 inet manual
\tbond-slaves eno1 eno2
\tbond-miimon 100
\tbond-mode 802.3ad
\tbond-xmit-hash-policy layer2+3
"""

LACP_BOND_BRIDGE = (
    LACP_BOND
    + """
auto vmbr0
iface vmbr0 inet static
\taddress 10.10.10.2/24
\tgateway 10.10.10.1
\tbridge-ports bond0
\tbridge-stp off
\tbridge-fd 0
"""
)

# The same file imported with lines netwizard does not model: kept as written.
LACP_BOND_BRIDGE_KEPT_LINES = LACP_BOND_BRIDGE + "#kept as written\n\tpost-up echo kept\n"
