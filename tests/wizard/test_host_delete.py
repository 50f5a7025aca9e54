"""Editors delete a host (issue 12, item 13c): a page names exactly what goes and what
stays, a POST deletes it through the audited service, and its history stays."""

import pytest
from django.contrib.messages import get_messages

from netwizard.inventory import services
from netwizard.inventory.models import Host, HostChange, Interface, Switch
from tests import factories
from tests.wizard.helpers import text, version

pytestmark = pytest.mark.django_db


@pytest.fixture
def pve1():
    sw = factories.switch("sw-core")
    host = factories.host_with_network("pve1", switch=sw)
    factories.host_with_network("pve2")
    services.host_download_record(host=host, text="auto lo\n")
    return host


def confirm(client, name="pve1", **data):
    fields = {"expected_version": version(name), "submission": "tok-1", **data}
    return client.post(f"/hosts/{name}/delete/confirm/", fields)


def test_the_confirmation_names_exactly_what_goes_and_what_stays(editor, pve1):
    response = editor.get("/hosts/pve1/delete/")
    assert response.status_code == 200
    words = text(response)
    rows = Interface.objects.filter(host=pve1)
    assert rows.count() == 8
    assert "Its 8 interfaces" in words
    # Every interface is named, under its kind, in file order.
    assert "4 NICs: eno1 eno2 eno3 eno4" in words
    assert "1 bond: bond0" in words and "2 bridges: vmbr0 vmbr1" in words and "1 VLAN: bond0.50" in words
    named = sum(len(names) for _, names in response.context["kinds"])
    assert named == rows.count()
    # What stays: the history (counted), the switch, the other node of the cluster.
    history = HostChange.objects.filter(host=pve1).count()
    assert f"its {history} audit entries (changes and downloads) stay in the audit log under the name pve1" in words
    assert "one more entry records this deletion" in words
    assert "The switch its NICs are cabled to (sw-core)" in words
    assert "The other node of cluster lab (pve2)" in words
    assert "Delete pve1 and its 8 interfaces" in words
    assert Host.objects.filter(name="pve1").exists()  # looking deletes nothing


def test_deleting_removes_the_host_and_its_interfaces_and_audits_it(editor, pve1):
    before = HostChange.objects.filter(host=pve1).count()
    response = confirm(editor)
    assert response.status_code == 302 and response["Location"] == "/"
    assert not Host.objects.filter(name="pve1").exists()
    assert not Interface.objects.filter(host_id=pve1.pk).exists()
    # What stays stays.
    assert Switch.objects.filter(name="sw-core").exists() and Host.objects.filter(name="pve2").exists()
    history = HostChange.objects.filter(host_name="pve1")
    assert history.count() == before + 1 and not history.filter(host__isnull=False).exists()
    deleted = history.first()
    assert (deleted.action, deleted.username) == (HostChange.DELETE, "ed")
    assert deleted.summary == "Host pve1 deleted, with its 8 interfaces"
    assert "-iface bond0 inet manual" in deleted.diff.splitlines()
    (message,) = [str(m) for m in get_messages(response.wsgi_request)]
    assert message == "Deleted pve1 and its 8 interfaces. Its history stays in the audit log."


def test_a_second_click_is_answered_as_the_first(editor, pve1):
    confirm(editor)
    expected = version("pve2")  # any number: the host is gone
    response = editor.post("/hosts/pve1/delete/confirm/", {"expected_version": expected, "submission": "tok-1"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert HostChange.objects.filter(host_name="pve1", action=HostChange.DELETE).count() == 1


def test_a_host_changed_since_the_page_was_shown_is_not_deleted(editor, pve1):
    shown = version("pve1")
    services.nic_create(host=pve1, name="eno5")  # someone adds a NIC the page did not name
    response = editor.post("/hosts/pve1/delete/confirm/", {"expected_version": shown, "submission": "tok-2"})
    assert response.status_code == 302 and response["Location"] == "/hosts/pve1/delete/"
    assert Host.objects.get(name="pve1").interfaces.count() == 9
    (message,) = [str(m) for m in get_messages(response.wsgi_request)]
    assert message.startswith("pve1 was not deleted: pve1 was changed by someone else")
    assert not HostChange.objects.filter(action=HostChange.DELETE).exists()


def test_a_get_deletes_nothing_and_viewers_cannot_delete(client, editor, pve1):
    assert editor.get("/hosts/pve1/delete/confirm/").status_code == 405
    client.force_login(factories.user("val", "viewer"))
    assert client.get("/hosts/pve1/delete/").status_code == 403
    assert confirm(client).status_code == 403
    assert Host.objects.filter(name="pve1").exists()


def test_the_host_page_offers_it_to_editors_only(client, editor, pve1):
    assert 'href="/hosts/pve1/delete/"' in editor.get("/hosts/pve1/").content.decode()
    client.force_login(factories.user("val", "viewer"))
    assert 'href="/hosts/pve1/delete/"' not in client.get("/hosts/pve1/").content.decode()
