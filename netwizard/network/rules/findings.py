"""A finding: one thing wrong or worth knowing about a host's network."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITIES = (ERROR, WARNING, INFO)
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}  # errors first when sorting


@dataclass(frozen=True)
class Finding:
    code: str  # stable: scripts, tests and the catalogue in bonding-rules.md §7 refer to it
    severity: str  # "error" blocks saving and rendering, "warning" is shown, "info" is advice
    interface: str  # "" for findings about the whole host
    message: str  # what is wrong, in words a Proxmox admin uses
    hint: str  # what to change
    # The node a finding belongs to when several hosts are checked together (cluster
    # rules, `lintinterfaces --cluster`); "" for a single host or the cluster as a whole.
    host: str = ""

    def as_dict(self) -> dict[str, str]:
        data = asdict(self)
        # A single host's JSON keeps exactly the five keys scripts already read.
        if not data.pop("host"):
            return data
        return {"code": data["code"], "severity": data["severity"], "host": self.host, **data}

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


_CODE = re.compile(r"([A-Z]+)-(\d+)")


def code_key(code: str) -> tuple[str, int]:
    """Sorts codes by family, then number: BOND-9 before BOND-10."""
    m = _CODE.fullmatch(code)
    return (m.group(1), int(m.group(2))) if m else (code, 0)


class Findings:
    """Collects findings while the rules run; `sorted()` gives the order users see."""

    def __init__(self, order: dict[str, int]):
        self._order = order  # interface name -> place in the network, for a stable order
        self._items: list[Finding] = []
        self._seen: set[tuple[str, str, str]] = set()

    def add(self, code: str, severity: str, interface: str, message: str, hint: str) -> None:
        key = (code, interface, message)
        if key in self._seen:  # two paths to the same defect report it once
            return
        self._seen.add(key)
        self._items.append(Finding(code, severity, interface, message, hint))

    def error(self, code: str, interface: str, message: str, hint: str) -> None:
        self.add(code, ERROR, interface, message, hint)

    def warning(self, code: str, interface: str, message: str, hint: str) -> None:
        self.add(code, WARNING, interface, message, hint)

    def info(self, code: str, interface: str, message: str, hint: str) -> None:
        self.add(code, INFO, interface, message, hint)

    def sorted(self) -> list[Finding]:
        # Errors first, then by the interface's place in the file (host-level findings
        # first), then by code, so the same network always gives the same list.
        def key(f: Finding) -> tuple[int, int, tuple[str, int], str]:
            return (SEVERITY_RANK[f.severity], self._order.get(f.interface, -1), code_key(f.code), f.message)

        return sorted(self._items, key=key)
