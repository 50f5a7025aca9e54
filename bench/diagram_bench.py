"""How long the topology diagram of a large host takes to build (layout plus SVG text).

Run from the project root: `.venv/bin/python bench/diagram_bench.py [--interfaces 200] [--rounds 20]`.
Prints the best and median wall time per render; the target is well under 100 ms for 200 interfaces.
"""

from __future__ import annotations

import argparse
import statistics
import time

from netwizard.network.diagram import SwitchFacts, render_svg
from netwizard.network.model import BondSettings, BridgeSettings, Family, HostNetwork, Interface, Kind, VlanSettings


def big_host(size: int) -> tuple[HostNetwork, dict[str, SwitchFacts]]:
    """A host of `size` interfaces: pairs of NICs on an MLAG pair, a bond per pair, a bridge per bond, VLANs on top."""
    interfaces: list[Interface] = []
    pair = 0
    while len(interfaces) < size:
        a, b = f"enp{pair}s0f0", f"enp{pair}s0f1"
        interfaces += [
            Interface(a, Kind.NIC, speed_mbps=25000, switch="leaf-a", switch_port=f"Eth1/{pair + 1}"),
            Interface(b, Kind.NIC, speed_mbps=25000, switch="leaf-b", switch_port=f"Eth1/{pair + 1}"),
            Interface(f"bond{pair}", Kind.BOND, bond=BondSettings([a, b], "802.3ad", 100, "layer2+3")),
            Interface(
                f"vmbr{pair}",
                Kind.BRIDGE,
                inet=Family("static", f"10.{pair}.0.2/24", f"10.{pair}.0.1"),
                bridge=BridgeSettings([f"bond{pair}"], "off", 0, True, "2-4094"),
            ),
        ]
        for vid in (10, 20, 30):
            interfaces.append(
                Interface(
                    f"vmbr{pair}.{vid}",
                    Kind.VLAN,
                    inet=Family("static", f"10.{pair}.{vid}.2/24"),
                    vlan=VlanSettings(f"vmbr{pair}", vid),
                )
            )
        pair += 1
    switches = {"leaf-a": SwitchFacts(lacp=True, stack="leaf"), "leaf-b": SwitchFacts(lacp=True, stack="leaf")}
    return HostNetwork(interfaces=interfaces[:size], hostname="bench"), switches


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interfaces", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    network, switches = big_host(args.interfaces)
    render_svg(network, switches=switches)  # warm-up
    times = []
    for _ in range(args.rounds):
        start = time.perf_counter()
        svg = render_svg(network, switches=switches)
        times.append((time.perf_counter() - start) * 1000)
    print(
        f"{len(network.interfaces)} interfaces: best {min(times):.1f} ms, median {statistics.median(times):.1f} ms"
        f" over {args.rounds} rounds; {len(svg) / 1024:.0f} KiB of SVG"
    )


if __name__ == "__main__":
    main()
