"""Issue 12, item 9: the topology diagram fits its box at every width from 1280 px, on the
host page, the review step and the wizard's side panel, with nothing cut and no sideways
scrolling, and its text stays large enough to read. Screenshots:
test-artifacts/screenshots/issue12-9-diagram-*.png."""

import pytest
from playwright.sync_api import expect

from netwizard.inventory import services
from netwizard.inventory.models import Interface
from netwizard.network.interfaces_file import parse
from tests import factories
from tests.browser.test_wizard import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# 8 NICs on 3 switches (two of them one stack), 2 bonds, 3 bridges, a host address per VLAN
# (management, corosync, migration, backup...): a host as wide as they come in a rack. In one
# row per layer its diagram is 1300 px wide. The NICs have no `auto` lines, as imported files
# often do not.
VLANS = (10, 20, 30, 40, 60, 70)
WIDE_FILE = (
    "auto lo\niface lo inet loopback\n\n"
    + "".join(f"iface eno{i} inet manual\n\n" for i in range(1, 9))
    + "auto bond0\niface bond0 inet manual\n\tbond-slaves eno1 eno2 eno3\n\tbond-miimon 100\n"
    "\tbond-mode 802.3ad\n\tbond-xmit-hash-policy layer3+4\n\n"
    "auto bond1\niface bond1 inet static\n\taddress 10.200.0.11/24\n\tbond-slaves eno4 eno5\n"
    "\tbond-miimon 100\n\tbond-mode active-backup\n\tbond-primary eno4\n\tmtu 9000\n\n"
    "auto vmbr0\niface vmbr0 inet static\n\taddress 192.168.100.11/24\n\tgateway 192.168.100.1\n"
    "\tbridge-ports bond0\n\tbridge-stp off\n\tbridge-fd 0\n\tbridge-vlan-aware yes\n\tbridge-vids 2-4094\n\n"
    "auto vmbr1\niface vmbr1 inet manual\n\tbridge-ports eno6\n\tbridge-stp off\n\tbridge-fd 0\n\n"
    "auto vmbr2\niface vmbr2 inet manual\n\tbridge-ports eno7\n\tbridge-stp off\n\tbridge-fd 0\n\n"
    + "".join(f"auto vmbr0.{v}\niface vmbr0.{v} inet static\n\taddress 10.{v}.0.11/24\n\n" for v in VLANS)
    + "auto bond1.50\niface bond1.50 inet static\n\taddress 10.50.0.11/24\n\tmtu 9000\n"
)
CABLING = {
    "eno1": ("sw-core-a", "Te1/0/1"),
    "eno2": ("sw-core-b", "Te1/0/1"),
    "eno3": ("sw-core-a", "Te1/0/2"),
    "eno4": ("sw-storage", "Eth1/1"),
    "eno5": ("sw-storage", "Eth1/2"),
    "eno6": ("sw-core-b", "Te1/0/2"),
    "eno7": ("sw-core-a", "Te1/0/3"),
    "eno8": ("sw-storage", "Eth1/3"),
}

# The diagram's smallest text is 9 px (captions), its details 11 px: shown at less than
# this fraction of its natural size, an admin can no longer read the addresses.
MIN_SCALE = {"host": 0.8, "review": 0.8, "wizard": 0.7}


def wide_host() -> None:
    services.host_import_interfaces(name="pve-wide", network=parse(WIDE_FILE), text=WIDE_FILE)
    switches = {
        "sw-core-a": factories.switch("sw-core-a", lacp=True, stack="core"),
        "sw-core-b": factories.switch("sw-core-b", lacp=True, stack="core"),
        "sw-storage": factories.switch("sw-storage", lacp=False),
    }
    for name, (switch, port) in CABLING.items():
        nic = Interface.objects.get(host__name="pve-wide", name=name)
        services.nic_update(nic=nic, name=name, speed_mbps=10000, mac="", switch=switches[switch], switch_port=port)


def diagram_problems(page, diagram, container, where: str) -> list[str]:
    """What keeps the diagram from fitting: cut, scrolling sideways, or too small to read."""
    expect(diagram).to_be_visible()
    diagram.scroll_into_view_if_needed()
    assert diagram.evaluate("img => img.complete && img.naturalWidth") > 0, "the diagram did not load"
    viewport = page.viewport_size["width"]
    box, frame = diagram.bounding_box(), container.bounding_box()
    assert box is not None and frame is not None
    right, bottom = box["x"] + box["width"], box["y"] + box["height"]
    problems = []
    # Whole inside its box (half a pixel of sub-pixel rounding allowed) and inside the window.
    if box["x"] < frame["x"] - 0.5 or right > frame["x"] + frame["width"] + 0.5:
        problems.append(
            f"{where}: the diagram ({box['x']:.0f}..{right:.0f}) sticks out of its box "
            f"({frame['x']:.0f}..{frame['x'] + frame['width']:.0f})"
        )
    if bottom > frame["y"] + frame["height"] + 0.5:
        problems.append(f"{where}: the diagram's bottom is cut off by its box")
    if box["x"] < 0 or right > viewport:
        problems.append(f"{where}: the diagram ({box['x']:.0f}..{right:.0f}) leaves the {viewport} px window")
    # Nothing scrolls sideways: not the page, not the diagram's own box.
    if not page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"):
        problems.append(f"{where}: the page scrolls sideways")
    if not container.evaluate("el => el.scrollWidth <= el.clientWidth"):
        problems.append(f"{where}: the diagram's box scrolls sideways")
    # Scaled, but not below what can be read.
    scale = box["width"] / diagram.evaluate("img => img.naturalWidth")
    if scale < MIN_SCALE[where]:
        problems.append(f"{where}: the diagram is shown at {scale:.2f} of its size, too small to read")
    return problems


@pytest.mark.parametrize("width", [1280, 1920])
def test_the_diagram_of_a_wide_host_fits_every_page_it_is_on(live_server, page, screenshot, width):
    wide_host()
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server)
    problems = []

    page.goto(live_server.url + "/hosts/pve-wide/")
    diagram = page.get_by_role("img", name="Network diagram of pve-wide")
    problems += diagram_problems(page, diagram, page.locator(".topology").filter(has=diagram), "host")
    screenshot(f"issue12-9-diagram-host-{width}")

    page.goto(live_server.url + "/hosts/pve-wide/wizard/review/")
    diagram = page.get_by_role("img", name="Network diagram of pve-wide")
    problems += diagram_problems(page, diagram, page.locator(".topology").filter(has=diagram), "review")
    screenshot(f"issue12-9-diagram-review-{width}")

    page.goto(live_server.url + "/hosts/pve-wide/wizard/bond/bond0/")
    expect(page.get_by_role("heading", name="Preview")).to_be_visible()
    diagram = page.get_by_role("img", name="Network diagram of the host")
    problems += diagram_problems(page, diagram, page.locator(".preview-topology"), "wizard")
    screenshot(f"issue12-9-diagram-wizard-{width}")

    assert not problems, problems
