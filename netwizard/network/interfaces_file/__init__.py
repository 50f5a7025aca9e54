"""Read and write /etc/network/interfaces the way Proxmox VE does.

    parse(text) -> HostNetwork      lossless: what netwizard does not model is kept verbatim
    render(network) -> str          Proxmox's canonical form, with netwizard's own header

`render(parse(text))` is netwizard's canonical form of a file: rendering it again
changes nothing, and for a file Proxmox wrote it is that file (header apart). The work
is split by concern:

- `syntax`         characters, keywords, option names and Proxmox's type classification
- `parse`          text -> HostNetwork (ParseError names the line)
- `on_host`        what Proxmox completes on the host: NICs the file names, OVS ports
- `order`          the order of stanzas and global lines Proxmox settles on
- `render`         HostNetwork -> text, refusing unsafe values (UnsafeValueError)
- `unmodelled`     how Proxmox orders the options of OVS, vxlan and other kept stanzas
- `root_commands`  the lines that run a program or include files as root (kept, never written)
"""

from .parse import ParseError, parse
from .render import UnsafeValueError, render

__all__ = ["ParseError", "UnsafeValueError", "parse", "render"]
