"""How long linting a large host takes: `rules.check` alone, and parse + check of its file.

Run from the project root: `.venv/bin/python bench/lint_bench.py [--interfaces 5000] [--rounds 10]`.
Prints the best and median wall time; the target is well under a second for 5,000 interfaces.
It also times a doubled host, so a rule that is not linear shows up as a ratio far above 2.
"""

from __future__ import annotations

import argparse
import statistics
import time

from netwizard.network.model import BondSettings, BridgeSettings, Family, HostNetwork, Interface, Kind, VlanSettings
from netwizard.network.rules import Context, SwitchFacts, check


def big_host(size: int) -> HostNetwork:
    """`size` interfaces in blocks of ten: 4 NICs, an active-backup and an LACP bond, a
    bridge on each, a VLAN on the VLAN-aware bridge and one on the LACP bond; every other
    block carries the cluster network, and a few blocks carry defects, so every rule
    family has work to do."""
    interfaces = [Interface("lo", Kind.LOOPBACK, autostart=True, inet=Family("loopback"))]
    block = 0
    while len(interfaces) < size:
        n = block
        a, b, c, d = (f"enp{n}s0f{i}" for i in range(4))
        net = f"10.{n // 250}.{n % 250}"
        interfaces += [
            Interface(x, Kind.NIC, autostart=True, inet=Family(), switch=sw, speed_mbps=25000)
            for x, sw in ((a, "leaf-a"), (b, "leaf-b"), (c, "core-1"), (d, "core-2"))
        ]
        interfaces += [
            Interface(f"bond{2 * n}", Kind.BOND, inet=Family(), bond=BondSettings([a, b], "active-backup", 100)),
            Interface(
                f"bond{2 * n + 1}",
                Kind.BOND,
                inet=Family(options=[("bond-lacp-rate", "fast")]),
                mtu=9000 if n % 7 else 1500,  # every 7th block: members at 9000 under a 1500 bond (BOND-07)
                bond=BondSettings([c, d], "802.3ad" if n % 5 else "balance-rr", 100, "layer2+3"),
            ),
            Interface(
                f"vmbr{2 * n}",
                Kind.BRIDGE,
                inet=Family("static", f"{net}.2/26", f"{net}.1" if n == 0 else ""),
                bridge=BridgeSettings([f"bond{2 * n}"], "off", 0),
                carries_cluster=n % 2 == 0,
            ),
            Interface(
                f"vmbr{2 * n + 1}",
                Kind.BRIDGE,
                inet=Family(),
                bridge=BridgeSettings([f"bond{2 * n + 1}"], "off", 0, True, "2-4094"),
            ),
            Interface(
                f"vmbr{2 * n + 1}.50",
                Kind.VLAN,
                inet=Family("static", f"{net}.66/26"),
                vlan=VlanSettings(f"vmbr{2 * n + 1}", 50),
            ),
            Interface(
                f"bond{2 * n + 1}.60",
                Kind.VLAN,
                inet=Family("static", f"{net}.130/26", options=[("post-up", "true")] if n % 11 == 0 else []),
                mtu=9000,
                vlan=VlanSettings(f"bond{2 * n + 1}", 60),
            ),
        ]
        for nic in interfaces[-10:-6]:
            nic.mtu = 9000 if nic.name in (c, d) else None
        block += 1
    return HostNetwork(interfaces[:size])


SWITCHES = {
    "leaf-a": SwitchFacts(lacp=False),
    "leaf-b": SwitchFacts(lacp=False),
    "core-1": SwitchFacts(lacp=True, stack="core"),
    "core-2": SwitchFacts(lacp=True, stack="core"),
}


def timed(fn, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def report(label: str, times: list[float]) -> float:
    best, median = min(times), statistics.median(times)
    print(f"{label:<38} best {best * 1000:8.1f} ms   median {median * 1000:8.1f} ms")
    return median


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--interfaces", type=int, default=5000)
    ap.add_argument("--rounds", type=int, default=10)
    args = ap.parse_args()

    network = big_host(args.interfaces)
    context = Context.build(network, switches=SWITCHES)
    findings = check(network, context)
    counts = {s: sum(f.severity == s for f in findings) for s in ("error", "warning", "info")}
    print(f"{len(network.interfaces)} interfaces, {len(findings)} findings {counts}")

    single = report(f"check, {args.interfaces} interfaces", timed(lambda: check(network, context), args.rounds))
    double_net = big_host(2 * args.interfaces)
    double_ctx = Context.build(double_net, switches=SWITCHES)
    double = report(
        f"check, {2 * args.interfaces} interfaces", timed(lambda: check(double_net, double_ctx), args.rounds)
    )
    print(f"doubling the host costs x{double / single:.2f} (linear: about 2)")

    try:
        from netwizard.network.interfaces_file import parse, render
    except ImportError:
        print("interfaces_file not available: parse + check not measured")
        return
    text = render(network)

    def lint() -> None:
        parsed = parse(text)
        check(parsed, Context.build(parsed, switch_lacp="yes"))

    print(f"file: {len(text.splitlines())} lines, {len(text) // 1024} KiB")
    report(f"parse + check, {args.interfaces} interfaces", timed(lint, args.rounds))


if __name__ == "__main__":
    main()
