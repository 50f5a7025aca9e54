"""The host page's facts section, the one-click rename, "Pin NIC names" and the .link downloads (issue 17)."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from netwizard.inventory import selectors
from netwizard.inventory.demo import demo_load, demo_mac
from netwizard.inventory.models import Host
from netwizard.network.collect import COLLECT_COMMAND
from netwizard.network.host_facts import MAX_BYTES
from netwizard.network.interfaces_file import render
from tests.inventory.test_facts import ENO3_MAC, document, renamed_node
from tests.network.test_rules_nic_facts import nic

pytestmark = pytest.mark.django_db


@pytest.fixture
def pve1() -> Host:
    demo_load()
    return Host.objects.get(name="pve1")


def page(client, url: str = "/hosts/pve1/") -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_host_page_offers_the_collection_command_and_the_upload(admin_client, pve1):
    text = page(admin_client)
    assert "Collect the facts on pve1" in text and 'data-copy="#collect-command"' in text
    assert 'name="facts_file"' in text and "Import facts" in text
    assert "Pin NIC names" not in text  # nothing to pin from before the node reported its NICs
    # The command is shown exactly, HTML-escaped, never altered.
    from django.utils.html import escape

    assert escape(COLLECT_COMMAND) in text


def test_an_uploaded_document_with_a_renamed_nic_offers_the_rename_which_fixes_the_file(admin_client, pve1):
    upload = SimpleUploadedFile("facts.json", renamed_node().encode(), content_type="application/json")
    response = admin_client.post("/hosts/pve1/facts/", {"facts_file": upload}, follow=True)
    text = response.content.decode()
    assert "Imported the facts of pve1: 2 NICs updated, 0 added." in text
    assert f"eno3 is now enp2s0f0 (same MAC {ENO3_MAC})" in text
    assert "Rename eno3 to enp2s0f0 everywhere" in text
    assert "NIC-01" in text and "Pin NIC names" not in text  # pinning waits for the rename

    response = admin_client.post("/hosts/pve1/facts/rename/", {"old": "eno3", "new": "enp2s0f0"}, follow=True)
    text = response.content.decode()
    assert "Renamed eno3 to enp2s0f0 everywhere the file names it." in text
    assert "NIC-01" not in text and "bridge-ports enp2s0f0" in text
    assert "Pin NIC names" in text


def test_a_rename_the_facts_do_not_propose_is_refused(admin_client, pve1):
    admin_client.post("/hosts/pve1/facts/", {"facts_text": renamed_node()})
    response = admin_client.post("/hosts/pve1/facts/rename/", {"old": "eno1", "new": "evil0"}, follow=True)
    assert "eno1 is no longer a NIC the node reports as evil0" in response.content.decode()
    assert selectors.host_rows(host=pve1)[0].host.interfaces.filter(name="eno1").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"facts_text": "{oops"}, "is not JSON (line 1, column 2"),
        ({"facts_text": ""}, "Choose the file the collection command wrote"),
        ({"facts_text": '{"netwizard_facts": 1}'}, "has no &quot;ip_link&quot; list"),
    ],
)
def test_a_document_that_cannot_be_read_says_why_and_imports_nothing(admin_client, pve1, data, message):
    response = admin_client.post("/hosts/pve1/facts/", data, follow=True)
    text = response.content.decode()
    assert message in text and "Nothing was imported." in text
    pve1.refresh_from_db()
    assert pve1.facts == {}


def test_a_document_over_20_mib_is_refused(admin_client, pve1):
    upload = SimpleUploadedFile("facts.json", b" " * (MAX_BYTES + 10), content_type="application/json")
    response = admin_client.post("/hosts/pve1/facts/", {"facts_file": upload}, follow=True)
    assert "larger than 20 MiB" in response.content.decode()


def test_pinning_leads_to_the_download_page_with_the_link_files_and_the_reboot_plan(admin_client, pve1):
    three = [nic("eno1", demo_mac(1), 2), nic("eno2", demo_mac(2), 3), nic("eno3", ENO3_MAC, 4)]
    admin_client.post("/hosts/pve1/facts/", {"facts_text": document(*three)})
    response = admin_client.post("/hosts/pve1/facts/pin/", follow=True)
    text = response.content.decode()
    assert response.redirect_chain[-1][0] == "/hosts/pve1/download/"
    assert "Pinned 3 NIC names (eno1 → nic0, eno2 → nic1, eno3 → nic2)" in text
    assert "/usr/local/lib/systemd/network/50-pve-nic2.link" in text
    assert "a reboot applies the new names and the file together" in text
    assert "applies with <code>ifreload -a</code>" not in text
    link = admin_client.get("/hosts/pve1/link-files/50-pve-nic2.link")
    assert link["Content-Disposition"] == 'attachment; filename="50-pve-nic2.link"'
    assert link.content.decode() == f"[Match]\nMACAddress={ENO3_MAC}\nType=ether\n\n[Link]\nName=nic2\n"
    assert admin_client.get("/hosts/pve1/link-files/50-pve-eno1.link").status_code == 404


def test_the_nic_list_shows_mac_speed_link_and_pin(admin_client, pve1):
    down = nic("eno2", demo_mac(2), 3)
    down["flags"], down["operstate"] = ["BROADCAST"], "DOWN"
    admin_client.post("/hosts/pve1/facts/", {"facts_text": document(nic("eno1", demo_mac(1), 2), down)})
    text = page(admin_client)
    assert f"MAC {demo_mac(1)} · 10 Gbit/s · link up" in text
    assert f"MAC {demo_mac(2)} · 10 Gbit/s · no link" in text


def test_a_viewer_sees_the_command_but_no_forms(client, django_user_model, pve1):
    from django.contrib.auth.models import Group, Permission

    from netwizard.inventory.roles import VIEWER, roles_ensure

    roles_ensure(Group, Permission)
    user = django_user_model.objects.create_user("viewer", password="x")
    user.groups.add(Group.objects.get(name=VIEWER))
    client.force_login(user)
    text = page(client)
    assert "Collect the facts on pve1" in text and "Import facts" not in text
    assert client.post("/hosts/pve1/facts/", {"facts_text": renamed_node()}).status_code == 403


HOSTILE = "<script>alert(1)</script>\nauto evil\n\tpost-up $(reboot)"


def test_hostile_text_in_every_field_reaches_neither_the_file_nor_the_page_unescaped(admin_client, pve1):
    evil_nic = nic(HOSTILE, demo_mac(9), 9)
    evil_fields = nic("eno1", demo_mac(1), 2)
    for key in ("parentbus", "parentdev", "master", "operstate"):
        evil_fields[key] = HOSTILE
    evil_fields["altnames"] = [HOSTILE, "ok0"]
    evil_fields["permaddr"] = HOSTILE
    pin = f"[Match]\nMACAddress={demo_mac(2)}\nType=ether\n\n[Link]\nName={HOSTILE}\n"
    files = {
        "/usr/local/lib/systemd/network/50-pve-x.link": pin,
        f"/usr/local/lib/systemd/network/{HOSTILE}.link": pin,
        "/etc/pve/nodes/pve1/host.fw": f"IN ACCEPT -i eno1 {HOSTILE}\n",
    }
    body = json.loads(document(evil_nic, evil_fields, nic("eno2", demo_mac(2), 3), files=files))
    body["hostname"] = HOSTILE
    body["speeds"] = {HOSTILE: 10, "eno1": HOSTILE}
    response = admin_client.post("/hosts/pve1/facts/", {"facts_text": json.dumps(body)}, follow=True)
    text = response.content.decode()
    assert "Imported the facts of pve1" in text
    for shown in (text, page(admin_client), admin_client.get("/hosts/pve1/download/").content.decode()):
        # Escaped where it is shown at all (the import names the entries it left out, quoted).
        assert "<script>alert(1)" not in shown and "\nauto evil" not in shown
    network_text = render(selectors.host_review(host=Host.objects.get(name="pve1")).network)
    assert "evil" not in network_text and "reboot" not in network_text
    row = Host.objects.get(name="pve1").interfaces.get(name="eno1")
    assert (row.bus, row.pci_path, row.altnames, row.pinned_by) == ("", "", "ok0", "")
    assert row.mac == demo_mac(1)  # the hostile permaddr is no MAC: the address ip reports is kept
    # Pinning after such an import writes only what fits the grammar.
    admin_client.post("/hosts/pve1/facts/pin/")
    for link in pinning_files(pve1):
        assert "evil" not in link.text and "<" not in link.text


def pinning_files(host):
    from netwizard.network import pinning

    return pinning.planned_link_files(selectors.host_review(host=Host.objects.get(pk=host.pk)).network)
