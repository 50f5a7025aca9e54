"""`corpus_file(seed)`: one realistic /etc/network/interfaces file, the same for a seed."""

from __future__ import annotations

import random
from dataclasses import dataclass

from .defects import defect_apply
from .draft import draft_comment, draft_new
from .linux import linux_build
from .ovs import ovs_build
from .text import text_render

OVS_SHARE = 0.2
DEFECT_SHARE = 0.1
NIC_COUNTS = (1, 2, 2, 2, 3, 4, 4, 4, 6)


@dataclass(frozen=True)
class Sample:
    name: str
    text: str
    traits: frozenset[str]
    defect: str | None


def corpus_file(seed: int) -> Sample:
    # Its own generator, never the global one: a file must not depend on what ran before.
    rng = random.Random(seed)
    draft = draft_new(rng, rng.choice(NIC_COUNTS))
    if rng.random() < OVS_SHARE:
        ovs_build(draft)
    else:
        linux_build(draft)
    for stanza in draft.stanzas:
        if stanza.family == "inet" and rng.random() < 0.12:
            draft_comment(draft, stanza)
    defect = defect_apply(draft) if rng.random() < DEFECT_SHARE else None
    # ifupdown2 loses its "duplicate interface" warning in a file that sources others,
    # so that defect stays in files without a `source` line, where the oracle sees it.
    if rng.random() < 0.45 and defect != "interface defined twice":
        # The installer writes the first; some admins switch to the second.
        lines = ("source /etc/network/interfaces.d/*",) * 4 + ("source-directory /etc/network/interfaces.d",)
        draft.tail.append(rng.choice(lines))
        draft.traits.add("source")
    text = text_render(draft, lo=rng.random() > 0.03)
    return Sample(f"c{seed:04d}", text, frozenset(draft.traits), defect)
