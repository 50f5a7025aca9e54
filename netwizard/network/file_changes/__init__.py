"""What putting a new interfaces file on a host changes there, line by line, and why.

    file_changes(running, written) -> FileChanges

`running` is the file the host runs today (as imported), `written` the file netwizard
writes now. Both are cut into stanzas, auto marks, global lines and comments the way
Proxmox reads them (`interfaces_file.parse.read_document`), and every line that differs ends up
in exactly one `Change`, or is counted as layout (indentation and spacing only). Each
change has a kind with a one-line reason, and says whether it can take its interface
down (`risky`). The lock-out warnings, the "changes" summary and "no changes" are all
read from this one comparison.

A change is harmless only when it is one of the writer's known, meaning-preserving
moves (an `auto` line for a bond member, members sorted, a netmask folded into the
address, a default written out, an option the kernel ignores for the bond's mode left
out, comments, order, spelling). Anything else is an edit and counts as risky.
"""

from .changes import (
    ADDED,
    ARRANGEMENT,
    AUTO_ADDED,
    AUTO_LINES,
    AUTO_REMOVED,
    AUTO_WORD,
    COMMENT,
    DEFAULT,
    EDITED,
    GLOBAL,
    KINDS,
    MEMBER_AUTO,
    MEMBERS_ORDER,
    MERGED,
    MODE_NAME,
    NETMASK,
    NOT_FOR_MODE,
    ORDER,
    PVE_DROPS,
    REASONS,
    REMOVED,
    RISKY,
    SPELLING,
    STANZA_ORDER,
    TOP_COMMENT,
    Change,
    ChangeGroup,
    FileChanges,
)
from .compare import file_changes

__all__ = [
    "ADDED",
    "ARRANGEMENT",
    "AUTO_ADDED",
    "AUTO_LINES",
    "AUTO_REMOVED",
    "AUTO_WORD",
    "COMMENT",
    "DEFAULT",
    "EDITED",
    "GLOBAL",
    "KINDS",
    "MEMBERS_ORDER",
    "MEMBER_AUTO",
    "MERGED",
    "MODE_NAME",
    "NETMASK",
    "NOT_FOR_MODE",
    "ORDER",
    "PVE_DROPS",
    "REASONS",
    "REMOVED",
    "RISKY",
    "SPELLING",
    "STANZA_ORDER",
    "TOP_COMMENT",
    "Change",
    "ChangeGroup",
    "FileChanges",
    "file_changes",
]
