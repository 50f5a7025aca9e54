"""CPU time and queries per request, in this process, through Django's whole handler and middleware."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


@dataclass(frozen=True)
class Measure:
    cpu_ms: float  # best round's CPU time per request
    queries: int
    requests: int  # per round


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _round(client: Client, url: str, count: int) -> float:
    start = time.process_time()
    for _ in range(count):
        client.get(url)
    return (time.process_time() - start) / count


def measure_all(
    urls: list[str], client_of: Callable[[str], Client], *, rounds: int, round_seconds: float
) -> dict[str, Measure]:
    """Best of `rounds` rounds of CPU time per request for each URL; a round lasts about `round_seconds`.

    The rounds go round-robin over the URLs (bare view included), so when something else
    loads the machine for a while, it weighs on every page alike rather than on one.
    """
    counts, queries = {}, {}
    for url in urls:
        client = client_of(url)
        response = client.get(url)  # warm-up: caches, lazy imports, template loading
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}; the benchmark needs 200")
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        queries[url] = len(captured)  # now: the next request clears the connection's query log
        estimate = _round(client, url, 3)
        counts[url] = max(5, min(5000, int(round_seconds / max(estimate, 1e-6))))
    best = dict.fromkeys(urls, float("inf"))
    for _ in range(rounds):
        for url in urls:
            best[url] = min(best[url], _round(client_of(url), url, counts[url]))
    return {url: Measure(cpu_ms=best[url] * 1000, queries=queries[url], requests=counts[url]) for url in urls}


def measure_call(call: Callable[[], object], *, rounds: int, round_seconds: float) -> Measure:
    """Best of `rounds` rounds of CPU time per call of `call` (a write through the services, say)."""
    call()
    with CaptureQueriesContext(connection) as captured:
        call()
    start = time.process_time()
    for _ in range(3):
        call()
    estimate = (time.process_time() - start) / 3
    count = max(5, min(5000, int(round_seconds / max(estimate, 1e-6))))
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        for _ in range(count):
            call()
        best = min(best, (time.process_time() - start) / count)
    return Measure(cpu_ms=best * 1000, queries=len(captured), requests=count)
