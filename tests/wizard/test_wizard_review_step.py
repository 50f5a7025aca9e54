"""Step 5: findings first, the file, the diagram, the diff against the imported file, how to apply."""

import html

import pytest

from netwizard.inventory import services
from netwizard.inventory.models import Host
from netwizard.network.interfaces_file import parse
from tests import factories
from tests.samples import LACP_BOND_BRIDGE_KEPT_LINES as SEED_BRIDGE_FILE
from tests.wizard.helpers import text

pytestmark = pytest.mark.django_db


def test_a_clean_host_can_be_downloaded_and_applied(editor):
    factories.host_with_network("pve1", switch=factories.switch())
    response = editor.get("/hosts/pve1/wizard/review/")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<a class="btn btn-primary btn-sm" href="/hosts/pve1/interfaces" download>Download</a>' in page
    assert '<span class="line">iface bond0 inet manual</span>' in page
    version = Host.objects.get(name="pve1").version
    assert f'src="/hosts/pve1/topology.svg?v={version}"' in page
    words = text(response)
    # The apply steps are the download page's safe plan, with its automatic revert.
    assert "systemd-run --quiet --unit=netwizard-revert" in words and "ifreload -a" in words
    assert response.context["plan"] in html.unescape(page)
    assert "Have console access ready" in words
    assert "Nothing to compare with: netwizard has no file that pve1 runs" in words


def test_errors_come_first_block_the_download_and_link_to_the_step_that_fixes_them(editor):
    text_with_error = "iface eno1 inet manual\n\nauto vmbr0\niface vmbr0 inet manual\n\tbridge-ports eno9\n"
    services.host_import_interfaces(name="pve1", network=parse(text_with_error), text=text_with_error)
    response = editor.get("/hosts/pve1/wizard/review/")
    page = response.content.decode()
    assert "Download</button>" in page and "disabled" in page and 'href="/hosts/pve1/interfaces"' not in page
    assert "The download waits until the errors above are fixed." in text(response)
    first = response.context["findings"][0]
    assert first["finding"].code == "BR-01" and first["finding"].is_error
    assert first["fix"].url == "/hosts/pve1/wizard/bridge/vmbr0/"
    assert "Fix in Step 4 · Bridges and addresses: vmbr0" in text(response)


def test_the_changes_against_the_imported_file_name_every_kind_and_mark_what_changed(editor):
    host = services.host_import_interfaces(name="pve1", network=parse(SEED_BRIDGE_FILE), text=SEED_BRIDGE_FILE)
    response = editor.get("/hosts/pve1/wizard/review/")
    changes = response.context["changed"].changes
    # The download adds auto lines for the bond members and moves the comment below the
    # options: both said, neither called a risk, and no "No changes".
    assert [(c.kind, c.interface) for c in changes.changes] == [
        ("member-auto", "eno1"),
        ("member-auto", "eno2"),
        ("order", "vmbr0"),
    ]
    assert not changes.risky_interfaces
    words = text(response)
    assert "No changes" not in words
    assert "Proxmox starts every bond member at boot and writes an auto line for it." in words
    assert "comments moved below the options" in words

    bond = host.interfaces.get(name="bond0")
    services.bond_update(
        bond=bond, name="bond0", members=list(host.interfaces.nics()), mode="active-backup", miimon=100
    )
    response = editor.get("/hosts/pve1/wizard/review/")
    page = response.content.decode()
    assert '<span class="diff-del">-\tbond-mode 802.3ad</span>' in page
    assert '<span class="diff-del">-\tbond-xmit-hash-policy layer2+3</span>' in page
    assert '<span class="diff-add">+\tbond-mode active-backup</span>' in page
    assert '<span class="diff-head">--- the file imported on ' in page
    changes = response.context["changed"].changes
    assert ("edited", "bond0", "bond-mode 802.3ad -> active-backup") in [
        (c.kind, c.interface, c.detail) for c in changes.changes
    ]
    # The hash policy goes because active-backup does not hash, and the page says so.
    (dropped,) = [c for c in changes.changes if c.kind == "not-for-mode"]
    assert dropped.before == ("bond-xmit-hash-policy layer2+3",) and "hashes only in" in dropped.why
    # What netwizard does not manage is kept: no change names it.
    assert not any("post-up" in c.detail for c in changes.changes)


def test_a_viewer_reads_the_review_without_the_wizards_links(viewer):
    text_with_error = "iface eno1 inet manual\n\nauto vmbr0\niface vmbr0 inet manual\n\tbridge-ports eno9\n"
    services.host_import_interfaces(name="pve1", network=parse(text_with_error))
    response = viewer.get("/hosts/pve1/wizard/review/")
    assert response.status_code == 200
    words = text(response)
    assert "BR-01" in words and "Fix in" not in words and "Bridges and addresses" not in words


def test_the_host_page_opens_the_wizard_for_every_interface(editor):
    factories.host_with_network("pve1")
    page = editor.get("/hosts/pve1/").content.decode()
    assert 'href="/hosts/pve1/wizard/">Edit in wizard</a>' in page
    assert 'href="/hosts/pve1/import/">Import file</a>' in page
    for url in (
        "/hosts/pve1/wizard/nics/?edit=eno1#nic-eno1",
        "/hosts/pve1/wizard/bond/bond0/",
        "/hosts/pve1/wizard/bridge/vmbr0/",
        "/hosts/pve1/wizard/vlan/bond0.50/",
    ):
        assert f'href="{url}"' in page


def test_viewers_see_no_edit_links_on_the_host_page(viewer):
    factories.host_with_network("pve1")
    page = viewer.get("/hosts/pve1/").content.decode()
    assert "Edit in wizard" not in page and "/wizard/bond/" not in page


def test_a_repeated_stanza_gets_no_link_to_a_step_that_cannot_remove_it(editor):
    # The wizard edits an interface's settings, not how many stanzas the imported file
    # gave it; a link to the NIC step would promise a fix that page does not offer.
    network = parse("iface eno1 inet manual\n\niface eno1 inet manual\n")
    network.hostname = "pve1"
    services.host_import_interfaces(name="pve1", network=network)
    words = text(editor.get("/hosts/pve1/wizard/review/"))
    assert "The stanza of eno1 on line 10 repeats an earlier one word for word." in words
    assert "Fix in" not in words
