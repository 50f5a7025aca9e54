"""The diagram beside the forms follows the form: it shows the change before it is saved."""

import base64
import re

import pytest

from netwizard.inventory import services
from netwizard.inventory.choices import InterfaceKind
from tests.wizard.test_wizard_queries import BRIDGE_CHANGE

pytestmark = pytest.mark.django_db


def diagram(page: str) -> str:
    found = re.search(r'<img class="mt-1" src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', page)
    assert found, "no diagram in the preview"
    return base64.b64decode(found.group(1)).decode("utf-8")


def test_an_unsaved_bridge_appears_in_the_preview_diagram(editor):
    host = services.host_create(name="pve1")
    members = [services.interface_create(host=host, name=n, kind=InterfaceKind.NIC) for n in ("eno1", "eno2")]
    services.interface_create(
        host=host, name="bond0", kind=InterfaceKind.BOND, bond_mode="active-backup", members=members
    )
    response = editor.get(f"/hosts/pve1/wizard/bridge/?{BRIDGE_CHANGE}", HTTP_HX_REQUEST="true")
    svg = diagram(response.content.decode())
    assert 'id="node-vmbr0"' in svg and "10.1.1.2/24" in svg
    assert not host.interfaces.filter(name="vmbr0").exists()  # shown, not stored
    # The page as first loaded shows the stored host: no vmbr0 yet.
    assert 'id="node-vmbr0"' not in diagram(editor.get("/hosts/pve1/wizard/bridges/").content.decode())
