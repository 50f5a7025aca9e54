"""Bounds and grammars shared by the models, the forms and the services."""

from netwizard.network import bonding

VLAN_ID_MIN = 1
VLAN_ID_MAX = 4094  # 0 is priority tagging and 4095 is reserved

# Database bounds: ifupdown2's lower limit and Proxmox's upper one. The rules are
# stricter (ifupdown2 rejects anything above 9216) and explain why.
MTU_MIN = 552
MTU_MAX = 65520

BOND_MIIMON_MAX = bonding.MIIMON_MAX  # ifupdown2 3.0 refuses larger values
BRIDGE_FD_MAX = 255

IFNAME_MAX_LENGTH = 15  # IFNAMSIZ is 16 bytes including the terminating NUL
# What the inventory stores. An imported file may name a longer interface: the host runs
# that file today (the kernel refuses only that interface), so the import keeps the name
# and the rules flag it (NAME-01), which also keeps every other write from adding one.
IFNAME_STORED_MAX_LENGTH = 64

# The grammars are anchored with \A and \Z, not ^ and $: in Python "$" also matches
# before a final newline, which would let "eno1\n" through. The regular expressions run in
# Python (field validators, forms); the database checks the same grammars without them.
#
# Characters a name may use anywhere it can reach the interfaces file. No whitespace,
# backslash, '#', '$', '%', '/', quotes or control characters: each of those either
# changes how ifupdown2 reads the line or is refused by the kernel.
IFNAME_REGEX = r"\A[A-Za-z0-9_][A-Za-z0-9_.:+-]{0,14}\Z"  # length too
IFNAME_STORED_REGEX = r"\A[A-Za-z0-9_][A-Za-z0-9_.:+-]{0,63}\Z"
# A Proxmox node name is a single DNS label.
HOSTNAME_REGEX = r"\A[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\Z"
CLUSTER_NAME_REGEX = r"\A[A-Za-z0-9][A-Za-z0-9_-]*\Z"

# The same two grammars as character sets, for the database's CHECK constraints: REGEXP
# exists only in Django's own SQLite connections (not in the sqlite3 tool), so the
# constraints use TRIM, LENGTH and LIKE instead (models.validators.name_grammar).
_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
IFNAME_CHARS = _ALNUM + "_.:+-"
IFNAME_NOT_FIRST = ".:+-"
HOSTNAME_CHARS = _ALNUM + "-"
HOSTNAME_MAX_LENGTH = 63

# A MAC address as the services store it: lower case, colon-separated.
MAC_REGEX = r"\A[0-9a-f]{2}(?::[0-9a-f]{2}){5}\Z"

# Import bounds. A Proxmox node has a few dozen interfaces (a large one, with a VLAN per
# guest network, a few hundred); 10,000 is far above any real host, yet keeps an import
# within a second or two and a web worker well inside its timeout. A file of 256 KiB holds
# about 7,000 typical stanzas (an interfaces file is a few KiB); the web form and
# `manage.py importinterfaces` refuse a larger file before reading it whole.
MAX_INTERFACES_PER_HOST = 10_000
MAX_FILE_BYTES = 256 * 1024
