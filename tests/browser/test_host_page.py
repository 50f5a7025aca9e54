import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server):
    get_user_model().objects.create_superuser("root", password="admin password 1")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("User name").fill("root")
    page.get_by_label("Password").fill("admin password 1")
    page.get_by_role("button", name="Log in").click()


@pytest.mark.parametrize("host", ["pve1", "pve2"])
def test_the_demo_host_pages_show_file_findings_and_diagram(live_server, page, screenshot, host):
    call_command("loaddemo")
    log_in(page, live_server)
    page.get_by_role("link", name=host).click()
    expect(page.get_by_role("heading", name=host, exact=True)).to_be_visible()
    expect(page.get_by_label("rendered interfaces file")).to_contain_text("iface bond0")
    diagram = page.get_by_role("img", name=f"Network diagram of {host}")
    expect(diagram).to_be_visible()
    # The image really loaded (a broken image has no natural width).
    assert diagram.evaluate("img => img.naturalWidth") > 200
    with page.expect_download() as download:
        page.get_by_role("link", name="Download", exact=True).click()
    assert download.value.suggested_filename == "interfaces"
    screenshot(f"host-{host}")


def thirty_interface_file() -> str:
    """A busy node: 8 NICs on two stacked switches, 3 bonds, 4 bridges, VLANs on top (31 stanzas with lo)."""
    stanzas = [f"auto eno{i}\niface eno{i} inet manual\n" for i in range(1, 9)]
    stanzas += [
        "auto bond0\niface bond0 inet manual\n\tbond-slaves eno1 eno2\n\tbond-miimon 100\n\tbond-mode 802.3ad\n"
        "\tbond-xmit-hash-policy layer3+4\n",
        "auto bond1\niface bond1 inet manual\n\tbond-slaves eno3 eno4\n\tbond-miimon 100\n\tbond-mode active-backup\n"
        "\tbond-primary eno3\n",
        "auto bond2\niface bond2 inet static\n\taddress 10.200.0.11/24\n\tbond-slaves eno5 eno6\n\tbond-miimon 100\n"
        "\tbond-mode 802.3ad\n\tbond-xmit-hash-policy layer2+3\n\tmtu 9000\n",
        "auto vmbr0\niface vmbr0 inet static\n\taddress 10.10.10.11/24\n\tgateway 10.10.10.1\n\tbridge-ports bond0\n"
        "\tbridge-stp off\n\tbridge-fd 0\n\tbridge-vlan-aware yes\n\tbridge-vids 2-4094\n",
        "auto vmbr1\niface vmbr1 inet manual\n\tbridge-ports bond1\n\tbridge-stp off\n\tbridge-fd 0\n",
        "auto vmbr2\niface vmbr2 inet manual\n\tbridge-ports eno7\n\tbridge-stp off\n\tbridge-fd 0\n",
        "auto vmbr3\niface vmbr3 inet manual\n\tbridge-ports none\n\tbridge-stp off\n\tbridge-fd 0\n",
    ]
    stanzas += [
        f"auto vmbr0.{vid}\niface vmbr0.{vid} inet static\n\taddress 10.{vid}.0.11/24\n" for vid in range(20, 31)
    ]
    stanzas += [f"auto bond1.{vid}\niface bond1.{vid} inet manual\n" for vid in (30, 31, 32)]
    stanzas += ["auto bond2.50\niface bond2.50 inet static\n\taddress 10.50.0.11/24\n\tmtu 9000\n"]
    return "auto lo\niface lo inet loopback\n\n" + "\n".join(stanzas)


def test_a_thirty_interface_host_stays_readable(live_server, page, screenshot):
    from netwizard.inventory import services
    from netwizard.network.interfaces_file import parse

    network = parse(thirty_interface_file())
    assert len(network.interfaces) == 31
    services.host_import_interfaces(name="pve-big", network=network)
    log_in(page, live_server)
    page.goto(live_server.url + "/hosts/pve-big/")
    diagram = page.get_by_role("img", name="Network diagram of pve-big")
    expect(diagram).to_be_visible()
    assert diagram.evaluate("img => img.naturalWidth") > 800
    # The page never scrolls sideways at 1280 px; a wide diagram wraps to fit (test_diagram_fits.py).
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    screenshot("host-thirty-interfaces")
