"""One clause of the cluster verdict: a thing the CLUSTER-* rules compare, and what came of it."""

from __future__ import annotations

from dataclasses import dataclass

from ..findings import code_key

AGREE = "agree"
DIFFER = "differ"
NOT_CHECKED = "not checked"


@dataclass(frozen=True)
class Clause:
    """One thing the CLUSTER-* rules compare, and what came of it.

    `status`: AGREE (compared across at least two nodes, and no finding speaks against
    it), DIFFER (findings do; `codes` names them) or NOT_CHECKED (nothing to compare, or
    a node lacks what the comparison needs). `text` completes "topic: status — …": what
    was compared and found, or why it was not compared."""

    topic: str
    status: str
    text: str
    codes: tuple[str, ...] = ()


def differ(topic: str, codes: list[str], what: str, also: str = "") -> Clause:
    codes = sorted(codes, key=code_key)
    return Clause(topic, DIFFER, f"{what} ({', '.join(codes)} below){also}.", tuple(codes))
