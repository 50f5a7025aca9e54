"""Read and write /etc/network/interfaces the way Proxmox VE does.

    parse(text) -> HostNetwork      lossless: what netwizard does not model is kept verbatim
    render(network) -> str          Proxmox's canonical form, with netwizard's own header

`render(parse(text))` is netwizard's canonical form of a file: rendering it again
changes nothing, and for a file Proxmox wrote it is that file (header apart). The work
is split by concern:

- `ifile_syntax`  characters, keywords, option names and Proxmox's type classification
- `ifile_parse`   text -> HostNetwork (ParseError names the line)
- `ifile_order`   the order of stanzas and global lines Proxmox settles on
- `ifile_render`  HostNetwork -> text, refusing unsafe values (UnsafeValueError)
"""

from .ifile_parse import ParseError, parse
from .ifile_render import UnsafeValueError, render

__all__ = ["ParseError", "UnsafeValueError", "parse", "render"]
