"""How long reading and writing a large interfaces file takes (what `formatinterfaces` does).

Run from the project root: `.venv/bin/python bench/format_bench.py [--interfaces 5000] [--rounds 10]`.
Prints the best and median wall time of parse, render and parse + render; the target is
well under a second for 5,000 interfaces. A doubled file is timed too, so anything that
is not close to linear shows up as a ratio far above 2.

The file is written in a shuffled order with comments, unknown options and global lines,
so the writer has to do all its work: sort, settle the order, interleave, check values.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from netwizard.network.interfaces_file import parse, render
from netwizard.network.model import (
    BondSettings,
    BridgeSettings,
    Family,
    GlobalLine,
    HostNetwork,
    Interface,
    Kind,
    VlanSettings,
)


def big_file(size: int) -> str:
    """A file of about `size` interfaces in blocks of ten: 4 NICs, two bonds, two bridges
    (one VLAN-aware), two VLANs, with addresses, comments and unknown options."""
    interfaces = [Interface("lo", Kind.LOOPBACK, autostart=True, inet=Family("loopback"))]
    n = 0
    while len(interfaces) < size:
        nics = [f"enp{n}s0f{i}" for i in range(4)]
        interfaces += [Interface(name, Kind.NIC, inet=Family(), mtu=9000) for name in nics]
        interfaces += [
            Interface(
                f"bond{2 * n}",
                Kind.BOND,
                autostart=True,
                inet=Family(options=[("bond-updelay", "200")]),
                mtu=9000,
                bond=BondSettings(nics[:2], "active-backup", 100, primary=nics[0]),
            ),
            Interface(
                f"bond{2 * n + 1}",
                Kind.BOND,
                autostart=True,
                inet=Family(),
                mtu=9000,
                bond=BondSettings(nics[2:], "802.3ad", 100, "layer2+3", "fast"),
            ),
            Interface(
                f"vmbr{2 * n}",
                Kind.BRIDGE,
                autostart=True,
                inet=Family("static", f"10.{n % 250}.{n // 250}.2/24", options=[("hwaddress", "52:54:00:00:00:01")]),
                comments=[f" guests of block {n}"],
                bridge=BridgeSettings([f"bond{2 * n}"], vlan_aware=True, vids="2-4094"),
            ),
            Interface(f"vmbr{2 * n + 1}", Kind.BRIDGE, autostart=True, inet=Family(), bridge=BridgeSettings([])),
            Interface(
                f"vmbr{2 * n}.50",
                Kind.VLAN,
                autostart=True,
                inet=Family("static", f"172.16.{n % 250}.2/24"),
                vlan=VlanSettings(f"vmbr{2 * n}", 50),
            ),
            Interface(
                f"vlan{n + 2}",
                Kind.VLAN,
                autostart=True,
                inet=Family("static", f"192.168.{n % 250}.2/24", options=[("post-up", "/bin/true")]),
                mtu=9000,
                vlan=VlanSettings(f"bond{2 * n + 1}", n + 2),
            ),
        ]
        n += 1
    lines = [GlobalLine(f"source /etc/network/site{i}.d/*", 2 + i * len(interfaces) // 5) for i in range(5)]
    text = render(HostNetwork(interfaces=interfaces, global_lines=lines, hostname="bench"))
    # Shuffle the stanzas (and the global lines between them): a file as a person might
    # leave it, which the writer must bring back into Proxmox's order.
    header, body = text.split("\n\n", 1)
    blocks = body.rstrip("\n").split("\n\n")
    random.Random(1).shuffle(blocks)
    return header + "\n\n" + "\n\n".join(blocks) + "\n"


def timed(func, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return times


def report(label: str, times: list[float]) -> None:
    print(f"{label:<34} best {min(times) * 1000:8.1f} ms   median {statistics.median(times) * 1000:8.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--interfaces", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()

    for size in (args.interfaces, 2 * args.interfaces):
        text = big_file(size)
        network = parse(text)
        once = render(network)
        assert once != text and render(parse(once)) == once  # shuffled in, settled out, stable
        print(f"{len(network.interfaces)} interfaces, {text.count(chr(10))} lines")
        report("  parse", timed(lambda t=text: parse(t), args.rounds))
        report("  render", timed(lambda n=network: render(n), args.rounds))
        report("  parse + render (formatinterfaces)", timed(lambda t=text: render(parse(t)), args.rounds))


if __name__ == "__main__":
    main()
