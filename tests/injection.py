"""What the text properties of the forms and services share: hostile text, the number of
examples, and the oracle an accepted value must pass.

An accepted value must leave the host's interfaces file writable and exact: the file
has only ordinary lines and reads back as the stored network, so no value added a line,
an option or a stanza; and the host's diagram stays inert SVG that shows the value as
plain text.
"""

from __future__ import annotations

import copy
import os
from collections import Counter
from functools import cache
from xml.etree import ElementTree

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from netwizard.inventory import selectors
from netwizard.inventory.models import Host
from netwizard.network.interfaces_file import render
from netwizard.network.interfaces_file.root_commands import root_command_lines
from netwizard.network.model import HostNetwork
from tests.examples import CI
from tests.network.strategies import nasty_text, normalised
from tests.network.test_interfaces_file_properties import assert_plain_lines, reparsed

# CI (NETWIZARD_REQUIRE_ORACLES=1) runs 1,000 examples per property; a local run 50 (these
# properties are a tenth of a local `make test`), unless NETWIZARD_HYPOTHESIS_EXAMPLES says otherwise.
EXAMPLES = int(os.environ.get("NETWIZARD_HYPOTHESIS_EXAMPLES") or (1000 if CI else 50))
PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)

# Beyond nasty_text()'s line breakers and directives: markup, quotes, variables.
MARKUP = (
    '"><script>alert(1)</script>',
    "<script>alert(1)</script>",
    "'",
    '"',
    "javascript:alert(1)",
    "<foreignObject>",
    "]]>",
    "<!--",
    "&amp;",
    "$IFACE",
    "${self.module.cache.util.os.system('id')}",
    "source-directory /etc",
    "\n\tpost-up rm -rf /",
    " \\\n\taddress 10.9.9.9/24",
    "%>",
)


# Strategies are built once: building them again for every example costs more than the example.
@cache
def hostile() -> st.SearchStrategy[str]:
    return st.one_of(nasty_text(), st.sampled_from(MARKUP))


@cache
def value_for(valid: tuple[str, ...]) -> st.SearchStrategy[str]:
    """A field's value: valid, hostile, or a valid one with hostile text before or after it."""
    good = st.sampled_from(valid)
    return st.one_of(
        good,
        hostile(),
        st.tuples(good, hostile()).map("".join),
        st.tuples(hostile(), good).map("".join),
    )


class Outcomes(Counter):
    """How the examples of one property ended, for the report and to prove both ends ran."""

    def report(self, name: str) -> None:
        total = sum(self.values())
        detail = ", ".join(f"{count} {outcome}" for outcome, count in sorted(self.items()))
        print(f"\n{name}: {total} examples ({detail})")

    def assert_both(self) -> None:
        refused = sum(count for outcome, count in self.items() if outcome.startswith("refused"))
        assert refused > 0, "no example was refused: the property tests nothing hostile"
        assert self["stored"] > 0, "no example was stored: the property never checks a written file"


def without_inventory_facts(network: HostNetwork) -> HostNetwork:
    """The network minus what only the inventory knows (cabling, speed, roles): the file never carries it."""
    net = copy.deepcopy(network)
    for iface in net.interfaces:
        iface.mac, iface.speed_mbps, iface.switch, iface.switch_port = "", None, "", ""
        iface.carries_cluster = iface.is_management = False
    return net


def assert_file_exact(host: Host) -> str:
    """The host's file is written (the renderer refuses nothing stored) and reads back as the stored network."""
    stored = selectors.host_network(host=host)
    text = render(stored)
    assert_plain_lines(text)
    assert normalised(reparsed(text, stored)) == normalised(without_inventory_facts(stored))
    # Typed text never becomes a line that runs a command as root (issue 13 §1): only an
    # imported file brings such lines.
    if not Host.objects.filter(pk=host.pk).exclude(imported_text="").exists():
        assert root_command_lines(stored) == [], root_command_lines(stored)
    return text


SVG = "{http://www.w3.org/2000/svg}"
SVG_ELEMENTS = {"svg", "g", "path", "rect", "text", "title", "desc", "tspan", "circle", "line", "polyline", "polygon"}


def assert_svg_inert(host: Host, shown: tuple[str, ...] = ()) -> str:
    """The diagram is well-formed SVG with nothing that runs, loads or links, and shows `shown` as text."""
    review = selectors.host_review(host=host)
    svg = review.topology_svg()
    root = ElementTree.fromstring(svg)
    texts = []
    for element in root.iter():
        assert element.tag.startswith(SVG), element.tag
        assert element.tag.removeprefix(SVG) in SVG_ELEMENTS, element.tag
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            assert not local.startswith("on") and local not in ("href", "src", "style"), name
            assert "javascript:" not in value.lower() and "url(" not in value.lower(), (name, value)
        texts += [element.text or "", element.tail or ""]
    text = "\n".join(texts)
    for value in shown:
        assert value in text, f"{value!r} is not shown as text"
    return svg
