"""`formatinterfaces` and `lintinterfaces` on a large file, against ifupdown2 parsing the same file.

Whole commands are timed (interpreter start included, as a user runs them) after one
untimed run of each, several runs each, interleaved so a busy moment hits all of them
alike; the median is reported.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def big_file(size: int) -> str:
    """About `size` interfaces in blocks of ten, a file ifupdown2 accepts as it is.

    Each block: four NICs, an active-backup bond and an LACP bond, a bridge on each,
    a VLAN on the LACP bond and one on the first bridge; addresses, comments and an
    unknown option. ifupdown2 allows one VLAN-aware bridge, so only vmbr0 is.
    """
    out = ["auto lo", "iface lo inet loopback", ""]
    count, n = 1, 0
    while count < size:
        nics = [f"enp{n}s0f{i}" for i in range(4)]
        net = f"{n // 250}.{n % 250}"
        for i, nic in enumerate(nics):
            out += [f"iface {nic} inet manual", *(["\tmtu 9000"] if i >= 2 else []), ""]
        out += [
            f"auto bond{2 * n}",
            f"iface bond{2 * n} inet static",
            f"\taddress 10.{net}.2/26",
            f"\tbond-slaves {nics[0]} {nics[1]}",
            "\tbond-miimon 100",
            "\tbond-mode active-backup",
            f"\tbond-primary {nics[0]}",
            f"#storage link {n}",
            "",
            f"auto bond{2 * n + 1}",
            f"iface bond{2 * n + 1} inet manual",
            f"\tbond-slaves {nics[2]} {nics[3]}",
            "\tbond-miimon 100",
            "\tbond-mode 802.3ad",
            "\tbond-xmit-hash-policy layer3+4",
            "\tmtu 9000",
            "",
            f"auto vmbr{2 * n}",
            f"iface vmbr{2 * n} inet static",
            f"\taddress 172.{16 + n // 250}.{n % 250}.2/24",
            *([f"\tgateway 172.{16 + n // 250}.{n % 250}.1"] if n == 0 else []),
            f"\tbridge-ports bond{2 * n + 1}",
            "\tbridge-stp off",
            "\tbridge-fd 0",
            *(["\tbridge-vlan-aware yes", "\tbridge-vids 2-4094"] if n == 0 else []),
            "",
            f"auto vmbr{2 * n + 1}",
            f"iface vmbr{2 * n + 1} inet manual",
            "\tbridge-ports none",
            "\tbridge-stp off",
            "\tbridge-fd 0",
            f"#guests of block {n}",
            "",
            f"auto bond{2 * n + 1}.{100 + n % 3000}",
            f"iface bond{2 * n + 1}.{100 + n % 3000} inet static",
            f"\taddress 10.{100 + n // 250}.{n % 250}.2/24",
            "\tmtu 9000",
            "",
            f"auto vlan{n % 4000 + 2}",
            f"iface vlan{n % 4000 + 2} inet manual",
            f"\tvlan-raw-device vmbr{2 * n}",
            f"\thwaddress 52:54:00:00:{n // 256:02x}:{n % 256:02x}",
            "",
        ]
        count += 10
        n += 1
    return "\n".join(out)


@dataclass(frozen=True)
class Timing:
    label: str
    runs: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    @property
    def best(self) -> float:
        return min(self.runs)


def _timed(command: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    return time.perf_counter() - start, done.returncode, done.stderr


def compare(path: Path, *, runs: int, env: dict[str, str]) -> list[Timing]:
    """Median wall time of each command over `runs` interleaved runs: format, lint, format of a
    two-line file (what starting Python and Django costs), and ifquery, last."""
    manage = [sys.executable, str(ROOT / "manage.py")]
    tiny = path.with_name("interfaces-tiny")
    tiny.write_text("auto lo\niface lo inet loopback\n")
    ifquery = shutil.which("ifquery") or "/usr/sbin/ifquery"
    commands = {
        "formatinterfaces": ([*manage, "formatinterfaces", str(path)], {0}),
        "lintinterfaces": ([*manage, "lintinterfaces", str(path)], {0, 1}),  # 1: error findings, expected
        "formatinterfaces, 2-line file (start-up)": ([*manage, "formatinterfaces", str(tiny)], {0}),
        "ifquery -a -i (ifupdown2)": ([ifquery, "-a", "-i", str(path)], {0}),
    }
    times: dict[str, list[float]] = {label: [] for label in commands}
    env = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}  # as installed: compiled once
    for command, _ok in commands.values():
        _timed(command, env)  # warm-up, not counted: bytecode written, files in the page cache
    for _ in range(runs):
        for label, (command, ok) in commands.items():
            seconds, code, stderr = _timed(command, env)
            if code not in ok:
                raise RuntimeError(f"{label} exited {code}: {stderr[-2000:]}")
            if label.startswith("ifquery") and "error" in stderr:
                raise RuntimeError(f"ifupdown2 did not accept the whole file: {stderr[:500]}")
            times[label].append(seconds)
    return [Timing(label, runs) for label, runs in times.items()]
