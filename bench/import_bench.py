"""Importing a large interfaces file through the services, as the web form and
`manage.py importinterfaces` do (issue 13: 5,000 interfaces in under 2 s).

The file is `commands.big_file`: NICs, active-backup and LACP bonds with a primary,
bridges, VLANs on bonds and bridges, tabs, comments and an unknown option. Each run
imports it into a host that does not exist yet, then imports it again over that host
(`host_reimport`, which also deletes the old interfaces); runs alternate, and the
median counts. The review the page shows after an import is timed on its own.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench import commands

TARGET_SECONDS = 2.0
HOST = "bench-import"


@dataclass
class Runs:
    label: str
    wall: list[float]
    cpu: list[float]
    queries: int = 0

    @property
    def median(self) -> float:
        return statistics.median(self.wall)


def _timed(runs: Runs, call) -> None:
    wall, cpu = time.perf_counter(), time.process_time()
    with CaptureQueriesContext(connection) as queries:
        call()
    runs.wall.append(time.perf_counter() - wall)
    runs.cpu.append(time.process_time() - cpu)
    runs.queries = len(queries)


def measure(size: int, rounds: int) -> tuple[str, list[Runs]]:
    from netwizard.inventory import selectors, services
    from netwizard.inventory.models import Host
    from netwizard.network.interfaces_file import parse

    text = commands.big_file(size)
    fresh = Runs("parse + import into a new host", [], [])
    again = Runs("parse + re-import over it (`host_reimport`)", [], [])
    review = Runs("the review shown after the import (`host_review`)", [], [])
    count = 0
    for _ in range(rounds):
        Host.objects.filter(name=HOST).delete()

        def first() -> None:
            nonlocal count
            network = parse(text)
            count = len(network.interfaces)
            services.host_import_interfaces(name=HOST, network=network, text=text)

        _timed(fresh, first)
        host = Host.objects.get(name=HOST)
        _timed(again, lambda host=host: services.host_reimport(host=host, network=parse(text), text=text))
        _timed(review, lambda: selectors.host_review(host=Host.objects.get(name=HOST)))
    Host.objects.filter(name=HOST).delete()
    size_kib = len(text.encode()) // 1024
    return f"{count} interfaces, {size_kib} KiB", [fresh, again, review]


def import_table(size: int, rounds: int, targets: list) -> list[str]:
    described, runs = measure(size, rounds)
    lines = [
        f"Import of a generated file ({described}) through the services on SQLite, {rounds} runs, median "
        "and best wall time, CPU time of the median run's process, queries of the last run:",
        "",
        "| step | median s | best s | CPU s (median) | queries |",
        "|---|---:|---:|---:|---:|",
    ]
    for run in runs:
        lines.append(
            f"| {run.label} | {run.median:.2f} | {min(run.wall):.2f} | {statistics.median(run.cpu):.2f} | "
            f"{run.queries} |"
        )
    fresh, again = runs[0], runs[1]
    targets.append(
        (
            f"{described.split(',')[0]} imported in under {TARGET_SECONDS:g} s",
            fresh.median < TARGET_SECONDS and again.median < TARGET_SECONDS,
            f"new host {fresh.median:.2f} s, re-import {again.median:.2f} s (medians)",
        )
    )
    return [*lines, ""]
