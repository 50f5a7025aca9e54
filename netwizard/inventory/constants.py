"""Bounds and grammars shared by the models, the forms and the services."""

VLAN_ID_MIN = 1
VLAN_ID_MAX = 4094  # 0 is priority tagging and 4095 is reserved

# Database bounds: ifupdown2's lower limit and Proxmox's upper one. The rules are
# stricter (ifupdown2 rejects anything above 9216) and explain why.
MTU_MIN = 552
MTU_MAX = 65520

BOND_MIIMON_MAX = 255  # ifupdown2 3.0 refuses larger values
BRIDGE_FD_MAX = 255

IFNAME_MAX_LENGTH = 15  # IFNAMSIZ is 16 bytes including the terminating NUL

# The grammars are anchored with \A and \Z, not ^ and $: in Python "$" also matches
# before a final newline, which would let "eno1\n" through. PostgreSQL knows \A and \Z.
#
# Characters a name may use anywhere it can reach the interfaces file. No whitespace,
# backslash, '#', '$', '%', '/', quotes or control characters: each of those either
# changes how ifupdown2 reads the line or is refused by the kernel.
IFNAME_REGEX = r"\A[A-Za-z0-9_][A-Za-z0-9_.:+-]{0,14}\Z"  # length too: SQLite ignores max_length
# A Proxmox node name is a single DNS label.
HOSTNAME_REGEX = r"\A[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\Z"
CLUSTER_NAME_REGEX = r"\A[A-Za-z0-9][A-Za-z0-9_-]*\Z"
# A MAC address as the services store it: lower case, colon-separated.
MAC_REGEX = r"\A[0-9a-f]{2}(?::[0-9a-f]{2}){5}\Z"
