"""How the findings and plans put names into a sentence."""

from __future__ import annotations

from collections.abc import Iterable


def listing(names: Iterable[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    names = list(names)
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
