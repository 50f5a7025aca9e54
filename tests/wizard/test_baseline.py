"""Issue 13, item 5: a download is not an apply. The pages compare the download with the
file the host runs: the last import, or the file an editor marked as applied, whichever is
newer; and they say which."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from netwizard.inventory import services
from netwizard.inventory.models import HostChange, Interface, file_sha256
from netwizard.network.interfaces_file import parse
from tests import factories
from tests.wizard.helpers import text

pytestmark = pytest.mark.django_db

IMPORTED = """auto lo
iface lo inet loopback

iface eno1 inet manual

auto vmbr0
iface vmbr0 inet static
	address 10.0.0.2/24
	gateway 10.0.0.1
	bridge-ports eno1
	bridge-stp off
	bridge-fd 0

"""


def imported_host():
    return services.host_import_interfaces(name="pve1", network=parse(IMPORTED), text=IMPORTED)


def mtu_set(name: str, mtu: int) -> None:
    row = Interface.objects.get(host__name="pve1", name=name)
    row.mtu = mtu
    services.interface_save(interface=row)


def client_for(username: str, role: str) -> Client:
    client = Client()
    client.force_login(factories.user(username, role))
    return client


def test_a_viewers_download_does_not_hide_an_editors_changes():
    imported_host()
    mtu_set("eno1", 9000)  # the editor's change, not on the host yet
    viewer = client_for("demo-viewer", "viewer")
    assert viewer.get("/hosts/pve1/interfaces").status_code == 200
    for url in ("/hosts/pve1/", "/hosts/pve1/download/", "/hosts/pve1/wizard/review/"):
        words = text(client_for(f"ed{len(url)}", "editor").get(url))
        assert "Compared with the file imported on" in words, url
        assert "downloaded by demo-viewer" not in words and "No changes" not in words, url
        assert "eno1 mtu none -&gt; 9000" in words, url


def test_without_an_import_or_apply_there_is_nothing_to_compare_with(viewer):
    factories.host_with_network("pve1")
    viewer.get("/hosts/pve1/interfaces")
    words = text(viewer.get("/hosts/pve1/"))
    assert "it was neither imported nor marked as applied" in words


def test_an_editor_marks_the_served_file_as_applied(editor):
    imported_host()
    mtu_set("eno1", 9000)
    page = editor.get("/hosts/pve1/download/")
    assert "I have applied this file on pve1" in text(page)
    response = editor.post("/hosts/pve1/download/applied/", {"sha256": page.context["sha256"]})
    assert response.status_code == 302 and response["Location"] == "/hosts/pve1/download/"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Noted: pve1 runs this file. The pages now compare the download with it."
    ]
    applied = HostChange.objects.get(action=HostChange.APPLY)
    assert applied.username == "ed" and applied.file.sha256 == applied.sha256 == page.context["sha256"]
    words = text(editor.get("/hosts/pve1/download/"))
    assert "Compared with the file marked as applied by ed on" in words
    assert "No changes: the download is that file." in words
    assert "I have applied this file" not in words  # nothing left to mark
    # A later change shows against the applied file, and the history names the apply.
    mtu_set("eno1", 1500)
    words = text(editor.get("/hosts/pve1/"))
    assert "Compared with the file marked as applied by ed on" in words and "eno1 mtu 9000 -&gt; 1500" in words
    assert "ed marked the file as applied" in words


def test_a_newer_import_is_the_baseline_again(editor):
    imported_host()
    editor.post("/hosts/pve1/download/applied/", {"sha256": editor.get("/hosts/pve1/download/").context["sha256"]})
    services.host_import_interfaces(name="pve1", network=parse(IMPORTED), text=IMPORTED, replace=True)
    assert "Compared with the file imported on" in text(editor.get("/hosts/pve1/"))


def test_viewers_cannot_mark_a_file_as_applied(viewer):
    imported_host()
    sha256 = viewer.get("/hosts/pve1/download/").context["sha256"]
    assert "I have applied this file" not in text(viewer.get("/hosts/pve1/download/"))
    response = viewer.post("/hosts/pve1/download/applied/", {"sha256": sha256})
    assert response.status_code == 403 and "needs the editor role" in response.content.decode()
    assert not HostChange.objects.filter(action=HostChange.APPLY).exists()


def test_a_page_loaded_before_a_change_cannot_mark_the_changed_file(editor):
    imported_host()
    seen = editor.get("/hosts/pve1/download/").context["sha256"]
    mtu_set("eno1", 9000)  # someone else's change, after the page was loaded (and never downloaded)
    response = editor.post("/hosts/pve1/download/applied/", {"sha256": seen})
    assert response.status_code == 302
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message.startswith("This is not a file netwizard gave out for pve1")
    assert not HostChange.objects.filter(action=HostChange.APPLY).exists()
    assert "Compared with the file imported on" in text(editor.get("/hosts/pve1/"))


def test_a_file_downloaded_before_a_change_can_be_marked_as_applied(editor):
    imported_host()
    served = editor.get("/hosts/pve1/interfaces").content.decode()
    mtu_set("eno1", 9000)  # the host runs the file downloaded before this change
    editor.post("/hosts/pve1/download/applied/", {"sha256": file_sha256(served)})
    words = text(editor.get("/hosts/pve1/"))
    assert "Compared with the file marked as applied by ed on" in words and "eno1 mtu none -&gt; 9000" in words


BROKEN = "iface eno1 inet manual\n\nauto vmbr0\niface vmbr0 inet manual\n\tbridge-ports eno9\n"
WAITING = "source /etc/network/interfaces.d/*\n\n" + IMPORTED


@pytest.mark.parametrize(
    "imported, why", [(BROKEN, "the rules find an error"), (WAITING, "a root-command line waits for approval")]
)
def test_no_button_while_the_file_is_not_handed_out(editor, imported, why):
    services.host_import_interfaces(name="pve1", network=parse(imported), text=imported)
    page = editor.get("/hosts/pve1/download/")
    assert page.context["sha256"] == "", why
    assert "I have applied this file" not in text(page), why
